package org.rogatory.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.SignedStatement;

/**
 * The domain rules of docs/spec/audit-bundle.md section 5, replayed over the event payloads in
 * global order. Written from the specification, not from the hub's code: it reads only the payload
 * fields the specification names and keeps the little state the rules need (parties, their keys and
 * suspensions; requests, their status and messages). {@link #apply} throws at the first event that
 * breaks a rule, naming the rule and the event's position.
 */
final class AuditRules {
  static final String PARTY = "org.rogatory.hub.party.api.PartyEvents$";
  static final String REQUEST = "org.rogatory.hub.request.api.RequestEvents$";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern INSTANT =
      java.util.regex.Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z");

  private static final class Party {
    final String kind;
    boolean suspended;
    final Map<String, String> keys = new HashMap<>(); // fingerprint -> base64 key bundle
    final Map<String, KeyBundle> decoded = new HashMap<>(); // decoded once, on first use
    final Set<String> revoked = new HashSet<>();

    Party(String kind) {
      this.kind = kind;
    }
  }

  private static final class Request {
    final String court;
    final String addressee;
    String status = "OPEN";

    Request(String court, String addressee) {
      this.court = court;
      this.addressee = addressee;
    }
  }

  private record Message(
      String sender,
      List<String> recipients,
      String envelopeDigest,
      long envelopeSize,
      String retrievalDeadline) {}

  /** A receipt signature being checked on another thread, for event {@code event}. */
  private record PendingCheck(AuditEvent event, java.util.concurrent.Future<Void> check) {}

  private static final int MAX_PENDING = 4096;

  private final java.util.concurrent.ExecutorService signatures;
  private final java.util.ArrayDeque<PendingCheck> pending = new java.util.ArrayDeque<>();

  /** Rules that check receipt signatures inline, on the calling thread. */
  AuditRules() {
    this(null);
  }

  /**
   * Rules that check receipt signatures (an ML-DSA-65 verification each, most of the cost of a
   * receipt) on {@code signatures}' threads, in parallel with the walk; failures are still reported
   * in global order (see {@link #finish}).
   */
  AuditRules(java.util.concurrent.ExecutorService signatures) {
    this.signatures = signatures;
  }

  private final Map<String, Party> parties = new HashMap<>();
  private final Map<String, Request> requests = new HashMap<>();
  private final Map<String, Message> messages = new HashMap<>();
  // "request/message/recipient" of each delivery, retrieval and missed deadline seen so far
  private final Set<String> delivered = new HashSet<>();
  private final Set<String> retrieved = new HashSet<>();
  private final Set<String> missed = new HashSet<>();
  private long receipts;

  /** How many retrieval receipts were checked. */
  long receipts() {
    return receipts;
  }

  /** Applies event {@code e}; throws at a broken rule. */
  void apply(AuditEvent e) throws LogAuditException {
    String type = e.payloadType();
    if (type.startsWith(PARTY)) {
      party(e, type.substring(PARTY.length()));
    } else if (type.startsWith(REQUEST)) {
      request(e, type.substring(REQUEST.length()));
    }
  }

  private void party(AuditEvent e, String type) throws LogAuditException {
    switch (type) {
      case "PartyEnrolledEvent" -> {
        JsonNode p = payload(e);
        String id = text(e, p, "partyId");
        if (parties.containsKey(id)) {
          throw broken(e, "P1", "party " + id + " is enrolled a second time");
        }
        parties.put(id, new Party(text(e, p, "kind")));
      }
      case "KeyBundleRegisteredEvent" -> {
        JsonNode p = payload(e);
        Party party = known(e, text(e, p, "partyId"));
        party.keys.put(text(e, p, "keyFingerprint"), text(e, p, "keyBundle"));
      }
      case "KeyBundleRevokedEvent" -> {
        JsonNode p = payload(e);
        String id = text(e, p, "partyId");
        String fp = text(e, p, "keyFingerprint");
        Party party = known(e, id);
        if (!party.keys.containsKey(fp)) {
          throw broken(e, "P2", "key " + fp + " is revoked but was never registered for " + id);
        }
        party.revoked.add(fp);
      }
      case "PartySuspendedEvent" -> known(e, text(e, payload(e), "partyId")).suspended = true;
      case "PartyReinstatedEvent" -> known(e, text(e, payload(e), "partyId")).suspended = false;
      default -> {
        // other party facts (certificates, enrolment codes, witness keys) bind no rule
      }
    }
  }

