package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.MalformedInputException;

/**
 * One statement of evidence about a message (docs/spec/evidence.md), modelled on the evidence set
 * of ETSI registered e-delivery: the hub's {@link Type#SUBMISSION_ACCEPTANCE}, {@link
 * Type#DELIVERY}, {@link Type#RETRIEVAL}, {@link Type#NON_RETRIEVAL} and {@link Type#NON_DELIVERY},
 * each bound to the event that records it in the transparency log (its leaf index and chain hash),
 * and the recipient's own {@link Type#RETRIEVAL_RECEIPT}. Every statement has one canonical
 * encoding, which is what is signed (see {@link SignedStatement}); {@link #decode} accepts only
 * that encoding.
 *
 * <h2>Security guarantees</h2>
 *
 * The encoding starts with the label {@code "rogatory-v1 evidence" || 0x00}: no checkpoint note
 * (which has no NUL byte) and no hybrid signature input (which starts with another label) equals a
 * statement, so a signature over one can never be presented as a signature over the other. Fields a
 * type does not use MUST be empty or zero, so a statement has exactly one reading.
 *
 * <h2>Warning</h2>
 *
 * A statement proves nothing by itself: verify its signature ({@link SignedStatement}) and, for the
 * hub's statements, the inclusion of its leaf under a verified checkpoint.
 */
public final class EvidenceStatement {
  private static final byte[] LABEL = "rogatory-v1 evidence".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int MAX_RECIPIENTS = 64;
  private static final byte[] ZERO32 = new byte[32];
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  /** What a statement says, with its wire value. */
  public enum Type {
    /** The hub accepted the message for its recipients (signed by the hub's log key). */
    SUBMISSION_ACCEPTANCE(1, true),
    /** The hub handed the envelope to one recipient's system (signed by the hub's log key). */
    DELIVERY(2, true),
    /** The hub logged the recipient's retrieval receipt (signed by the hub's log key). */
    RETRIEVAL(3, true),
    /**
     * The recipient's system fetched the envelope but the hub logged no retrieval receipt from it
     * by the message's retrieval deadline (signed by the hub's log key).
     */
    NON_RETRIEVAL(4, true),
    /**
     * The recipient's system did not even fetch the envelope by the message's retrieval deadline
     * (signed by the hub's log key).
     */
    NON_DELIVERY(5, true),
    /** The recipient opened and verified the message (signed by the recipient's own keys). */
    RETRIEVAL_RECEIPT(16, false);

    private final int wire;
    private final boolean byHub;

    Type(int wire, boolean byHub) {
      this.wire = wire;
      this.byHub = byHub;
    }

    /** The byte that encodes this type. */
    public int wire() {
      return wire;
    }

    /** Whether the hub signs this type (with its log key), rather than a party. */
    public boolean isSignedByHub() {
      return byHub;
    }

    /** Whether this type says a recipient missed the message's retrieval deadline. */
    public boolean isMissedDeadline() {
      return this == NON_RETRIEVAL || this == NON_DELIVERY;
    }

    static Type fromWire(int wire) throws MalformedInputException {
      for (Type t : values()) {
        if (t.wire == wire) {
          return t;
        }
      }
      throw new MalformedInputException("unknown evidence statement type " + wire);
    }
  }

  private final Type type;
  private final String origin;
  private final String requestId;
  private final UUID messageId;
  private final PartyId actor;
  private final byte[] actorKey;
  private final List<PartyId> recipients;
  private final byte[] envelopeDigest;
  private final long envelopeSize;
  private final Instant time;
  private final long logIndex;
  private final byte[] eventHash;
  private final byte[] receiptDigest;

