package org.rogatory.hub.console.signin;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.rogatory.hub.console.api.StaffRole;
import org.springframework.stereotype.Component;

/**
 * Staff members' sign-in secrets: the Argon2id password hash, the TOTP secret (sealed under {@link
 * TotpSecretKey}), the last TOTP step used, the lock-out state. Kept out of the event history
 * (which auditors replay and the transparency log commits to): a secret in an event could never be
 * deleted or rotated away. Writes use the store's default (durable) write concern.
 */
@Component
class StaffCredentials {
  private final MongoCollection<Document> staff;
  private final TotpSecretKey totpKey;

  /** One staff member's credentials as stored. */
  record Credential(
      String username,
      StaffRole role,
      String passwordHash,
      String totpSecret,
      long lastTotpStep,
      LockoutPolicy.State lockout,
      boolean mustChangePassword) {
    @Override
    public String toString() {
      return "Credential[" + username + ", " + role + ", secrets [REDACTED]]";
    }
  }

  /** A staff member for listing: no secrets. */
  record Member(String username, StaffRole role, Instant createdAt, Instant lockedUntil) {}

  StaffCredentials(MongoDatabase database, TotpSecretKey totpKey) {
    this.staff = database.getCollection("console_staff_credentials");
    this.totpKey = totpKey;
    sealStoredSecrets();
  }

  /**
   * Seals the TOTP secrets that an older hub stored as they are; each is replaced only if still
   * unchanged, so two nodes starting together do not seal one twice.
   */
  private void sealStoredSecrets() {
    for (Document d : staff.find()) {
      String plain = d.getString("totpSecret");
      if (plain == null || TotpSecretKey.isSealed(plain)) {
        continue;
      }
      staff.updateOne(
          Filters.and(Filters.eq("_id", d.getString("_id")), Filters.eq("totpSecret", plain)),
          Updates.set("totpSecret", totpKey.seal(d.getString("_id"), plain)));
    }
  }

  /** Stores a new account's credentials; false if the user name is taken. */
  boolean insert(
      String username, StaffRole role, String passwordHash, String totpSecret, Instant at) {
    try {
      staff.insertOne(
          new Document("_id", username)
              .append("role", role.name())
              .append("passwordHash", passwordHash)
              .append("totpSecret", totpKey.seal(username, totpSecret))
              .append("lastTotpStep", -1L)
              .append("failures", 0)
              .append("lockedUntil", null)
              .append("mustChangePassword", true)
              .append("createdAt", Date.from(at)));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  Credential find(String username) {
    Document d = staff.find(Filters.eq("_id", username)).first();
    if (d == null) {
      return null;
    }
    Date locked = d.getDate("lockedUntil");
    return new Credential(
        d.getString("_id"),
        StaffRole.valueOf(d.getString("role")),
        d.getString("passwordHash"),
        totpKey.open(d.getString("_id"), d.getString("totpSecret")),
        d.get("lastTotpStep", Number.class).longValue(),
        new LockoutPolicy.State(
            d.get("failures", Number.class).intValue(), locked == null ? null : locked.toInstant()),
        d.getBoolean("mustChangePassword", false));
  }

  boolean anyWithRole(StaffRole role) {
    return staff.find(Filters.eq("role", role.name())).first() != null;
  }

  List<Member> list() {
    List<Member> out = new ArrayList<>();
    for (Document d : staff.find().sort(new Document("_id", 1))) {
      Date locked = d.getDate("lockedUntil");
      out.add(
          new Member(
              d.getString("_id"),
              StaffRole.valueOf(d.getString("role")),
              d.getDate("createdAt").toInstant(),
              locked == null ? null : locked.toInstant()));
    }
    return out;
  }

  void saveLockout(String username, LockoutPolicy.State state) {
    staff.updateOne(
        Filters.eq("_id", username),
        Updates.combine(
            Updates.set("failures", state.failures()),
            Updates.set(
                "lockedUntil",
                state.lockedUntil() == null ? null : Date.from(state.lockedUntil()))));
  }

  /**
   * Marks TOTP step {@code step} used, atomically: false if it (or a later one) was used already,
   * so two sign-ins racing with one code cannot both succeed.
   */
  boolean useTotpStep(String username, long step) {
    return staff
            .updateOne(
                Filters.and(Filters.eq("_id", username), Filters.lt("lastTotpStep", step)),
                Updates.set("lastTotpStep", step))
            .getModifiedCount()
        == 1;
  }

  void changePassword(String username, String passwordHash) {
    staff.updateOne(
        Filters.eq("_id", username),
        Updates.combine(
            Updates.set("passwordHash", passwordHash), Updates.set("mustChangePassword", false)));
  }
}
