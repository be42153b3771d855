package org.rogatory.hub.party.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.rogatory.hub.infra.cache.LruMap;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.mongo.Durability;
import org.rogatory.hub.infra.web.CertificateStatus;
import org.rogatory.hub.party.api.PartyDirectory;
import org.rogatory.hub.party.api.PartyEvents.CertificateIssuedEvent;
import org.rogatory.hub.party.api.PartyEvents.CertificateRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.EnrolmentAttemptRejectedEvent;
import org.rogatory.hub.party.api.PartyEvents.EnrolmentCodeIssuedEvent;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRegisteredEvent;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyEnrolledEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyReinstatedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartySuspendedEvent;
import org.rogatory.hub.party.api.PartyEvents.WitnessKeyRegisteredEvent;
import org.rogatory.hub.party.api.PartyKind;
import org.rogatory.hub.party.api.PartyQueries.CertificateListView;
import org.rogatory.hub.party.api.PartyQueries.CertificateView;
import org.rogatory.hub.party.api.PartyQueries.FindCertificateQuery;
import org.rogatory.hub.party.api.PartyQueries.FindPartyQuery;
import org.rogatory.hub.party.api.PartyQueries.FindWitnessQuery;
import org.rogatory.hub.party.api.PartyQueries.KeyView;
import org.rogatory.hub.party.api.PartyQueries.ListCertificatesQuery;
import org.rogatory.hub.party.api.PartyQueries.ListPartiesQuery;
import org.rogatory.hub.party.api.PartyQueries.PartyListView;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.springframework.stereotype.Component;

/**
 * The directory of parties: their keys (for senders to encrypt to), certificates (checked on every
 * call) and suspension. One document per party and one per certificate, all read by exact key.
 *
 * <p>Reads are served from memory while they are current. Each party document records the sequence
 * number, in the party's own event stream, of the last party event it reflects ({@code partySeq}).
 * A party is cached (with the certificates looked up since) only when its document reflects the
 * party's last event in the log, and used only while the log holds no party event after it: one
 * exact lookup on the log's unique aggregate key, instead of reading and decoding the party's
 * documents on every call. Any party event — a suspension, a revoked certificate or key, written by
 * any hub process — makes the next read go to the documents, which the projection updates as
 * before.
 */
@Component
@ProcessingGroup("party-directory")
public class PartyDirectoryProjection implements CertificateStatus, PartyDirectory {
  private final MongoCollection<Document> parties;
  private final MongoCollection<Document> certificates;
  private final EventLog log;
  private final LruMap<String, Cached> cache = new LruMap<>(4096);

  /** A party as of {@code partySeq}, and the certificates of it looked up since. */
  private record Cached(
      long partySeq, PartyView view, Map<String, Optional<CertificateView>> certificates) {}

  PartyDirectoryProjection(MongoDatabase database, EventLog log) {
    this.parties = Durability.derived(database.getCollection("party_directory"));
    this.certificates = Durability.derived(database.getCollection("party_certificates"));
    this.log = log;
    certificates.createIndex(com.mongodb.client.model.Indexes.ascending("party"));
  }

  @EventHandler
  void on(PartyEnrolledEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    if (parties.find(Filters.eq("_id", e.partyId())).first() != null) {
      return;
    }
    parties.replaceOne(
        Filters.eq("_id", e.partyId()),
        new Document("_id", e.partyId())
            .append("kind", e.kind().name())
            .append("displayName", e.displayName())
            .append("enrolled", false)
            .append("suspended", false)
            .append("keys", new ArrayList<Document>())
            .append("lastSeq", position(token))
            .append("partySeq", partySeq),
        new ReplaceOptions().upsert(true));
  }

  @EventHandler
  void on(CertificateIssuedEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    certificates.replaceOne(
        Filters.eq("_id", e.certificateSerial()),
        new Document("_id", e.certificateSerial())
            .append("party", e.partyId())
            .append("revoked", false),
        new ReplaceOptions().upsert(true));
    update(e.partyId(), token, partySeq, d -> d.append("enrolled", true));
  }