  private EvidenceStatement(
      Type type,
      String origin,
      String requestId,
      UUID messageId,
      PartyId actor,
      byte[] actorKey,
      List<PartyId> recipients,
      byte[] envelopeDigest,
      long envelopeSize,
      Instant time,
      long logIndex,
      byte[] eventHash,
      byte[] receiptDigest) {
    this.type = Objects.requireNonNull(type, "type");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.actor = Objects.requireNonNull(actor, "actor");
    this.actorKey = check32(actorKey, "actorKey");
    this.recipients = List.copyOf(recipients);
    this.envelopeDigest = check32(envelopeDigest, "envelopeDigest");
    this.envelopeSize = envelopeSize;
    this.time = Objects.requireNonNull(time, "time");
    this.logIndex = logIndex;
    this.eventHash = check32(eventHash, "eventHash");
    this.receiptDigest = check32(receiptDigest, "receiptDigest");
    String problem = problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static byte[] check32(byte[] b, String name) {
    if (b == null) {
      return ZERO32.clone();
    }
    if (b.length != 32) {
      throw new IllegalArgumentException(name + " is 32 bytes");
    }
    return b.clone();
  }

  /** Why this combination of fields is not a valid statement of its type, or null. */
  private String problem() {
    if (!REQUEST_ID.matcher(requestId).matches()) {
      return "not a valid request id";
    }
    if (envelopeSize < 0 || logIndex < 0 || time.getEpochSecond() < 0) {
      return "sizes, indices and times are not negative";
    }
    if (isZero(envelopeDigest)) {
      return "a statement names the envelope's digest";
    }
    if (type.isSignedByHub()) {
      if (!SignedNote.isValidKeyName(origin)) {
        return "a hub statement names the log's origin";
      }
      if (isZero(eventHash)) {
        return "a hub statement names the chain hash of its event";
      }
    } else if (!origin.isEmpty() || logIndex != 0 || !isZero(eventHash)) {
      return "a retrieval receipt names no log origin, index or event";
    }
    boolean wantsRecipients = type == Type.SUBMISSION_ACCEPTANCE;
    if (wantsRecipients == recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
      return wantsRecipients
          ? "a submission acceptance names 1 to " + MAX_RECIPIENTS + " recipients"
          : "only a submission acceptance names recipients";
    }
    boolean namesKey = !(type == Type.DELIVERY || type.isMissedDeadline());
    if (namesKey == isZero(actorKey)) {
      return namesKey
          ? "this statement names the actor's key fingerprint"
          : "a delivery, non-delivery or non-retrieval names no key";
    }
    if ((type == Type.RETRIEVAL) == isZero(receiptDigest)) {
      return type == Type.RETRIEVAL
          ? "a retrieval names the digest of the recipient's receipt"
          : "only a retrieval names a receipt digest";
    }
    return null;
  }

  private static boolean isZero(byte[] b) {
    return Arrays.equals(b, ZERO32);
  }

  /**
   * The hub's statement that it accepted message {@code messageId} of {@code sender} (signed with
   * the key {@code senderKey}) for {@code recipients}, recorded by the event at {@code logIndex}.
   */
  public static EvidenceStatement submissionAcceptance(
      String origin,
      String requestId,
      UUID messageId,
      PartyId sender,
      Fingerprint senderKey,
      List<PartyId> recipients,
      byte[] envelopeDigest,
      long envelopeSize,
      Instant time,
      long logIndex,
      byte[] eventHash) {
    return new EvidenceStatement(
        Type.SUBMISSION_ACCEPTANCE,
        origin,
        requestId,
        messageId,
        sender,
        senderKey.toBytes(),
        recipients,
        envelopeDigest,
        envelopeSize,
        time,
        logIndex,
        eventHash,
        null);
  }

  /** The hub's statement that it delivered the envelope to {@code recipient}'s system. */
  public static EvidenceStatement delivery(
      String origin,
      String requestId,
      UUID messageId,
      PartyId recipient,
      byte[] envelopeDigest,
      long envelopeSize,
      Instant time,
      long logIndex,
      byte[] eventHash) {
    return new EvidenceStatement(
        Type.DELIVERY,
        origin,
        requestId,
        messageId,
        recipient,
        null,
        List.of(),
        envelopeDigest,
        envelopeSize,
        time,
        logIndex,
        eventHash,
        null);
  }

  /**
   * The hub's statement that it logged {@code recipient}'s retrieval receipt, whose encoded {@link
   * SignedStatement} has SHA-256 {@code receiptDigest} and was signed with {@code recipientKey}.
   */
  public static EvidenceStatement retrieval(
      String origin,
      String requestId,
      UUID messageId,
      PartyId recipient,
      Fingerprint recipientKey,
      byte[] envelopeDigest,
      long envelopeSize,
      Instant time,
      long logIndex,
      byte[] eventHash,
      byte[] receiptDigest) {
    return new EvidenceStatement(
        Type.RETRIEVAL,
        origin,
        requestId,
        messageId,
        recipient,
        recipientKey.toBytes(),
        List.of(),
        envelopeDigest,
        envelopeSize,
        time,
        logIndex,
        eventHash,
        receiptDigest);
  }

  /**
   * The hub's statement that {@code recipient} had not retrieved the message by its retrieval
   * {@code deadline}: {@link Type#NON_RETRIEVAL} if its system had fetched the envelope ({@code
   * delivered}), {@link Type#NON_DELIVERY} if it had not even done that. The statement's time is
   * the deadline fixed when the message was submitted.
   */
  public static EvidenceStatement missedDeadline(
      boolean delivered,
      String origin,
      String requestId,
      UUID messageId,
      PartyId recipient,
      byte[] envelopeDigest,
      long envelopeSize,
      Instant deadline,
      long logIndex,
      byte[] eventHash) {
    return new EvidenceStatement(
        delivered ? Type.NON_RETRIEVAL : Type.NON_DELIVERY,
        origin,
        requestId,
        messageId,
        recipient,
        null,
        List.of(),
        envelopeDigest,
        envelopeSize,
        deadline,
        logIndex,
        eventHash,
        null);
  }

  /**
   * The recipient's statement that it opened and verified the envelope with digest {@code
   * envelopeDigest}, at {@code time} by its own clock; it signs it with the key {@code
   * recipientKey}.
   */
  public static EvidenceStatement retrievalReceipt(
      String requestId,
      UUID messageId,
      PartyId recipient,
      Fingerprint recipientKey,
      byte[] envelopeDigest,
      long envelopeSize,
      Instant time) {
    return new EvidenceStatement(
        Type.RETRIEVAL_RECEIPT,
        "",
        requestId,
        messageId,
        recipient,
        recipientKey.toBytes(),
        List.of(),
        envelopeDigest,
        envelopeSize,
        time,
        0,
        null,
        null);
  }

  /** The canonical encoding (docs/spec/evidence.md section 2), which is what is signed. */
  public byte[] encode() {
    ByteWriter w = new ByteWriter(256 + 66 * recipients.size());
    w.raw(LABEL).u8(0).u8(VERSION).u8(type.wire).str16(origin).str16(requestId);
    w.i64(messageId.getMostSignificantBits()).i64(messageId.getLeastSignificantBits());
    w.str16(actor.value()).raw(actorKey).u16(recipients.size());
    for (PartyId r : recipients) {
      w.str16(r.value());
    }
    w.raw(envelopeDigest).i64(envelopeSize).i64(time.getEpochSecond()).u32(time.getNano());
    return w.i64(logIndex).raw(eventHash).raw(receiptDigest).toByteArray();
  }

  /**
   * Decodes a canonical encoding.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if the bytes are not the
   *     canonical encoding of a valid statement
   */
  public static EvidenceStatement decode(byte[] encoded) throws CryptoException {
    try {
      ByteReader r = new ByteReader(encoded);
      if (!Arrays.equals(r.raw(LABEL.length), LABEL) || r.u8() != 0 || r.u8() != VERSION) {
        throw new MalformedInputException("not a version 1 evidence statement");
      }
      Type type = Type.fromWire(r.u8());
      String origin = r.str16();
      String requestId = r.str16();
      UUID messageId = new UUID(r.i64(), r.i64());
      PartyId actor = PartyId.of(r.str16());
      byte[] actorKey = r.raw(32);
      int n = r.u16();
      List<PartyId> recipients = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        recipients.add(PartyId.of(r.str16()));
      }
      byte[] envelopeDigest = r.raw(32);
      long envelopeSize = r.i64();
      long seconds = r.i64();
      long nanos = r.u32();
      if (nanos > 999_999_999L) {
        throw new MalformedInputException("nanoseconds above 999,999,999");
      }
      long logIndex = r.i64();
      byte[] eventHash = r.raw(32);
      byte[] receiptDigest = r.raw(32);
      r.expectEnd();
      return new EvidenceStatement(
          type,
          origin,
          requestId,
          messageId,
          actor,
          actorKey,
          recipients,
          envelopeDigest,
          envelopeSize,
          Instant.ofEpochSecond(seconds, nanos),
          logIndex,
          eventHash,
          receiptDigest);
    } catch (MalformedInputException | IllegalArgumentException | java.time.DateTimeException e) {
      throw SignedNote.malformed("not a valid evidence statement: " + e.getMessage());
    }
  }

