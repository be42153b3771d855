package org.rogatory.hub.console.signin;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import org.bson.Document;
import org.rogatory.hub.console.api.StaffRole;
import org.springframework.stereotype.Component;

/**
 * Console sessions, kept server-side in MongoDB so that every hub node sees them and signing out
 * ends them everywhere. The browser holds a random 256-bit id; the store holds only its SHA-256, so
 * a copy of the store lets no one take over a session. A new id is issued at every step of signing
 * in (no session fixation), and expired sessions are refused and removed.
 */
@Component
public class ConsoleSessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final MongoCollection<Document> sessions;
  private final Clock clock;

  /** Where a session stands in signing in. */
  public enum Stage {
    /** A visitor on the sign-in page: holds only a CSRF token. */
    ANONYMOUS,
    /** The password was right; the second factor is awaited. */
    SECOND_FACTOR,
    /** Signed in with a one-time password that must be replaced before anything else. */
    PASSWORD_CHANGE,
    SIGNED_IN
  }

  /** A live session. {@code id} is the browser's secret; never logged, never stored. */
  public record Session(
      String id,
      Stage stage,
      String username,
      StaffRole role,
      String csrfToken,
      Instant createdAt,
      Instant lastSeenAt) {
    public boolean signedIn() {
      return stage == Stage.SIGNED_IN;
    }

    @Override
    public String toString() {
      return "Session[" + stage + ", " + username + ", id and token [REDACTED]]";
    }
  }

  ConsoleSessions(MongoDatabase database, Clock clock) {
    this.sessions = database.getCollection("console_sessions");
    this.clock = clock;
  }

  /** A new session; the previous one, if any, ends (its id is no longer accepted). */
  public Session start(Session previous, Stage stage, String username, StaffRole role) {
    if (previous != null) {
      end(previous);
    }
    Instant now = clock.instant();
    sessions.deleteMany(
        Filters.or(
            Filters.lt("lastSeenAt", Date.from(now.minus(SessionPolicy.IDLE))),
            Filters.lt("createdAt", Date.from(now.minus(SessionPolicy.ABSOLUTE)))));
    String id = random();
    Session s = new Session(id, stage, username, role, random(), now, now);
    sessions.insertOne(
        new Document("_id", digest(id))
            .append("stage", stage.name())
            .append("username", username)
            .append("role", role == null ? null : role.name())
            .append("csrf", s.csrfToken())
            .append("createdAt", Date.from(now))
            .append("lastSeenAt", Date.from(now)));
    return s;
  }

  /** The live session with this id, its idle timer reset; empty if unknown or expired. */
  public Optional<Session> find(String id) {
    if (id == null || id.length() != 43) {
      return Optional.empty();
    }
    String key = digest(id);
    Document d = sessions.find(Filters.eq("_id", key)).first();
    if (d == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant created = d.getDate("createdAt").toInstant();
    Instant seen = d.getDate("lastSeenAt").toInstant();
    if (!SessionPolicy.isLive(created, seen, now)) {
      sessions.deleteOne(Filters.eq("_id", key));
      return Optional.empty();
    }
    sessions.updateOne(Filters.eq("_id", key), Updates.set("lastSeenAt", Date.from(now)));
    String role = d.getString("role");
    return Optional.of(
        new Session(
            id,
            Stage.valueOf(d.getString("stage")),
            d.getString("username"),
            role == null ? null : StaffRole.valueOf(role),
            d.getString("csrf"),
            created,
            now));
  }

  public void end(Session session) {
    sessions.deleteOne(Filters.eq("_id", digest(session.id())));
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String digest(String id) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(("rogatory console session:" + id).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
