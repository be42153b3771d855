package org.rogatory.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.crypto.TreeFrontier;

/**
 * Synthetic event histories shaped like the hub's (the payload types and fields of
 * docs/spec/audit-bundle.md section 5), chained and signed by a test log key, for the bundle
 * verifier's tests and benchmark. Nothing here comes from the hub's code.
 */
final class AuditBundleFixtures {
  static final String ORIGIN = "hub.example/log";
  static final LogSigningKey LOG = LogSigningKey.generate(ORIGIN);
  static final String P = AuditRules.PARTY;
  static final String R = AuditRules.REQUEST;
  private static final byte[] METADATA =
      "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"correlationId\":\"c0ffee00-1234-4abc-8def-0123456789ab\"}"
          .getBytes(StandardCharsets.UTF_8);

  private AuditBundleFixtures() {}

  /** A history under construction; events get their global sequence and chain hash as added. */
  static final class History {
    final List<AuditEvent> events = new ArrayList<>();
    private final java.util.function.Consumer<AuditEvent> sink;
    private long count;
    private byte[] lastHash = new byte[32];
    private final Map<String, Long> aggregateSequences = new HashMap<>();
    private final Map<String, PartyKeys> keys = new HashMap<>();
    private long clock = Instant.parse("2026-12-01T09:00:00Z").toEpochMilli() * 1000;
    private String lastRetrievalDeadline;

    /** A history kept in {@link #events}. */
    History() {
      this(null);
    }

    /** A history handed event by event to {@code sink} and not kept (for large histories). */
    History(java.util.function.Consumer<AuditEvent> sink) {
      this.sink = sink;
    }

    AuditEvent add(String type, String aggregateType, String aggregateId, String payloadJson) {
      return add(type, "1", aggregateType, aggregateId, payloadJson);
    }

    AuditEvent add(
        String type,
        String revision,
        String aggregateType,
        String aggregateId,
        String payloadJson) {
      long n = sink == null ? events.size() : count;
      long seq = aggregateSequences.merge(aggregateId, 0L, (a, b) -> a + 1);
      clock += 1234;
      String ts = Instant.ofEpochSecond(clock / 1_000_000, (clock % 1_000_000) * 1000).toString();
      AuditEvent unchained =
          new AuditEvent(
              n,
              UUID.nameUUIDFromBytes(("event " + n).getBytes(StandardCharsets.UTF_8)).toString(),
              aggregateType,
              aggregateId,
              seq,
              ts,
              type,
              revision,
              payloadJson.getBytes(StandardCharsets.UTF_8),
              METADATA,
              new byte[32]);
      AuditEvent e = chained(unchained, n, previousHash());
      lastHash = e.hash();
      count = n + 1;
      if (sink == null) {
        events.add(e);
      } else {
        sink.accept(e);
      }
      return e;
    }

    byte[] previousHash() {
      if (sink == null) {
        return events.isEmpty() ? new byte[32] : events.get(events.size() - 1).hash();
      }
      return lastHash;
    }

    /** Forgets a closed request's aggregate counter (large histories). */
    void forget(String aggregateId) {
      aggregateSequences.remove(aggregateId);
    }

    /** The start of a payload about one recipient of a message, up to its recipient's name. */
    private static String aboutRecipient(String request, String messageId, String recipient) {
      return "{\"requestId\":\""
          + request
          + "\",\"messageId\":\""
          + messageId
          + "\",\"recipient\":\""
          + recipient;
    }

    /** A retrieval recorded as revision 1 did: the receipt's digest only, no receipt. */
    History retrieveDigestOnly(String request, String messageId, String recipient) {
      add(
          R + "MessageRetrievedEvent",
          "1",
          "CooperationRequest",
          request,
          aboutRecipient(request, messageId, recipient)
              + "\",\"receiptDigest\":\""
              + digestOf(messageId + " receipt")
              + "\","
              + at()
              + ",\"receipt\":null}");
      return this;
    }

    String at() {
      return "\"at\":\"" + Instant.ofEpochSecond(clock / 1_000_000).toString() + "\"";
    }

    History enrol(String party, String kind) {
      add(
          P + "PartyEnrolledEvent",
          "Party",
          party,
          "{\"partyId\":\""
              + party
              + "\",\"kind\":\""
              + kind
              + "\",\"displayName\":\"Party "
              + party
              + "\",\"enrolmentCodeDigest\":\""
              + "ab".repeat(32)
              + "\",\"codeExpiresAt\":\"2026-12-08T09:00:00Z\",\"by\":\"admin\","
              + at()
              + "}");
      return this;
    }

    /** Registers a freshly generated key for {@code party} (ML-DSA keys: slow, use sparingly). */
    History key(String party) {
      PartyKeys k = PartyKeys.generator(PartyId.of(party)).generate();
      keys.put(party, k);
      return key(
          party,
          k.bundle().fingerprint().toHex(),
          Base64.getEncoder().encodeToString(k.bundle().encode()));
    }