  private void request(AuditEvent e, String type) throws LogAuditException {
    JsonNode p = payload(e);
    String id = text(e, p, "requestId");
    if (type.equals("RequestOpenedEvent")) {
      opened(e, p, id);
      return;
    }
    Request r = requests.get(id);
    if (r == null) {
      throw broken(e, "R2", type + " on request " + id + ", which was not opened before");
    }
    switch (type) {
      case "RequestDeliveredEvent" -> {
        acting(e, r, text(e, p, "addressee"), true, false);
        move(e, r, "DELIVERED", Set.of("OPEN"));
      }
      case "RequestAcknowledgedEvent" -> {
        acting(e, r, text(e, p, "acknowledgedBy"), true, false);
        move(e, r, "ACKNOWLEDGED", Set.of("OPEN", "DELIVERED"));
      }
      case "ExecutionStartedEvent" -> {
        acting(e, r, text(e, p, "actingParty"), true, false);
        move(e, r, "IN_EXECUTION", Set.of("ACKNOWLEDGED"));
      }
      case "ConsultationRequestedEvent" -> {
        acting(e, r, text(e, p, "requestedBy"), true, false);
        move(e, r, "CONSULTATION", Set.of("ACKNOWLEDGED", "IN_EXECUTION"));
      }
      case "ConsultationResolvedEvent" -> {
        acting(e, r, text(e, p, "resolvedBy"), false, false);
        move(e, r, "IN_EXECUTION", Set.of("CONSULTATION"));
      }
      case "OutcomeReportedEvent" -> {
        acting(e, r, text(e, p, "reportedBy"), true, false);
        String outcome = text(e, p, "outcome");
        switch (outcome) {
          case "EXECUTED", "PARTIALLY_EXECUTED" -> move(e, r, outcome, Set.of("IN_EXECUTION"));
          case "NOT_EXECUTED" -> move(e, r, outcome, Set.of("IN_EXECUTION", "CONSULTATION"));
          default -> throw broken(e, "R3", "outcome " + outcome + " is not an outcome");
        }
      }
      case "RequestClosedEvent" -> {
        acting(e, r, text(e, p, "closedBy"), false, true);
        boolean withdrawn = p.path("withdrawn").asBoolean(false);
        move(
            e,
            r,
            "CLOSED",
            withdrawn
                ? Set.of(
                    "OPEN",
                    "DELIVERED",
                    "ACKNOWLEDGED",
                    "IN_EXECUTION",
                    "CONSULTATION",
                    "EXECUTED",
                    "PARTIALLY_EXECUTED",
                    "NOT_EXECUTED")
                : Set.of("EXECUTED", "PARTIALLY_EXECUTED", "NOT_EXECUTED"));
      }
      case "MessageSubmittedEvent" -> submitted(e, p, id, r);
      case "MessageDeliveredEvent" ->
          delivered.add(id + "/" + text(e, p, "messageId") + "/" + recipientOf(e, p, id));
      case "MessageRetrievedEvent" -> {
        String recipient = recipientOf(e, p, id);
        retrieved(e, p, id, recipient);
        retrieved.add(id + "/" + text(e, p, "messageId") + "/" + recipient);
      }
      case "MessageNotRetrievedEvent" -> notRetrieved(e, p, id);
      default -> {
        // escalations and later additions change no status and bind no party
      }
    }
  }

