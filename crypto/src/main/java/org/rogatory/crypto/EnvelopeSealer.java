package org.rogatory.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.rogatory.crypto.internal.PipelinedSha256;
import org.rogatory.crypto.internal.SegmentCipher;
import org.rogatory.crypto.internal.XWingHpke;

/**
 * Seals a payload of any size into an envelope for one or more recipients: a fresh content key
 * wrapped to each recipient with HPKE (X-Wing), the payload encrypted in AES-256-GCM segments, and
 * the sender's hybrid signature over the header (which lists the recipients) and the payload
 * digest, encrypted with the payload. Format: {@code docs/spec/envelope.md}.
 *
 * <h2>Security guarantees</h2>
 *
 * Only holders of a recipient's X-Wing private key can read the payload, against classical and
 * quantum adversaries as long as either ML-KEM-768 or X25519 holds. Recipients can prove the sender
 * signed exactly this payload for exactly these recipients; a recipient cannot re-send the signed
 * payload to a third party as if it had been addressed to them. Memory use does not grow with the
 * payload.
 *
 * <h2>Warning</h2>
 *
 * The header (message id, request id, sender, recipients, time, content type) and the payload's
 * approximate size are visible to the hub and anyone who sees the envelope. To read its own sent
 * items, a sender lists its own device bundles among the recipients.
 */
public final class EnvelopeSealer {
  /** Test seam: lets misuse tests forge signatures; always identity in production. */
  interface SignatureHook {
    byte[] apply(byte[] signedData, byte[] signature);
  }

  private final EnvelopePreset preset;
  private final PartyKeys sender;
  private final Clock clock;
  private final SignatureHook hook;

  private EnvelopeSealer(EnvelopePreset preset, PartyKeys sender, Clock clock, SignatureHook hook) {
    this.preset = preset;
    this.sender = sender;
    this.clock = clock;
    this.hook = hook;
  }

  /** A sealer for {@code sender}, stamping envelopes with {@code clock}'s time. */
  public static EnvelopeSealer create(EnvelopePreset preset, PartyKeys sender, Clock clock) {
    return new EnvelopeSealer(
        Objects.requireNonNull(preset, "preset"),
        Objects.requireNonNull(sender, "sender"),
        Objects.requireNonNull(clock, "clock"),
        (data, sig) -> sig);
  }

  EnvelopeSealer withSignatureHook(SignatureHook hook) {
    return new EnvelopeSealer(preset, sender, clock, hook);
  }