  @EventHandler
  void on(CertificateRevokedEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    certificates.replaceOne(
        Filters.eq("_id", e.certificateSerial()),
        new Document("_id", e.certificateSerial())
            .append("party", e.partyId())
            .append("revoked", true),
        new ReplaceOptions().upsert(true));
    update(e.partyId(), token, partySeq, d -> {});
  }

  @EventHandler
  void on(EnrolmentCodeIssuedEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    update(e.partyId(), token, partySeq, d -> {});
  }

  @EventHandler
  void on(EnrolmentAttemptRejectedEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    update(e.partyId(), token, partySeq, d -> {});
  }

  @EventHandler
  void on(KeyBundleRegisteredEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    update(
        e.partyId(),
        token,
        partySeq,
        d -> {
          List<Document> keys = new ArrayList<>(d.getList("keys", Document.class));
          keys.add(
              new Document("fingerprint", e.keyFingerprint())
                  .append("device", e.deviceId())
                  .append("version", e.keyVersion())
                  .append("bundle", e.keyBundle())
                  .append("revoked", false));
          d.append("keys", keys);
        });
  }

  @EventHandler
  void on(KeyBundleRevokedEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    update(
        e.partyId(),
        token,
        partySeq,
        d -> {
          List<Document> keys = new ArrayList<>();
          for (Document k : d.getList("keys", Document.class)) {
            if (k.getString("fingerprint").equals(e.keyFingerprint())) {
              k.append("revoked", true)
                  .append("revokedAt", java.util.Date.from(e.at()))
                  .append("revocationReason", e.reason());
            }
            keys.add(k);
          }
          d.append("keys", keys);
        });
  }

  @EventHandler
  void on(WitnessKeyRegisteredEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    update(e.partyId(), token, partySeq, d -> d.append("witnessKey", e.verifierKey()));
  }

  @EventHandler
  void on(PartySuspendedEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    update(e.partyId(), token, partySeq, d -> d.append("suspended", true));
  }

  @EventHandler
  void on(PartyReinstatedEvent e, TrackingToken token, @SequenceNumber long partySeq) {
    update(e.partyId(), token, partySeq, d -> d.append("suspended", false));
  }

  @ResetHandler
  void reset() {
    parties.deleteMany(new Document());
    certificates.deleteMany(new Document());
    cache.clear();
  }

  @QueryHandler
  PartyView handle(FindPartyQuery q) {
    return find(q.partyId());
  }

  /** A scan, not an index: witness keys are registered rarely, and there are few parties. */
  @QueryHandler
  PartyView handle(FindWitnessQuery q) {
    Document d = parties.find(Filters.eq("witnessKey", q.verifierKey())).first();
    return d == null ? null : toView(d);
  }

  @QueryHandler
  PartyListView handle(ListPartiesQuery q) {
    List<PartyView> out = new ArrayList<>();
    for (Document d : parties.find().sort(new Document("_id", 1))) {
      out.add(toView(d));
    }
    return new PartyListView(out);
  }

  @QueryHandler
  CertificateView handle(FindCertificateQuery q) {
    Document c = certificates.find(Filters.eq("_id", q.certificateSerial())).first();
    return c == null
        ? null
        : new CertificateView(c.getString("_id"), c.getString("party"), c.getBoolean("revoked"));
  }

  /**
   * Drops the in-memory copies of parties, so that the next reads go to the directory documents:
   * for when those documents changed without a party event (restored from a backup, or edited by
   * hand), which the log check cannot see.
   */
  public void forgetCached() {
    cache.clear();
  }