    /** Registers a key known only by fingerprint (enough for the rules, not for receipts). */
    History key(String party, String fingerprint, String bundleBase64) {
      add(
          P + "KeyBundleRegisteredEvent",
          "Party",
          party,
          "{\"partyId\":\""
              + party
              + "\",\"keyBundle\":\""
              + bundleBase64
              + "\",\"keyFingerprint\":\""
              + fingerprint
              + "\",\"deviceId\":\"primary\",\"keyVersion\":1,"
              + at()
              + "}");
      return this;
    }

    String fingerprint(String party) {
      return keys.get(party).bundle().fingerprint().toHex();
    }

    History revoke(String party, String fingerprint) {
      add(
          P + "KeyBundleRevokedEvent",
          "Party",
          party,
          "{\"partyId\":\""
              + party
              + "\",\"keyFingerprint\":\""
              + fingerprint
              + "\",\"reason\":\"lost\",\"by\":\"admin\","
              + at()
              + "}");
      return this;
    }

    History suspend(String party) {
      add(
          P + "PartySuspendedEvent",
          "Party",
          party,
          "{\"partyId\":\"" + party + "\",\"reason\":\"audit\",\"by\":\"admin\"," + at() + "}");
      return this;
    }

    History reinstate(String party) {
      add(
          P + "PartyReinstatedEvent",
          "Party",
          party,
          "{\"partyId\":\"" + party + "\",\"by\":\"admin\"," + at() + "}");
      return this;
    }

    History open(String request, String court, String addressee) {
      add(
          R + "RequestOpenedEvent",
          "CooperationRequest",
          request,
          "{\"requestId\":\""
              + request
              + "\",\"openedBy\":\""
              + court
              + "\",\"addressee\":\""
              + addressee
              + "\",\"category\":\"EVIDENCE\",\"classification\":\"CONFIDENTIAL\","
              + "\"courtReference\":\"ICC-01/22-"
              + request.hashCode()
              + "\",\"deadline\":null,"
              + at()
              + "}");
      return this;
    }

    /** A status event {@code type} on {@code request} by {@code actorField = actor}. */
    History status(String request, String type, String actorField, String actor, String extra) {
      add(
          R + type,
          "CooperationRequest",
          request,
          "{\"requestId\":\""
              + request
              + "\",\""
              + actorField
              + "\":\""
              + actor
              + "\""
              + extra
              + ","
              + at()
              + "}");
      return this;
    }

    History submit(
        String request, String messageId, String sender, String fingerprint, String... to) {
      StringBuilder rs = new StringBuilder();
      for (String r : to) {
        rs.append(rs.length() == 0 ? "" : ",").append('"').append(r).append('"');
      }
      String deadline =
          Instant.ofEpochSecond(clock / 1_000_000).plus(java.time.Duration.ofDays(7)).toString();
      add(
          R + "MessageSubmittedEvent",
          "2",
          "CooperationRequest",
          request,
          "{\"requestId\":\""
              + request
              + "\",\"messageId\":\""
              + messageId
              + "\",\"sender\":\""
              + sender
              + "\",\"senderKeyFingerprint\":\""
              + fingerprint
              + "\",\"recipientParties\":["
              + rs
              + "],\"envelopeDigest\":\""
              + digestOf(messageId)
              + "\",\"envelopeSize\":4096,\"envelopeBlobId\":\"blob-"
              + messageId
              + "\",\"attachmentDigests\":[],"
              + at()
              + ",\"retrievalDeadline\":\""
              + deadline
              + "\"}");
      lastRetrievalDeadline = deadline;
      return this;
    }

    /** The retrieval deadline of the last message submitted: seven days after its submission. */
    String retrievalDeadline() {
      return lastRetrievalDeadline;
    }

    /** Moves the history's clock forward. */
    History advance(java.time.Duration d) {
      clock += d.toNanos() / 1000;
      return this;
    }

    /** The hub found that {@code recipient} missed {@code deadline}, now. */
    History notRetrieved(
        String request, String messageId, String recipient, boolean delivered, String deadline) {
      add(
          R + "MessageNotRetrievedEvent",
          "CooperationRequest",
          request,
          aboutRecipient(request, messageId, recipient)
              + "\",\"delivered\":"
              + delivered
              + ",\"deadline\":\""
              + deadline
              + "\","
              + at()
              + "}");
      return this;
    }

    History deliver(String request, String messageId, String recipient) {
      add(
          R + "MessageDeliveredEvent",
          "CooperationRequest",
          request,
          aboutRecipient(request, messageId, recipient) + "\"," + at() + "}");
      return this;
    }

