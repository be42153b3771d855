package org.rogatory.crypto;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rogatory.crypto.internal.MalformedInputException;
import org.rogatory.crypto.internal.PipelinedSha256;
import org.rogatory.crypto.internal.SegmentCipher;

/**
 * Opens envelopes sealed to one of the caller's keys, verifying the sender's signature against a
 * key bundle the caller trusts.
 *
 * <h2>Security guarantees</h2>
 *
 * A call returns only if every check passed: the content key unwrapped with this recipient's key
 * under the header as HPKE {@code info}, every segment authenticated in order with the final one
 * last and nothing after it, the sender's bundle found in {@link TrustedKeys} under the party and
 * fingerprint the header names and valid at the header's creation time, and both the Ed25519 and
 * the ML-DSA-65 signature verified over the header digest and the payload digest. Any failure
 * throws the same {@link CryptoException} ({@link CryptoException.Reason#DECRYPTION_FAILED}) and
 * releases no plaintext: {@link #open(byte[])} returns nothing, and {@link #open(InputStream,
 * Path)} writes to a temporary file that is deleted, renaming it into place only after the
 * signature verified.
 *
 * <h2>Warning</h2>
 *
 * "Trusted" is the caller's decision: pass only bundles checked against the directory (and, for
 * high-stakes exchanges, compared out of band with a {@link SafetyCode}).
 */
public final class EnvelopeOpener {
  private final List<PartyKeys> recipientKeys;
  private final TrustedKeys senders;

  private EnvelopeOpener(List<PartyKeys> recipientKeys, TrustedKeys senders) {
    this.recipientKeys = recipientKeys;
    this.senders = senders;
  }

  /** An opener for envelopes sealed to {@code recipient}'s key bundle. */
  public static EnvelopeOpener create(PartyKeys recipient, TrustedKeys senders) {
    return new EnvelopeOpener(
        List.of(Objects.requireNonNull(recipient, "recipient")),
        Objects.requireNonNull(senders, "senders"));
  }

  /**
   * An opener for envelopes sealed to any of {@code recipientKeys}: a party's current keys and the
   * ones it rotated away from, so that what was sealed to an earlier key still opens. The
   * envelope's header names the key it was sealed to; only that key is used.
   *
   * @throws IllegalArgumentException if the list is empty
   */
  public static EnvelopeOpener create(List<PartyKeys> recipientKeys, TrustedKeys senders) {
    if (recipientKeys.isEmpty()) {
      throw new IllegalArgumentException("no recipient key");
    }
    return new EnvelopeOpener(List.copyOf(recipientKeys), Objects.requireNonNull(senders));
  }

  /**
   * Opens an envelope held in memory.
   *
   * @throws CryptoException with {@link CryptoException.Reason#DECRYPTION_FAILED} on any failure
   */
  public OpenedEnvelope open(byte[] envelope) throws CryptoException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(Math.max(0, envelope.length - 4096));
    try {
      EnvelopeHeader header = open(new ByteArrayInputStream(envelope), payload);
      return new OpenedEnvelope(header, payload.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory streams do not fail", e);
    }
  }

