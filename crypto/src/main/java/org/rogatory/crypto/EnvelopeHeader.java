package org.rogatory.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.MalformedInputException;
import org.rogatory.crypto.internal.Sha256;
import org.rogatory.crypto.internal.XWingHpke;

/**
 * The authenticated, unencrypted header of an envelope: who sent what to whom, when, and how the
 * payload is segmented. The hub reads it to route a message without any key; recipients get the
 * same fields back from {@link EnvelopeOpener} once the envelope is verified.
 *
 * <h2>Security guarantees</h2>
 *
 * A header returned by {@link #read} is only well-formed: nothing about it is authenticated until
 * the envelope has been opened, because the header is bound into the key wrapping and the sender's
 * signature, which only recipients can check.
 */
public final class EnvelopeHeader {
  static final byte[] MAGIC = "RGEV".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  static final int MAX_HEADER_LENGTH = 1 << 20;
  static final int MAX_RECIPIENTS = 1024;
  static final int MIN_SEGMENT_SIZE = 1 << 12;
  static final int MAX_SEGMENT_SIZE = 1 << 22;
  static final int PREFIX_LENGTH = 10;
  static final int WRAPPED_KEY_LENGTH = XWingHpke.ENC_LENGTH + 32 + XWingHpke.TAG_LENGTH;

  private final int suite;
  private final UUID messageId;
  private final String requestId;
  private final PartyId sender;
  private final Fingerprint senderFingerprint;
  private final Instant createdAt;
  private final String contentType;
  private final int segmentSize;
  private final List<EnvelopeRecipient> recipients;
  private final byte[] preamble;
  private final byte[] digest;

  private EnvelopeHeader(
      int suite,
      UUID messageId,
      String requestId,
      PartyId sender,
      Fingerprint senderFingerprint,
      Instant createdAt,
      String contentType,
      int segmentSize,
      List<EnvelopeRecipient> recipients,
      byte[] preamble) {
    this.suite = suite;
    this.messageId = messageId;
    this.requestId = requestId;
    this.sender = sender;
    this.senderFingerprint = senderFingerprint;
    this.createdAt = createdAt;
    this.contentType = contentType;
    this.segmentSize = segmentSize;
    this.recipients = List.copyOf(recipients);
    this.preamble = preamble;
    this.digest = Sha256.of(preamble);
  }

  static EnvelopeHeader create(
      EnvelopePreset preset,
      EnvelopeMetadata metadata,
      KeyBundle sender,
      Instant createdAt,
      List<EnvelopeRecipient> recipients) {
    ByteWriter h = new ByteWriter(256 + recipients.size() * 100);
    UUID id = metadata.messageId();
    h.i64(id.getMostSignificantBits()).i64(id.getLeastSignificantBits());
    h.str16(metadata.requestId());
    h.str16(sender.party().value()).raw(sender.fingerprint().bytesUnsafe());
    h.i64(createdAt.toEpochMilli());
    h.str16(metadata.contentType());
    h.u32(preset.segmentSize());
    h.u16(recipients.size());
    for (EnvelopeRecipient r : recipients) {
      h.str16(r.party().value()).raw(r.keyFingerprint().bytesUnsafe());
    }
    byte[] header = h.toByteArray();
    byte[] preamble =
        new ByteWriter(PREFIX_LENGTH + header.length)
            .raw(MAGIC)
            .u8(FORMAT_VERSION)
            .u8(preset.suite())
            .u32(header.length)
            .raw(header)
            .toByteArray();
    return new EnvelopeHeader(
        preset.suite(),
        id,
        metadata.requestId(),
        sender.party(),
        sender.fingerprint(),
        Instant.ofEpochMilli(createdAt.toEpochMilli()),
        metadata.contentType(),
        preset.segmentSize(),
        recipients,
        preamble);
  }