  /**
   * Seals a payload held in memory.
   *
   * @throws CryptoException with {@link CryptoException.Reason#INVALID_ARGUMENT} if the recipients
   *     are empty, too many, repeated, or a bundle (or the sender's) is not valid now
   */
  public byte[] seal(EnvelopeMetadata metadata, List<KeyBundle> recipients, byte[] payload)
      throws CryptoException {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(payload.length + 4096 + recipients.size() * 1200);
    try {
      seal(metadata, recipients, new ByteArrayInputStream(payload), out);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory streams do not fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads the payload from {@code in} to its end and writes the envelope to {@code out}, in
   * constant memory. Neither stream is closed.
   *
   * @return the header written, for the caller's records
   * @throws CryptoException as {@link #seal(EnvelopeMetadata, List, byte[])}
   * @throws IOException if reading or writing fails; what was written is then incomplete
   */
  public EnvelopeHeader seal(
      EnvelopeMetadata metadata, List<KeyBundle> recipients, InputStream in, OutputStream out)
      throws CryptoException, IOException {
    Instant now = clock.instant();
    List<EnvelopeRecipient> named = checkRecipients(recipients, now);
    if (!sender.bundle().isValidAt(now)) {
      throw new CryptoException(
          CryptoException.Reason.INVALID_ARGUMENT, "the sender's key bundle is not valid now");
    }
    EnvelopeHeader header = EnvelopeHeader.create(preset, metadata, sender.bundle(), now, named);
    byte[] contentKey = SecureRandoms.bytes(EnvelopeFormat.CONTENT_KEY_LENGTH);
    byte[] payloadKey = EnvelopeFormat.payloadKey(contentKey, header.digestUnsafe());
    try {
      out.write(header.encoded());
      byte[] info = EnvelopeFormat.wrapInfo(header.digestUnsafe());
      for (KeyBundle r : recipients) {
        out.write(XWingHpke.seal(r.xwingPublicUnsafe(), info, contentKey));
      }
      writeSegments(header, new SegmentCipher(payloadKey), in, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed while sealing", e);
    } finally {
      Arrays.fill(contentKey, (byte) 0);
      Arrays.fill(payloadKey, (byte) 0);
    }
    return header;
  }

  private static List<EnvelopeRecipient> checkRecipients(List<KeyBundle> recipients, Instant now)
      throws CryptoException {
    if (recipients == null
        || recipients.isEmpty()
        || recipients.size() > EnvelopeHeader.MAX_RECIPIENTS) {
      throw new CryptoException(
          CryptoException.Reason.INVALID_ARGUMENT, "an envelope needs 1 to 1024 recipients");
    }
    List<EnvelopeRecipient> named = new ArrayList<>(recipients.size());
    Set<Fingerprint> seen = new HashSet<>();
    for (KeyBundle r : recipients) {
      if (!seen.add(r.fingerprint())) {
        throw new CryptoException(
            CryptoException.Reason.INVALID_ARGUMENT, "a recipient key is listed twice: " + r);
      }
      if (!r.isValidAt(now)) {
        throw new CryptoException(
            CryptoException.Reason.INVALID_ARGUMENT, "a recipient key is not valid now: " + r);
      }
      named.add(new EnvelopeRecipient(r.party(), r.fingerprint()));
    }
    return named;
  }

  private void writeSegments(
      EnvelopeHeader header, SegmentCipher cipher, InputStream in, OutputStream out)
      throws IOException, GeneralSecurityException {
    int size = header.segmentSize();
    byte[] buf = new byte[size];
    byte[] ct = new byte[size + SegmentCipher.TAG_LENGTH];
    try (PipelinedSha256 digest = new PipelinedSha256(size)) {
      writeSegments(header, cipher, in, out, buf, ct, digest);
    }
  }

  private void writeSegments(
      EnvelopeHeader header,
      SegmentCipher cipher,
      InputStream in,
      OutputStream out,
      byte[] buf,
      byte[] ct,
      PipelinedSha256 digest)
      throws IOException, GeneralSecurityException {
    int size = header.segmentSize();
    long payloadLength = 0;
    long index = 0;
    while (true) {
      int filled = in.readNBytes(buf, 0, size);
      digest.update(buf, 0, filled);
      payloadLength += filled;
      if (filled == size) {
        // A full segment of payload is never the last: the signature always follows it.
        index = writeSegment(cipher, index, false, buf, 0, size, ct, out);
        continue;
      }
      byte[] signedData =
          EnvelopeFormat.signedData(header.digestUnsafe(), digest.digest(), payloadLength);
      byte[] signature = hook.apply(signedData, sender.sign(SignatureContext.ENVELOPE, signedData));
      byte[] tail = Arrays.copyOf(buf, filled + signature.length);
      System.arraycopy(signature, 0, tail, filled, signature.length);
      int off = 0;
      while (tail.length - off >= size) {
        index = writeSegment(cipher, index, false, tail, off, size, ct, out);
        off += size;
      }
      writeSegment(cipher, index, true, tail, off, tail.length - off, ct, out);
      return;
    }
  }

  private static long writeSegment(
      SegmentCipher cipher,
      long index,
      boolean last,
      byte[] in,
      int off,
      int len,
      byte[] ct,
      OutputStream out)
      throws IOException, GeneralSecurityException {
    if (index > 0xFFFF_FFFFL) {
      throw new IOException("payload too large for one envelope (2^32 segments)");
    }
    int n = cipher.encrypt(index, last, in, off, len, ct, 0);
    out.write(ct, 0, n);
    return index + 1;
  }
}