  private void opened(AuditEvent e, JsonNode p, String id) throws LogAuditException {
    if (requests.containsKey(id)) {
      throw broken(e, "R1", "request " + id + " is opened a second time");
    }
    String court = text(e, p, "openedBy");
    String addressee = text(e, p, "addressee");
    Party opener = known(e, court);
    if (!"COURT_ORGAN".equals(opener.kind)) {
      throw broken(e, "R1", "request " + id + " is opened by " + court + ", not a Court organ");
    }
    notSuspended(e, court);
    Party to = known(e, addressee);
    if ("AUDITOR".equals(to.kind) || addressee.equals(court)) {
      throw broken(e, "R1", "request " + id + " is addressed to " + addressee + ", who may not be");
    }
    requests.put(id, new Request(court, addressee));
  }

  private void submitted(AuditEvent e, JsonNode p, String id, Request r) throws LogAuditException {
    String messageId = text(e, p, "messageId");
    String sender = text(e, p, "sender");
    if (r.status.equals("CLOSED")) {
      throw broken(e, "M1", "message " + messageId + " is submitted on closed request " + id);
    }
    acting(e, r, sender, false, false);
    JsonNode rs = p.path("recipientParties");
    if (!rs.isArray() || rs.isEmpty()) {
      throw broken(e, "M1", "message " + messageId + " has no recipients");
    }
    List<String> recipients = new java.util.ArrayList<>();
    for (JsonNode n : rs) {
      String to = n.asText();
      if (!to.equals(r.court) && !to.equals(r.addressee)) {
        throw broken(e, "M1", "message " + messageId + " is sent to " + to + ", not a party");
      }
      recipients.add(to);
    }
    String fp = text(e, p, "senderKeyFingerprint");
    Party s = known(e, sender);
    if (!s.keys.containsKey(fp) || s.revoked.contains(fp)) {
      throw broken(
          e,
          "K1",
          "message " + messageId + " is signed with key " + fp + ", not a live key of " + sender);
    }
    Message m =
        new Message(
            sender,
            List.copyOf(recipients),
            text(e, p, "envelopeDigest"),
            p.path("envelopeSize").asLong(-1),
            optionalText(e, p, "retrievalDeadline"));
    if (messages.putIfAbsent(id + "/" + messageId, m) != null) {
      throw broken(e, "M1", "message " + messageId + " is submitted a second time");
    }
  }

  /**
   * A missed retrieval deadline: the message had one (N1), it is the one recorded and it had passed
   * (N1), the recipient had returned no receipt and missed it only once (N2), and {@code delivered}
   * says truly whether it had fetched the envelope (N3).
   */
  private void notRetrieved(AuditEvent e, JsonNode p, String id) throws LogAuditException {
    String messageId = text(e, p, "messageId");
    String recipient = text(e, p, "recipient");
    JsonNode flag = p.get("delivered");
    if (flag == null || !flag.isBoolean()) {
      throw broken(e, "F1", "the payload has no boolean field delivered");
    }
    String deadline = text(e, p, "deadline");
    Instant due = instant(e, deadline);
    Instant at = instant(e, text(e, p, "at"));
    Message m = messages.get(id + "/" + messageId);
    if (m == null || !m.recipients().contains(recipient)) {
      throw broken(
          e, "M2", "message " + messageId + " of " + id + " has no recipient " + recipient);
    }
    if (recipient.equals(m.sender())) {
      throw broken(e, "N1", "the sender " + recipient + " has no deadline for its own message");
    }
    if (!deadline.equals(m.retrievalDeadline())) {
      throw broken(
          e,
          "N1",
          "message "
              + messageId
              + " had retrieval deadline "
              + m.retrievalDeadline()
              + ", not "
              + deadline);
    }
    if (at.isBefore(due)) {
      throw broken(e, "N1", "the non-retrieval is recorded at " + at + ", before the deadline");
    }
    String key = id + "/" + messageId + "/" + recipient;
    if (retrieved.contains(key)) {
      throw broken(e, "N2", recipient + " had already returned a retrieval receipt");
    }
    if (!missed.add(key)) {
      throw broken(e, "N2", recipient + " missed the deadline of " + messageId + " twice");
    }
    if (flag.asBoolean() != delivered.contains(key)) {
      throw broken(
          e,
          "N3",
          "delivered is "
              + flag.asBoolean()
              + ", but "
              + recipient
              + (delivered.contains(key) ? " had" : " had not")
              + " fetched the envelope");
    }
  }