  /**
   * Reads and checks the header at the start of an envelope, leaving {@code in} positioned just
   * after it (at the wrapped keys).
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if the stream does not
   *     start with a well-formed version-1 envelope header
   * @throws IOException if reading fails
   */
  public static EnvelopeHeader read(InputStream in) throws CryptoException, IOException {
    try {
      byte[] prefix = in.readNBytes(PREFIX_LENGTH);
      if (prefix.length < PREFIX_LENGTH) {
        throw new MalformedInputException("envelope ends inside its header");
      }
      ByteReader p = new ByteReader(prefix);
      if (!Arrays.equals(p.raw(4), MAGIC)) {
        throw new MalformedInputException("not a Rogatory envelope");
      }
      if (p.u8() != FORMAT_VERSION) {
        throw new MalformedInputException("unsupported envelope format version");
      }
      p.u8();
      long headerLength = p.u32();
      if (headerLength > MAX_HEADER_LENGTH) {
        throw new MalformedInputException("envelope header is too long");
      }
      byte[] header = in.readNBytes((int) headerLength);
      if (header.length < headerLength) {
        throw new MalformedInputException("envelope ends inside its header");
      }
      byte[] preamble = Arrays.copyOf(prefix, PREFIX_LENGTH + header.length);
      System.arraycopy(header, 0, preamble, PREFIX_LENGTH, header.length);
      return parse(preamble);
    } catch (MalformedInputException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
    }
  }

  private static EnvelopeHeader parse(byte[] preamble) throws MalformedInputException {
    ByteReader r = new ByteReader(preamble);
    r.raw(4);
    r.u8();
    int suite = r.u8();
    if (suite != 1) {
      throw new MalformedInputException("unsupported envelope suite");
    }
    r.u32();
    UUID messageId = new UUID(r.i64(), r.i64());
    String requestId = r.str16();
    if (!EnvelopeMetadata.isValidRequestId(requestId)) {
      throw new MalformedInputException("malformed request id");
    }
    PartyId sender = partyId(r.str16());
    Fingerprint senderFingerprint = Fingerprint.of(r.raw(Fingerprint.LENGTH));
    long created = r.i64();
    if (created < 0 || created > 253402300799999L) {
      throw new MalformedInputException("creation time out of range");
    }
    String contentType = r.str16();
    if (!EnvelopeMetadata.isValidContentType(contentType)) {
      throw new MalformedInputException("malformed content type");
    }
    long segmentSize = r.u32();
    if (segmentSize < MIN_SEGMENT_SIZE
        || segmentSize > MAX_SEGMENT_SIZE
        || Long.bitCount(segmentSize) != 1) {
      throw new MalformedInputException("segment size must be a power of two, 4 KiB to 4 MiB");
    }
    int count = r.u16();
    if (count < 1 || count > MAX_RECIPIENTS) {
      throw new MalformedInputException("an envelope has 1 to 1024 recipients");
    }
    List<EnvelopeRecipient> recipients = new ArrayList<>(count);
    Set<Fingerprint> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      PartyId party = partyId(r.str16());
      Fingerprint fp = Fingerprint.of(r.raw(Fingerprint.LENGTH));
      if (!seen.add(fp)) {
        throw new MalformedInputException("a recipient key is listed twice");
      }
      recipients.add(new EnvelopeRecipient(party, fp));
    }
    r.expectEnd();
    return new EnvelopeHeader(
        suite,
        messageId,
        requestId,
        sender,
        senderFingerprint,
        Instant.ofEpochMilli(created),
        contentType,
        (int) segmentSize,
        recipients,
        preamble);
  }

  private static PartyId partyId(String value) throws MalformedInputException {
    if (!PartyId.isValidDeviceId(value)) {
      throw new MalformedInputException("malformed party id");
    }
    return PartyId.of(value);
  }

  public int suite() {
    return suite;
  }

  public UUID messageId() {
    return messageId;
  }

  public String requestId() {
    return requestId;
  }

  public PartyId sender() {
    return sender;
  }

  public Fingerprint senderFingerprint() {
    return senderFingerprint;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String contentType() {
    return contentType;
  }

  public int segmentSize() {
    return segmentSize;
  }

  public List<EnvelopeRecipient> recipients() {
    return recipients;
  }

  /** Length in bytes of the encoded header (the envelope's first bytes). */
  public int encodedLength() {
    return preamble.length;
  }

  /** Length in bytes of the wrapped content keys that follow the header. */
  public int wrappedKeysLength() {
    return recipients.size() * WRAPPED_KEY_LENGTH;
  }

  /** SHA-256 of the encoded header: the value bound into key wrapping and the signature. */
  public byte[] digest() {
    return digest.clone();
  }

  byte[] digestUnsafe() {
    return digest;
  }

  byte[] encoded() {
    return preamble.clone();
  }
}