  public Type type() {
    return type;
  }

  /** The log's origin for the hub's statements; empty in a retrieval receipt. */
  public String origin() {
    return origin;
  }

  public String requestId() {
    return requestId;
  }

  public UUID messageId() {
    return messageId;
  }

  /** The sender (submission acceptance) or the recipient (the other types). */
  public PartyId actor() {
    return actor;
  }

  /**
   * The fingerprint of the key the actor signed with (the envelope for a submission, the receipt
   * otherwise); null for a delivery, a non-delivery and a non-retrieval.
   */
  public Fingerprint actorKey() {
    return isZero(actorKey) ? null : Fingerprint.of(actorKey);
  }

  /** The recipients of a submission acceptance; empty for the other types. */
  public List<PartyId> recipients() {
    return recipients;
  }

  /** SHA-256 of the envelope (a copy). */
  public byte[] envelopeDigest() {
    return envelopeDigest.clone();
  }

  public long envelopeSize() {
    return envelopeSize;
  }

  /**
   * When the hub recorded the event, the retrieval deadline that was missed (non-retrieval and
   * non-delivery), or when the recipient says it opened the message (retrieval receipt).
   */
  public Instant time() {
    return time;
  }

  /** The leaf index (global event sequence) of the recorded event; 0 in a retrieval receipt. */
  public long logIndex() {
    return logIndex;
  }

  /** The chain hash of the recorded event (a copy); zeros in a retrieval receipt. */
  public byte[] eventHash() {
    return eventHash.clone();
  }

  /** SHA-256 of the logged retrieval receipt (a copy); zeros except in a retrieval. */
  public byte[] receiptDigest() {
    return receiptDigest.clone();
  }

  /** The transparency-log leaf hash of the recorded event (hub statements). */
  public TreeHash leafHash() {
    return EventLeaf.hash(logIndex, eventHash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvidenceStatement other && Arrays.equals(other.encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return type
        + "[request "
        + requestId
        + ", message "
        + messageId
        + ", "
        + actor
        + ", at "
        + time
        + (type.isSignedByHub() ? ", log index " + logIndex : "")
        + "]";
  }
}