  /** An instant as the hub writes it (RFC 3339 in UTC, {@code Z}, 0 to 9 fraction digits). */
  private static Instant instant(AuditEvent e, String text) throws LogAuditException {
    if (!INSTANT.matcher(text).matches()) {
      throw broken(e, "F1", "the payload's instant " + text + " is not an RFC 3339 UTC instant");
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException ex) {
      throw broken(e, "F1", "the payload's instant " + text + " is not an RFC 3339 UTC instant");
    }
  }

  private String recipientOf(AuditEvent e, JsonNode p, String id) throws LogAuditException {
    String messageId = text(e, p, "messageId");
    String recipient = text(e, p, "recipient");
    Message m = messages.get(id + "/" + messageId);
    if (m == null) {
      throw broken(e, "M2", "message " + messageId + " of " + id + " was never submitted");
    }
    if (!m.recipients().contains(recipient)) {
      throw broken(
          e, "M2", "message " + messageId + " is handed to " + recipient + ", not a recipient");
    }
    notSuspended(e, recipient);
    return recipient;
  }

  private void retrieved(AuditEvent e, JsonNode p, String id, String recipient)
      throws LogAuditException {
    JsonNode receiptNode = p.get("receipt");
    if (receiptNode == null || receiptNode.isNull()) {
      return; // revision 1: only the digest was recorded
    }
    String messageId = text(e, p, "messageId");
    Message m = messages.get(id + "/" + messageId);
    SignedStatement receipt;
    try {
      byte[] bytes = Base64.getDecoder().decode(receiptNode.asText());
      receipt = SignedStatement.decode(bytes);
    } catch (IllegalArgumentException | CryptoException ex) {
      throw broken(e, "E1", "the retrieval receipt does not decode");
    }
    if (!HexFormat.of().formatHex(receipt.digest()).equals(text(e, p, "receiptDigest"))) {
      throw broken(e, "E1", "the retrieval receipt's SHA-256 is not the recorded receipt digest");
    }
    EvidenceStatement s = receipt.statement();
    if (s.type() != EvidenceStatement.Type.RETRIEVAL_RECEIPT
        || !s.requestId().equals(id)
        || !s.messageId().toString().equals(messageId)
        || !s.actor().value().equals(recipient)
        || !HexFormat.of().formatHex(s.envelopeDigest()).equals(m.envelopeDigest())
        || s.envelopeSize() != m.envelopeSize()) {
      throw broken(e, "E1", "the retrieval receipt is not for this message and recipient");
    }
    Party party = known(e, recipient);
    String fp = s.actorKey().toHex();
    String bundle = party.keys.get(fp);
    if (bundle == null || party.revoked.contains(fp)) {
      throw broken(e, "K2", "the retrieval receipt is signed with key " + fp + ", not a live key");
    }
    KeyBundle signer = party.decoded.get(fp);
    if (signer == null) {
      try {
        signer = KeyBundle.decode(Base64.getDecoder().decode(bundle));
      } catch (IllegalArgumentException | CryptoException ex) {
        throw broken(e, "E1", "the key bundle registered as " + fp + " does not decode");
      }
      party.decoded.put(fp, signer);
    }
    KeyBundle key = signer;
    receipts++;
    if (signatures == null) {
      checkSignature(e, receipt, key);
      return;
    }
    settle(MAX_PENDING);
    pending.add(
        new PendingCheck(
            e,
            signatures.submit(
                () -> {
                  checkSignature(e, receipt, key);
                  return null;
                })));
  }