    /**
     * A retrieval with a receipt signed by {@code recipient}'s key registered with {@link #key}.
     */
    History retrieve(String request, String messageId, String recipient) {
      PartyKeys k = keys.get(recipient);
      EvidenceStatement s =
          EvidenceStatement.retrievalReceipt(
              request,
              UUID.fromString(messageId),
              PartyId.of(recipient),
              k.bundle().fingerprint(),
              HexFormat.of().parseHex(digestOf(messageId)),
              4096,
              Instant.now()); // within the key's validity, which starts at its generation
      SignedStatement receipt = SignedStatement.signByParty(k, s);
      add(
          R + "MessageRetrievedEvent",
          "CooperationRequest",
          request,
          aboutRecipient(request, messageId, recipient)
              + "\",\"receiptDigest\":\""
              + HexFormat.of().formatHex(receipt.digest())
              + "\","
              + at()
              + ",\"receipt\":\""
              + Base64.getEncoder().encodeToString(receipt.encode())
              + "\"}");
      return this;
    }

    /**
     * A small history that obeys every rule: a Court organ, a State, an auditor, one request
     * through its whole life with two messages delivered and retrieved.
     */
    static History lawful() {
      History h = new History();
      String req = "req-1";
      String m1 = "00000000-0000-4000-8000-000000000001";
      String m2 = "00000000-0000-4000-8000-000000000002";
      h.enrol("court.registry", "COURT_ORGAN").key("court.registry");
      h.enrol("state.nl", "CENTRAL_AUTHORITY").key("state.nl");
      h.enrol("oversight.body", "AUDITOR");
      h.open(req, "court.registry", "state.nl");
      h.submit(req, m1, "court.registry", h.fingerprint("court.registry"), "state.nl");
      h.status(req, "RequestDeliveredEvent", "addressee", "state.nl", "");
      h.deliver(req, m1, "state.nl");
      h.retrieve(req, m1, "state.nl");
      h.status(req, "RequestAcknowledgedEvent", "acknowledgedBy", "state.nl", "");
      h.status(req, "ExecutionStartedEvent", "actingParty", "state.nl", "");
      h.submit(req, m2, "state.nl", h.fingerprint("state.nl"), "court.registry");
      h.deliver(req, m2, "court.registry");
      h.retrieve(req, m2, "court.registry");
      h.status(
          req,
          "OutcomeReportedEvent",
          "reportedBy",
          "state.nl",
          ",\"outcome\":\"EXECUTED\",\"reasons\":[]");
      h.status(req, "RequestClosedEvent", "closedBy", "court.registry", ",\"withdrawn\":false");
      return h;
    }
  }

  static String digestOf(String messageId) {
    return HexFormat.of()
        .formatHex(
            org.rogatory.crypto.TreeHash.ofLeaf(messageId.getBytes(StandardCharsets.UTF_8))
                .toBytes());
  }

  /** {@code e} at position {@code n} with its chain hash recomputed after {@code previous}. */
  static AuditEvent chained(AuditEvent e, long n, byte[] previous) {
    AuditEvent at =
        new AuditEvent(
            n,
            e.eventId(),
            e.aggregateType(),
            e.aggregateId(),
            e.aggregateSequence(),
            e.timestamp(),
            e.payloadType(),
            e.payloadRevision(),
            e.payload(),
            e.metadata(),
            e.hash());
    byte[] hash = at.record().chainHash(n, previous);
    return new AuditEvent(
        n,
        e.eventId(),
        e.aggregateType(),
        e.aggregateId(),
        e.aggregateSequence(),
        e.timestamp(),
        e.payloadType(),
        e.payloadRevision(),
        e.payload(),
        e.metadata(),
        hash);
  }

  /** The events renumbered from 0 and chained again, as a forger with the whole store would. */
  static List<AuditEvent> rechained(List<AuditEvent> events) {
    List<AuditEvent> out = new ArrayList<>();
    byte[] previous = new byte[32];
    for (AuditEvent e : events) {
      AuditEvent c = chained(e, out.size(), previous);
      out.add(c);
      previous = c.hash();
    }
    return out;
  }

  /** The signed checkpoint note over the first {@code size} events' leaves. */
  static String checkpoint(List<AuditEvent> events, long size) {
    TreeFrontier f = TreeFrontier.empty();
    for (int i = 0; i < size; i++) {
      f.append(EventLeaf.hash(i, events.get(i).hash()));
    }
    return LOG.sign(Checkpoint.of(ORIGIN, size, f.root())).encode();
  }

  /** Writes {@code events} and {@code checkpoints} (signed notes, by size) as a bundle. */
  static Path write(Path file, List<AuditEvent> events, List<String> checkpointNotes)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        AuditBundleWriter w = AuditBundleWriter.create(out, LOG.verifierKeys())) {
      for (AuditEvent e : events) {
        w.event(e);
      }
      for (String note : checkpointNotes) {
        w.checkpoint(
            Checkpoint.parse(org.rogatory.crypto.SignedNote.parse(note).text()).size(), note);
      }
      w.finish();
    } catch (org.rogatory.crypto.CryptoException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }
}
