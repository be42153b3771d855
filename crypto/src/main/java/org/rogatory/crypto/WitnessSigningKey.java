package org.rogatory.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.Ed25519;
import org.rogatory.crypto.internal.MalformedInputException;

/**
 * A witness's Ed25519 key for c2sp.org/tlog-cosignature version 1 (signed-note type 0x04): it signs
 * {@code "cosignature/v1\ntime <seconds>\n" || checkpoint text} and produces a signature line
 * {@code key ID || u64 time || Ed25519 signature}.
 *
 * <h2>Security guarantees</h2>
 *
 * The private seed leaves this object only through {@link #exportPrivate}, which needs a {@link
 * SecretKeyAccess} token.
 *
 * <h2>Warning</h2>
 *
 * A cosignature states that this checkpoint is the largest consistent one the witness has seen for
 * the log. Cosign only after verifying the log's signatures ({@link CheckpointVerifier}) and a
 * consistency proof from the last checkpoint cosigned for that origin, and never cosign a smaller
 * or inconsistent one. Use one key per witness name: the name is not signed.
 */
public final class WitnessSigningKey {
  private static final byte[] MAGIC = "RGWK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private final byte[] seed;
  private final NoteVerifierKey verifierKey;

  private WitnessSigningKey(String name, byte[] seed) {
    this.seed = seed;
    this.verifierKey =
        NoteVerifierKey.of(name, NoteVerifierKey.Type.COSIGNATURE_V1, Ed25519.publicKey(seed));
  }

  /**
   * Generates a fresh key for the witness named {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid key name
   */
  public static WitnessSigningKey generate(String name) {
    return fromSeed(name, SecureRandoms.bytes(32));
  }

  static WitnessSigningKey fromSeed(String name, byte[] seed) {
    if (!SignedNote.isValidKeyName(name)) {
      throw new IllegalArgumentException(
          "a witness name is non-empty, without spaces, '+' or control characters");
    }
    if (seed.length != 32) {
      throw new IllegalArgumentException("a seed is 32 bytes");
    }
    return new WitnessSigningKey(name, seed.clone());
  }

  /**
   * Reads a key written by {@link #exportPrivate}.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if the bytes are not an
   *     exported witness key
   */
  public static WitnessSigningKey importPrivate(byte[] exported) throws CryptoException {
    try {
      ByteReader r = new ByteReader(exported);
      if (!Arrays.equals(r.raw(MAGIC.length), MAGIC) || r.u8() != VERSION) {
        throw new MalformedInputException("not an exported witness key");
      }
      String name = r.str16();
      byte[] seed = r.raw(32);
      r.expectEnd();
      return fromSeed(name, seed);
    } catch (MalformedInputException | IllegalArgumentException e) {
      throw SignedNote.malformed("not an exported witness key");
    }
  }

  /** {@code "RGWK" || u8(1) || str16(name) || ed25519 seed (32)}; store it encrypted. */
  public byte[] exportPrivate(SecretKeyAccess access) {
    Objects.requireNonNull(access, "access");
    return new ByteWriter(80)
        .raw(MAGIC)
        .u8(VERSION)
        .str16(verifierKey.name())
        .raw(seed)
        .toByteArray();
  }

  /** The verifier key clients configure to accept this witness's cosignatures. */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /**
   * Cosigns {@code checkpoint} at the current second of {@code clock}; attach the line to the log's
   * note with {@link SignedNote#withSignature}.
   */
  public SignedNote.Signature cosign(Checkpoint checkpoint, Clock clock) {
    long now = clock.instant().getEpochSecond();
    if (now < 0) {
      throw new IllegalArgumentException("the clock is before 1970");
    }
    byte[] sig = Ed25519.sign(seed, Cosignatures.message(now, checkpoint.text()));
    byte[] timestamped = ByteBuffer.allocate(8 + sig.length).putLong(now).put(sig).array();
    return SignedNote.Signature.of(verifierKey.name(), verifierKey.keyId(), timestamped);
  }

  @Override
  public String toString() {
    return "WitnessSigningKey[" + verifierKey + ", private key REDACTED]";
  }
}
