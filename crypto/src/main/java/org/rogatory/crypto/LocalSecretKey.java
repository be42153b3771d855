package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.rogatory.crypto.internal.ByteWriter;

/**
 * A 256-bit AES-GCM key kept on the local disk of a server, for small secrets the server must read
 * back itself (such as the TOTP secrets of the Court staff console) and wants out of its database.
 * Each value is sealed with a fresh 96-bit nonce and a caller-given context as associated data, so
 * a sealed value copied to another record (another context) does not open.
 *
 * <p>Sealed layout: {@code "RGLS" || 0x01 || nonce (12) || AES-256-GCM ciphertext and 16-byte tag}.
 *
 * <h2>Security guarantees</h2>
 *
 * Without the key a sealed value reveals only its length; any change to it, a wrong key and a wrong
 * context give the same {@link CryptoException}.
 *
 * <h2>Warning</h2>
 *
 * The key is only as safe as the file it lives in: this protects a copy of the database (a backup,
 * a replica, a dump), not a server whose disk and database are both in the attacker's hands. Random
 * nonces bound the number of values sealed under one key to well under 2^32.
 */
public final class LocalSecretKey {
  /** The length of the key, in bytes. */
  public static final int KEY_LENGTH = 32;

  private static final byte[] MAGIC = "RGLS".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int NONCE_LENGTH = 12;
  private static final int HEADER = MAGIC.length + 1 + NONCE_LENGTH;
  private static final int TAG_LENGTH = 16;

  private final byte[] key;

  private LocalSecretKey(byte[] key) {
    this.key = key;
  }

  /** A new random key. */
  public static LocalSecretKey generate() {
    return new LocalSecretKey(SecureRandoms.bytes(KEY_LENGTH));
  }

  /**
   * The key with these bytes (as written by {@link #toBytes}).
   *
   * @throws IllegalArgumentException if there are not {@value #KEY_LENGTH} of them
   */
  public static LocalSecretKey fromBytes(byte[] bytes, SecretKeyAccess access) {
    if (access == null) {
      throw new IllegalArgumentException("importing a secret key needs SecretKeyAccess");
    }
    if (bytes == null || bytes.length != KEY_LENGTH) {
      throw new IllegalArgumentException("a local secret key has " + KEY_LENGTH + " bytes");
    }
    return new LocalSecretKey(bytes.clone());
  }

  /** The key's bytes, to store it; the caller protects them. */
  public byte[] toBytes(SecretKeyAccess access) {
    if (access == null) {
      throw new IllegalArgumentException("exporting a secret key needs SecretKeyAccess");
    }
    return key.clone();
  }

  /** Seals {@code plaintext} bound to {@code context}. */
  public byte[] seal(byte[] plaintext, byte[] context) {
    byte[] nonce = SecureRandoms.bytes(NONCE_LENGTH);
    byte[] header = new ByteWriter(HEADER).raw(MAGIC).u8(VERSION).raw(nonce).toByteArray();
    try {
      byte[] body =
          KeyFile.aesGcm(Cipher.ENCRYPT_MODE, key, nonce, aad(header, context), plaintext);
      byte[] out = Arrays.copyOf(header, header.length + body.length);
      System.arraycopy(body, 0, out, header.length, body.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed while sealing", e);
    }
  }

  /**
   * Opens a value sealed under this key with the same {@code context}.
   *
   * @throws CryptoException if it was not, or was changed
   */
  public byte[] open(byte[] sealed, byte[] context) throws CryptoException {
    if (sealed == null
        || sealed.length < HEADER + TAG_LENGTH
        || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || sealed[MAGIC.length] != VERSION) {
      throw notOpened();
    }
    byte[] header = Arrays.copyOf(sealed, HEADER);
    byte[] nonce = Arrays.copyOfRange(sealed, MAGIC.length + 1, HEADER);
    try {
      return KeyFile.aesGcm(
          Cipher.DECRYPT_MODE,
          key,
          nonce,
          aad(header, context),
          Arrays.copyOfRange(sealed, HEADER, sealed.length));
    } catch (GeneralSecurityException e) {
      throw notOpened();
    }
  }

  private static CryptoException notOpened() {
    return new CryptoException(
        CryptoException.Reason.DECRYPTION_FAILED,
        "the sealed value does not open under this key and context");
  }

  private static byte[] aad(byte[] header, byte[] context) {
    byte[] c = context == null ? new byte[0] : context;
    byte[] out = Arrays.copyOf(header, header.length + c.length);
    System.arraycopy(c, 0, out, header.length, c.length);
    return out;
  }

  @Override
  public String toString() {
    return "LocalSecretKey[REDACTED]";
  }
}