  /** A scan on the embedded store (an index on MongoDB): a party has a few certificates. */
  @QueryHandler
  CertificateListView handle(ListCertificatesQuery q) {
    List<CertificateView> out = new ArrayList<>();
    for (Document c :
        certificates.find(Filters.eq("party", q.partyId())).sort(new Document("_id", 1))) {
      out.add(
          new CertificateView(c.getString("_id"), c.getString("party"), c.getBoolean("revoked")));
    }
    return new CertificateListView(out);
  }

  /** Direct read for the authentication filter (no query bus). */
  @Override
  public Checked inspect(String party, String certificateSerial) {
    Cached p = current(party);
    if (p == null) {
      return new Checked(Verdict.UNKNOWN, null);
    }
    Optional<CertificateView> c =
        p.certificates().computeIfAbsent(certificateSerial, this::loadCertificate);
    if (c.isEmpty() || !party.equals(c.get().partyId())) {
      return new Checked(Verdict.UNKNOWN, p.view());
    }
    if (c.get().revoked()) {
      return new Checked(Verdict.REVOKED, p.view());
    }
    return new Checked(p.view().suspended() ? Verdict.SUSPENDED : Verdict.OK, p.view());
  }

  @Override
  public PartyView find(String partyId) {
    Cached p = current(partyId);
    return p == null ? null : p.view();
  }

  private Optional<CertificateView> loadCertificate(String serial) {
    Document c = certificates.find(Filters.eq("_id", serial)).first();
    return Optional.ofNullable(
        c == null
            ? null
            : new CertificateView(
                c.getString("_id"), c.getString("party"), c.getBoolean("revoked")));
  }

  /** The party as the directory documents show it now, from memory while that is current. */
  private Cached current(String partyId) {
    Cached cached = cache.get(partyId);
    if (cached != null && !log.aggregateHasEventAt(partyId, cached.partySeq() + 1)) {
      return cached;
    }
    Document d = parties.find(Filters.eq("_id", partyId)).first();
    if (d == null) {
      return null;
    }
    Number seq = d.get("partySeq", Number.class);
    Cached fresh =
        new Cached(seq == null ? -1 : seq.longValue(), toView(d), new ConcurrentHashMap<>());
    // Cached only if the document reflects the party's last event in the log, so that the next
    // party event, in any commit, starts at partySeq + 1. Not cached: a document behind the log
    // (the projection is catching up, or the event is one of several in a commit), or one written
    // before party sequences were recorded (its next party event, or a replay, records one).
    if (seq != null && log.lastAggregateSequence(partyId, seq.longValue()) == seq.longValue()) {
      cache.put(partyId, fresh);
    }
    return fresh;
  }

  private static PartyView toView(Document d) {
    List<KeyView> keys = new ArrayList<>();
    for (Document k : d.getList("keys", Document.class)) {
      keys.add(
          new KeyView(
              k.getString("fingerprint"),
              k.getString("device"),
              k.get("version", Number.class).longValue(),
              k.getString("bundle"),
              k.getBoolean("revoked", false),
              k.getDate("revokedAt") == null ? null : k.getDate("revokedAt").toInstant(),
              k.getString("revocationReason")));
    }
    return new PartyView(
        d.getString("_id"),
        PartyKind.valueOf(d.getString("kind")),
        d.getString("displayName"),
        d.getBoolean("enrolled", false),
        d.getBoolean("suspended", false),
        keys,
        d.getString("witnessKey"));
  }

  private void update(
      String partyId, TrackingToken token, long partySeq, Consumer<Document> change) {
    long seq = position(token);
    Document d = parties.find(Filters.eq("_id", partyId)).first();
    if (d == null || d.get("lastSeq", Number.class).longValue() >= seq) {
      return;
    }
    change.accept(d);
    d.append("lastSeq", seq).append("partySeq", partySeq);
    parties.replaceOne(Filters.eq("_id", partyId), d);
  }

  private static long position(TrackingToken token) {
    if (token == null || token.position().isEmpty()) {
      throw new IllegalStateException("the party directory runs in a tracking processor");
    }
    return token.position().getAsLong();
  }
}
