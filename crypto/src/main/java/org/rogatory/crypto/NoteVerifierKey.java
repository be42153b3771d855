package org.rogatory.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.rogatory.crypto.internal.Ed25519;
import org.rogatory.crypto.internal.MlDsa65;
import org.rogatory.crypto.internal.Sha256;

/**
 * A public key that verifies signature lines of {@link SignedNote}s: a key name, a signature type
 * and the public key, from which the 4-byte key ID follows as c2sp.org/signed-note recommends:
 * {@code SHA-256(name || 0x0A || type || public key)[:4]}.
 *
 * <p>Its text form is the verifier key ("vkey") of the Go and C2SP tooling, {@code <name>+<8 hex
 * digits of key ID>+<base64(type || public key)>}, so a log's keys can be published and configured
 * as one line each.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #parse} recomputes the key ID and rejects a verifier key whose ID, type or key length does
 * not match. Instances are immutable.
 */
public final class NoteVerifierKey {

  /** The signature types Rogatory uses. */
  public enum Type {
    /** Ed25519 over the note text (signed-note type 0x01): the log's classical signature. */
    ED25519(new byte[] {0x01}, Ed25519.PUBLIC_LENGTH),
    /**
     * A timestamped Ed25519 witness cosignature, c2sp.org/tlog-cosignature version 1 (type 0x04).
     */
    COSIGNATURE_V1(new byte[] {0x04}, Ed25519.PUBLIC_LENGTH),
    /**
     * Rogatory's own extension, not a C2SP type: ML-DSA-65 over the note text, identified by the
     * signed-note escape byte 0xff followed by the ASCII name {@code "rogatory-v1 ml-dsa-65"}
     * (docs/spec/transparency-log.md).
     */
    ROGATORY_ML_DSA_65(mlDsaPrefix(), MlDsa65.PUBLIC_LENGTH);

    private final byte[] prefix;
    private final int publicKeyLength;

    Type(byte[] prefix, int publicKeyLength) {
      this.prefix = prefix;
      this.publicKeyLength = publicKeyLength;
    }

    private static byte[] mlDsaPrefix() {
      byte[] id = "rogatory-v1 ml-dsa-65".getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[1 + id.length];
      out[0] = (byte) 0xff;
      System.arraycopy(id, 0, out, 1, id.length);
      return out;
    }

    /** The bytes that identify the type in key IDs and verifier keys. */
    byte[] prefix() {
      return prefix.clone();
    }
  }

  /** The FIPS 204 context string of Rogatory's ML-DSA-65 note signatures. */
  static final String MLDSA_CONTEXT = "rogatory-v1 checkpoint";

  private final String name;
  private final Type type;
  private final byte[] publicKey;
  private final int keyId;

  private NoteVerifierKey(String name, Type type, byte[] publicKey) {
    this.name = name;
    this.type = type;
    this.publicKey = publicKey;
    this.keyId = keyId(name, type, publicKey);
  }

  /**
   * A verifier key from its parts.
   *
   * @throws IllegalArgumentException if the name is not a valid key name or the public key does not
   *     fit the type
   */
  public static NoteVerifierKey of(String name, Type type, byte[] publicKey) {
    Objects.requireNonNull(type, "type");
    if (!SignedNote.isValidKeyName(name)) {
      throw new IllegalArgumentException(
          "a key name is non-empty, without spaces, '+' or control characters");
    }
    if (publicKey.length != type.publicKeyLength
        || (type != Type.ROGATORY_ML_DSA_65 && !Ed25519.isValidPublicKey(publicKey))) {
      throw new IllegalArgumentException("the public key does not fit signature type " + type);
    }
    return new NoteVerifierKey(name, type, publicKey.clone());
  }