  private static void checkSignature(AuditEvent e, SignedStatement receipt, KeyBundle key)
      throws LogAuditException {
    try {
      receipt.verifyByParty(key);
    } catch (CryptoException ex) {
      throw broken(e, "E1", "the retrieval receipt's signature does not verify");
    }
  }

  /**
   * Waits for the oldest signature checks until at most {@code keep} are pending; throws the
   * failure of the first (in global order) that failed.
   */
  void settle(int keep) throws LogAuditException {
    while (pending.size() > keep) {
      PendingCheck p = pending.peekFirst();
      try {
        p.check().get();
      } catch (java.util.concurrent.ExecutionException ex) {
        if (ex.getCause() instanceof LogAuditException l) {
          throw l;
        }
        throw new IllegalStateException("checking a receipt failed", ex.getCause());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking receipts", ex);
      }
      pending.pollFirst();
    }
  }

  /**
   * Waits for every pending signature check. A failure among them came before anything the walk
   * found since (it belongs to an earlier event), so it wins: call this before reporting any other
   * failure, and at the end.
   */
  void finish() throws LogAuditException {
    settle(0);
  }

  /**
   * Checks that {@code party} may act on request {@code r} now: it is a party to it (the addressee
   * when {@code addresseeOnly}, the opening organ when {@code courtOnly}) and not suspended.
   */
  private void acting(
      AuditEvent e, Request r, String party, boolean addresseeOnly, boolean courtOnly)
      throws LogAuditException {
    boolean ok =
        addresseeOnly
            ? party.equals(r.addressee)
            : courtOnly
                ? party.equals(r.court)
                : party.equals(r.court) || party.equals(r.addressee);
    if (!ok) {
      throw broken(
          e,
          "R4",
          party + " may not do this on a request between " + r.court + " and " + r.addressee);
    }
    notSuspended(e, party);
  }

  private void notSuspended(AuditEvent e, String party) throws LogAuditException {
    Party p = parties.get(party);
    if (p != null && p.suspended) {
      throw broken(e, "S1", party + " acts while suspended");
    }
  }

  private static void move(AuditEvent e, Request r, String to, Set<String> from)
      throws LogAuditException {
    if (!from.contains(r.status)) {
      throw broken(e, "R3", "the request moves from " + r.status + " to " + to + ", not allowed");
    }
    r.status = to;
  }

  private Party known(AuditEvent e, String party) throws LogAuditException {
    Party p = parties.get(party);
    if (p == null) {
      throw broken(e, "P3", "party " + party + " is named before it was enrolled");
    }
    return p;
  }

  private static JsonNode payload(AuditEvent e) throws LogAuditException {
    try {
      JsonNode p = JSON.readTree(e.payload());
      if (p == null || !p.isObject()) {
        throw broken(e, "F1", "the payload is not a JSON object");
      }
      return p;
    } catch (IOException ex) {
      throw broken(e, "F1", "the payload is not JSON");
    }
  }

  private static String text(AuditEvent e, JsonNode p, String field) throws LogAuditException {
    JsonNode v = p.get(field);
    if (v == null || !v.isTextual()) {
      throw broken(e, "F1", "the payload has no text field " + field);
    }
    return v.asText();
  }

  /** A text member that may be absent or null (null then). */
  private static String optionalText(AuditEvent e, JsonNode p, String field)
      throws LogAuditException {
    JsonNode v = p.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw broken(e, "F1", "the payload's field " + field + " is not text");
    }
    return v.asText();
  }

  private static LogAuditException broken(AuditEvent e, String rule, String what) {
    return new LogAuditException(
        e.n(), "event " + e.n() + " breaks domain rule " + rule + ": " + what + ".");
  }
}