  /**
   * Opens an envelope read from {@code in} (to its end) into the file {@code target}, in constant
   * memory. The plaintext is written to a temporary file next to {@code target}, flushed to disk,
   * and moved over {@code target} only once everything verified.
   *
   * @throws CryptoException with {@link CryptoException.Reason#DECRYPTION_FAILED} on any failure;
   *     {@code target} is then untouched and no temporary file remains
   * @throws IOException if reading, writing or the final move fails
   */
  public EnvelopeHeader open(InputStream in, Path target) throws CryptoException, IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path name = absolute.getFileName();
    if (dir == null || name == null) {
      throw new IOException("the output must be a file in a directory: " + target);
    }
    Path temp = Files.createTempFile(dir, "." + name + ".", ".rogatory-partial");
    boolean done = false;
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      // The buffered stream is flushed by the streaming core and not closed: the channel is.
      EnvelopeHeader header =
          open(in, new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
      channel.force(true);
      channel.close();
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return header;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * The streaming core: writes segment plaintext to {@code sink} as segments authenticate (the sink
   * must be discarded by the caller if this throws), flushes it on success.
   */
  private EnvelopeHeader open(InputStream in, OutputStream sink)
      throws CryptoException, IOException {
    byte[] payloadKey = null;
    try {
      EnvelopeHeader header = EnvelopeHeader.read(in);
      KeyBundle sender = trustedSender(header);
      PartyKeys recipient = recipientKey(header);
      byte[] wrapped = findWrappedKey(recipient, header, in);
      byte[] contentKey =
          recipient.decryptionKey().open(EnvelopeFormat.wrapInfo(header.digestUnsafe()), wrapped);
      if (contentKey == null || contentKey.length != EnvelopeFormat.CONTENT_KEY_LENGTH) {
        throw CryptoException.envelopeNotOpened();
      }
      payloadKey = EnvelopeFormat.payloadKey(contentKey, header.digestUnsafe());
      Arrays.fill(contentKey, (byte) 0);
      readSegments(header, sender, new SegmentCipher(payloadKey), in, sink);
      sink.flush();
      return header;
    } catch (CryptoException | MalformedInputException | GeneralSecurityException e) {
      throw CryptoException.envelopeNotOpened();
    } catch (RuntimeException e) {
      // A parser or primitive rejected hostile input in an unexpected way: same generic error.
      throw CryptoException.envelopeNotOpened();
    } finally {
      if (payloadKey != null) {
        Arrays.fill(payloadKey, (byte) 0);
      }
    }
  }

  private KeyBundle trustedSender(EnvelopeHeader header) throws MalformedInputException {
    Optional<KeyBundle> found = senders.find(header.sender(), header.senderFingerprint());
    if (found.isEmpty()
        || !found.get().party().equals(header.sender())
        || !found.get().fingerprint().equals(header.senderFingerprint())
        || !found.get().isValidAt(header.createdAt())) {
      throw new MalformedInputException("sender not trusted");
    }
    return found.get();
  }

  /** The first of this opener's keys the header lists as a recipient. */
  private PartyKeys recipientKey(EnvelopeHeader header) throws MalformedInputException {
    for (PartyKeys keys : recipientKeys) {
      KeyBundle b = keys.bundle();
      for (EnvelopeRecipient r : header.recipients()) {
        if (r.keyFingerprint().equals(b.fingerprint()) && r.party().equals(b.party())) {
          return keys;
        }
      }
    }
    throw new MalformedInputException("not a recipient");
  }

  private static byte[] findWrappedKey(PartyKeys recipient, EnvelopeHeader header, InputStream in)
      throws IOException, MalformedInputException {
    KeyBundle mine = recipient.bundle();
    List<EnvelopeRecipient> recipients = header.recipients();
    int index = -1;
    for (int i = 0; i < recipients.size(); i++) {
      EnvelopeRecipient r = recipients.get(i);
      if (r.keyFingerprint().equals(mine.fingerprint()) && r.party().equals(mine.party())) {
        index = i;
      }
    }
    if (index < 0) {
      throw new MalformedInputException("not a recipient");
    }
    int len = EnvelopeHeader.WRAPPED_KEY_LENGTH;
    byte[] wrapped = null;
    for (int i = 0; i < recipients.size(); i++) {
      byte[] entry = in.readNBytes(len);
      if (entry.length < len) {
        throw new MalformedInputException("envelope ends inside its wrapped keys");
      }
      if (i == index) {
        wrapped = entry;
      }
    }
    return wrapped;
  }

  private static void readSegments(
      EnvelopeHeader header,
      KeyBundle sender,
      SegmentCipher cipher,
      InputStream in,
      OutputStream sink)
      throws IOException, GeneralSecurityException, MalformedInputException {
    try (PipelinedSha256 digest = new PipelinedSha256(header.segmentSize())) {
      readSegments(header, sender, cipher, in, sink, digest);
    }
  }

  private static void readSegments(
      EnvelopeHeader header,
      KeyBundle sender,
      SegmentCipher cipher,
      InputStream in,
      OutputStream sink,
      PipelinedSha256 digest)
      throws IOException, GeneralSecurityException, MalformedInputException {
    int size = header.segmentSize();
    int sigLen = EnvelopeFormat.SIGNATURE_LENGTH;
    byte[] ct = new byte[size + SegmentCipher.TAG_LENGTH];
    // Plaintext is payload || signature: hold back the last sigLen bytes until the end.
    byte[] hold = new byte[size + sigLen];
    int held = 0;
    long payloadLength = 0;
    for (long index = 0; ; index++) {
      if (index > 0xFFFF_FFFFL) {
        throw new MalformedInputException("too many segments");
      }
      int n = in.readNBytes(ct, 0, ct.length);
      // Only the final segment is shorter than a full one: its plaintext is below segment size.
      boolean last = n < ct.length;
      if (n < SegmentCipher.TAG_LENGTH) {
        throw new MalformedInputException("truncated");
      }
      held += cipher.decrypt(index, last, ct, 0, n, hold, held);
      int release = held - sigLen;
      if (release > 0) {
        digest.update(hold, 0, release);
        sink.write(hold, 0, release);
        payloadLength += release;
        System.arraycopy(hold, release, hold, 0, sigLen);
        held = sigLen;
      }
      if (last) {
        break;
      }
    }
    if (held != sigLen) {
      throw new MalformedInputException("signature missing");
    }
    byte[] signature = Arrays.copyOf(hold, sigLen);
    byte[] signedData =
        EnvelopeFormat.signedData(header.digestUnsafe(), digest.digest(), payloadLength);
    if (!sender.verifies(SignatureContext.ENVELOPE, signedData, signature)) {
      throw new MalformedInputException("signature invalid");
    }
  }
}
