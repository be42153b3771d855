package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.Ed25519;
import org.rogatory.crypto.internal.MalformedInputException;
import org.rogatory.crypto.internal.MlDsa65;

/**
 * The transparency log's signing key: an Ed25519 key (signed-note type 0x01, what every C2SP
 * checkpoint verifier understands) and an ML-DSA-65 key (Rogatory's signed-note extension, see
 * {@link NoteVerifierKey.Type#ROGATORY_ML_DSA_65}), both under the log's origin as key name. Each
 * checkpoint is signed by both, on two signature lines.
 *
 * <h2>Security guarantees</h2>
 *
 * A checkpoint verified with both keys required (as {@link CheckpointVerifier} does) stays
 * unforgeable as long as either algorithm holds, in particular against an adversary with a quantum
 * computer. The private seeds leave this object only through {@link #exportPrivate}, which needs a
 * {@link SecretKeyAccess} token; {@link #toString()} shows the public keys only.
 *
 * <h2>Warning</h2>
 *
 * A log must never sign two checkpoints that are not consistent with each other (tlog-checkpoint):
 * sign only roots of the one append-only tree, at sizes that never decrease.
 */
public final class LogSigningKey {
  private static final byte[] MAGIC = "RGLK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private final String origin;
  private final byte[] ed25519Seed;
  private final byte[] mldsaSeed;
  private final NoteVerifierKey ed25519;
  private final NoteVerifierKey mldsa;

  private LogSigningKey(String origin, byte[] ed25519Seed, byte[] mldsaSeed) {
    this.origin = origin;
    this.ed25519Seed = ed25519Seed;
    this.mldsaSeed = mldsaSeed;
    this.ed25519 =
        NoteVerifierKey.of(origin, NoteVerifierKey.Type.ED25519, Ed25519.publicKey(ed25519Seed));
    this.mldsa =
        NoteVerifierKey.of(
            origin, NoteVerifierKey.Type.ROGATORY_ML_DSA_65, MlDsa65.publicKey(mldsaSeed));
  }

  /**
   * Generates fresh keys for the log named {@code origin}.
   *
   * @throws IllegalArgumentException if {@code origin} is not a valid key name (non-empty, no
   *     spaces, no {@code +}); a schema-less URL such as {@code hub.example/log} is recommended
   */
  public static LogSigningKey generate(String origin) {
    return fromSeeds(origin, SecureRandoms.bytes(32), SecureRandoms.bytes(32));
  }

  static LogSigningKey fromSeeds(String origin, byte[] ed25519Seed, byte[] mldsaSeed) {
    if (!SignedNote.isValidKeyName(origin)) {
      throw new IllegalArgumentException(
          "a log origin is non-empty, without spaces, '+' or control characters");
    }
    if (ed25519Seed.length != 32 || mldsaSeed.length != 32) {
      throw new IllegalArgumentException("seeds are 32 bytes");
    }
    return new LogSigningKey(origin, ed25519Seed.clone(), mldsaSeed.clone());
  }

  /**
   * Reads keys written by {@link #exportPrivate}.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if the bytes are not an
   *     exported log key
   */
  public static LogSigningKey importPrivate(byte[] exported) throws CryptoException {
    try {
      ByteReader r = new ByteReader(exported);
      if (!Arrays.equals(r.raw(MAGIC.length), MAGIC) || r.u8() != VERSION) {
        throw new MalformedInputException("not an exported log signing key");
      }
      String origin = r.str16();
      byte[] ed = r.raw(32);
      byte[] ml = r.raw(32);
      r.expectEnd();
      return fromSeeds(origin, ed, ml);
    } catch (MalformedInputException | IllegalArgumentException e) {
      throw SignedNote.malformed("not an exported log signing key");
    }
  }

  /**
   * The private seeds and origin: {@code "RGLK" || u8(1) || str16(origin) || ed25519 seed (32) ||
   * ml-dsa-65 seed (32)}. Store them encrypted (for instance with {@link SecretFile}).
   */
  public byte[] exportPrivate(SecretKeyAccess access) {
    Objects.requireNonNull(access, "access");
    return new ByteWriter(128)
        .raw(MAGIC)
        .u8(VERSION)
        .str16(origin)
        .raw(ed25519Seed)
        .raw(mldsaSeed)
        .toByteArray();
  }

  /** The log's origin, which is also the key name of both signature lines. */
  public String origin() {
    return origin;
  }

  /** The two verifier keys to publish: Ed25519 first, then ML-DSA-65. */
  public List<NoteVerifierKey> verifierKeys() {
    return List.of(ed25519, mldsa);
  }

  /**
   * Signs {@code checkpoint} with both keys.
   *
   * @throws IllegalArgumentException if the checkpoint is of another origin
   */
  public SignedNote sign(Checkpoint checkpoint) {
    if (!checkpoint.origin().equals(origin)) {
      throw new IllegalArgumentException("this key signs checkpoints of " + origin + " only");
    }
    String text = checkpoint.text();
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    return SignedNote.of(
        text,
        List.of(
            SignedNote.Signature.of(origin, ed25519.keyId(), Ed25519.sign(ed25519Seed, message)),
            SignedNote.Signature.of(
                origin,
                mldsa.keyId(),
                MlDsa65.sign(
                    mldsaSeed, NoteVerifierKey.MLDSA_CONTEXT, message, SecureRandoms.get()))));
  }

  /**
   * Signs a statement of evidence with both keys (docs/spec/evidence.md section 3): Ed25519 over
   * the statement's encoding, and ML-DSA-65 over it with the FIPS 204 context {@code "rogatory-v1
   * evidence"}.
   *
   * @throws IllegalArgumentException if the statement is not one the hub signs, or names another
   *     origin
   */
  public SignedStatement sign(EvidenceStatement statement) {
    if (!statement.type().isSignedByHub() || !statement.origin().equals(origin)) {
      throw new IllegalArgumentException(
          "this key signs the hub's statements of origin " + origin + " only");
    }
    return SignedStatement.of(
        statement, SignedStatement.logSignature(ed25519Seed, mldsaSeed, statement.encode()));
  }

  @Override
  public String toString() {
    return "LogSigningKey[" + ed25519 + ", " + mldsa + ", private keys REDACTED]";
  }
}
