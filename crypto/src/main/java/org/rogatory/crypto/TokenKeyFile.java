package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.MalformedInputException;

/**
 * A party's private keys at rest, encrypted with AES-256-GCM by a hardware token (PKCS#11) under a
 * key that never leaves it: the same secrets as a {@link KeyFile} (the three seeds and the signed
 * bundle), with no passphrase to guess offline. Whoever holds the file and not the token (and its
 * PIN) learns nothing; the token does the decryption, so the AES key is never in this process.
 *
 * <p>Hybrid post-quantum keys cannot live inside today's tokens (no ML-DSA or X-Wing mechanisms in
 * PKCS#11 3.0 tokens such as SoftHSM 2.6), hence this wrapping: it moves the root of the secret
 * into the token without weakening the algorithms. Byte layout in {@code docs/spec/key-store.md}.
 */
public final class TokenKeyFile {
  static final byte[] MAGIC = "RGKT".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  static final int MAX_LABEL = 64;
  static final int MAX_LENGTH = 16 * 1024;

  private TokenKeyFile() {}

  /**
   * Encrypts {@code keys} with {@code tokenKey}, an AES-256 key of {@code token}.
   *
   * @param label the name of the token key, recorded in the file (and authenticated) so that the
   *     file says which key opens it
   * @throws IllegalArgumentException if the label is empty, longer than {@value #MAX_LABEL} bytes
   * @throws GeneralSecurityException if the token refuses the encryption
   */
  public static byte[] encrypt(PartyKeys keys, String label, SecretKey tokenKey, Provider token)
      throws GeneralSecurityException {
    Objects.requireNonNull(keys, "keys");
    byte[] labelBytes = checkedLabel(label);
    byte[] nonce = SecureRandoms.bytes(NONCE_LENGTH);
    byte[] header =
        new ByteWriter(96)
            .raw(MAGIC)
            .u8(FORMAT_VERSION)
            .u8(labelBytes.length)
            .raw(labelBytes)
            .raw(nonce)
            .toByteArray();
    byte[] secrets = KeyFile.secretsOf(keys);
    try {
      byte[] ct = gcm(Cipher.ENCRYPT_MODE, tokenKey, token, nonce, header, secrets);
      byte[] out = Arrays.copyOf(header, header.length + ct.length);
      System.arraycopy(ct, 0, out, header.length, ct.length);
      return out;
    } finally {
      Arrays.fill(secrets, (byte) 0);
    }
  }

  /**
   * The name of the token key that opens {@code file}.
   *
   * @throws CryptoException with reason {@code MALFORMED} if it is not a token key file
   */
  public static String label(byte[] file) throws CryptoException {
    try {
      return new String(readHeader(file).label, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
    }
  }

  /**
   * Decrypts {@code file} with the token's key.
   *
   * @throws CryptoException {@code MALFORMED} if it is not a token key file; {@code
   *     WRONG_PASSPHRASE_OR_DAMAGED} if the key does not open it or its contents are inconsistent
   */
  public static PartyKeys decrypt(byte[] file, SecretKey tokenKey, Provider token)
      throws CryptoException {
    Header h;
    try {
      h = readHeader(file);
    } catch (MalformedInputException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
    }
    byte[] header = Arrays.copyOf(file, h.length);
    byte[] ct = Arrays.copyOfRange(file, h.length, file.length);
    byte[] secrets = null;
    try {
      if (ct.length < TAG_LENGTH) {
        throw new MalformedInputException("no ciphertext");
      }
      secrets = gcm(Cipher.DECRYPT_MODE, tokenKey, token, h.nonce, header, ct);
      return KeyFile.keysFrom(secrets);
    } catch (GeneralSecurityException
        | java.security.ProviderException
        | MalformedInputException
        | CryptoException e) {
      // A PKCS#11 provider reports some refusals as ProviderException (an unchecked exception).
      throw new CryptoException(
          CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED,
          "the key file could not be decrypted with the token's key: wrong key or damaged file");
    } finally {
      if (secrets != null) {
        Arrays.fill(secrets, (byte) 0);
      }
    }
  }

  private record Header(byte[] label, byte[] nonce, int length) {}

  private static Header readHeader(byte[] file) throws MalformedInputException {
    if (file == null || file.length > MAX_LENGTH) {
      throw new MalformedInputException("not a Rogatory token key file");
    }
    ByteReader r = new ByteReader(file);
    if (!Arrays.equals(r.raw(4), MAGIC)) {
      throw new MalformedInputException("not a Rogatory token key file");
    }
    if (r.u8() != FORMAT_VERSION) {
      throw new MalformedInputException("unsupported token key file version");
    }
    int n = r.u8();
    if (n == 0 || n > MAX_LABEL) {
      throw new MalformedInputException("token key file label length out of range");
    }
    byte[] label = r.raw(n);
    byte[] nonce = r.raw(NONCE_LENGTH);
    return new Header(label, nonce, r.position());
  }

  private static byte[] checkedLabel(String label) {
    byte[] b = Objects.requireNonNull(label, "label").getBytes(StandardCharsets.UTF_8);
    if (b.length == 0 || b.length > MAX_LABEL) {
      throw new IllegalArgumentException("the token key label must be 1 to 64 bytes of UTF-8");
    }
    return b;
  }

  private static byte[] gcm(
      int mode, SecretKey key, Provider provider, byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException {
    Cipher cipher =
        provider == null
            ? Cipher.getInstance("AES/GCM/NoPadding")
            : Cipher.getInstance("AES/GCM/NoPadding", provider);
    cipher.init(mode, key, new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad);
    return cipher.doFinal(input);
  }
}