  /**
   * Parses a verifier key {@code <name>+<hex key ID>+<base64(type || public key)>}.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is malformed, of an
   *     unknown type, or its key ID does not match its name and key
   */
  public static NoteVerifierKey parse(String vkey) throws CryptoException {
    int first = vkey.indexOf('+');
    int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (second < 0) {
      throw SignedNote.malformed("a verifier key is name+keyid+key");
    }
    String name = vkey.substring(0, first);
    String hex = vkey.substring(first + 1, second);
    String b64 = vkey.substring(second + 1);
    if (!hex.matches("[0-9a-f]{8}")) {
      throw SignedNote.malformed("a verifier key's ID is 8 lowercase hexadecimal digits");
    }
    byte[] material;
    int id;
    try {
      id = (int) Long.parseLong(hex, 16);
      material = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw SignedNote.malformed("a verifier key is name+keyid+key");
    }
    if (!Base64.getEncoder().encodeToString(material).equals(b64)) {
      throw SignedNote.malformed("a verifier key's key is not canonical base64");
    }
    for (Type t : Type.values()) {
      byte[] prefix = t.prefix;
      if (material.length == prefix.length + t.publicKeyLength
          && Arrays.equals(material, 0, prefix.length, prefix, 0, prefix.length)) {
        NoteVerifierKey key;
        try {
          key = of(name, t, Arrays.copyOfRange(material, prefix.length, material.length));
        } catch (IllegalArgumentException e) {
          throw SignedNote.malformed("a verifier key has an invalid name or key");
        }
        if (key.keyId != id) {
          throw SignedNote.malformed("a verifier key's ID does not match its name and key");
        }
        return key;
      }
    }
    throw SignedNote.malformed("a verifier key has an unknown type or a key of the wrong length");
  }

  /** {@code SHA-256(name || 0x0A || type || public key)[:4]} as a big-endian integer. */
  static int keyId(String name, Type type, byte[] publicKey) {
    byte[] h =
        Sha256.of(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n'}, type.prefix, publicKey);
    return ByteBuffer.wrap(h, 0, 4).getInt();
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public int keyId() {
    return keyId;
  }

  /** The raw public key (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The verifier key text {@code <name>+<hex key ID>+<base64(type || public key)>}. */
  public String encode() {
    byte[] prefix = type.prefix;
    byte[] material = Arrays.copyOf(prefix, prefix.length + publicKey.length);
    System.arraycopy(publicKey, 0, material, prefix.length, publicKey.length);
    return name
        + "+"
        + HexFormat.of().toHexDigits(keyId)
        + "+"
        + Base64.getEncoder().encodeToString(material);
  }

  /** True if the line names this key: same key name and key ID. */
  boolean matches(SignedNote.Signature signature) {
    return signature.keyName().equals(name) && signature.keyId() == keyId;
  }

  /**
   * Checks one signature line made by this key over {@code text}; returns the cosignature time in
   * seconds for {@link Type#COSIGNATURE_V1}, otherwise 0.
   *
   * @throws CryptoException with {@link CryptoException.Reason#VERIFICATION_FAILED} if it does not
   *     verify
   */
  long verify(String text, SignedNote.Signature signature) throws CryptoException {
    byte[] sig = signature.signatureUnsafe();
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    boolean ok;
    long time = 0;
    switch (type) {
      case ED25519 -> ok = Ed25519.verify(publicKey, message, sig);
      case ROGATORY_ML_DSA_65 -> ok = MlDsa65.verify(publicKey, MLDSA_CONTEXT, message, sig);
      case COSIGNATURE_V1 -> {
        ok = sig.length == 8 + Ed25519.SIGNATURE_LENGTH;
        if (ok) {
          time = ByteBuffer.wrap(sig, 0, 8).getLong();
          ok =
              time >= 0
                  && Ed25519.verify(
                      publicKey,
                      Cosignatures.message(time, text),
                      Arrays.copyOfRange(sig, 8, sig.length));
        }
      }
      default -> throw new IllegalStateException("unknown type " + type);
    }
    if (!ok) {
      throw new CryptoException(
          CryptoException.Reason.VERIFICATION_FAILED,
          "the note signature of key " + this + " does not verify");
    }
    return time;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifierKey other
        && other.name.equals(name)
        && other.type == type
        && Arrays.equals(other.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(publicKey));
  }

  /** The name and key ID, {@code name+hex}, as in error messages. */
  @Override
  public String toString() {
    return name + "+" + HexFormat.of().toHexDigits(keyId);
  }
}
