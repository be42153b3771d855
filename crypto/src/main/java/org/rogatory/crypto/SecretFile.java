package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.MalformedInputException;

/**
 * A small secret other than the party's own keys — for instance the private key of its TLS client
 * certificate — at rest under the same passphrase and the same construction as {@link KeyFile}:
 * Argon2id derives an AES-256-GCM key, the whole header is associated data. The magic {@code RGSF}
 * keeps it from being mistaken for a key file. Layout in {@code docs/spec/key-store.md}.
 *
 * <h2>Security guarantees</h2>
 *
 * Without the passphrase the file reveals only the secret's length; any change to the file, and a
 * wrong passphrase, give the same error; KDF parameters are range-checked before the KDF runs.
 *
 * <h2>Warning</h2>
 *
 * Each file runs the memory-hard KDF once: keep the number of such files small. The secret is at
 * most {@value #MAX_SECRET} bytes.
 */
public final class SecretFile {
  static final byte[] MAGIC = "RGSF".getBytes(StandardCharsets.US_ASCII);

  /** The largest secret a file holds, in bytes. */
  public static final int MAX_SECRET = 8192;

  private SecretFile() {}

  /**
   * Encrypts {@code secret} under {@code passphrase}; the caller may wipe both afterwards.
   *
   * @throws IllegalArgumentException if the secret is empty or larger than {@value #MAX_SECRET}
   */
  public static byte[] encrypt(byte[] secret, char[] passphrase, KeyFilePreset preset) {
    if (secret == null || secret.length == 0 || secret.length > MAX_SECRET) {
      throw new IllegalArgumentException("a secret file holds 1 to " + MAX_SECRET + " bytes");
    }
    byte[] salt = SecureRandoms.bytes(KeyFile.SALT_LENGTH);
    byte[] nonce = SecureRandoms.bytes(KeyFile.NONCE_LENGTH);
    byte[] header =
        new ByteWriter(64)
            .raw(MAGIC)
            .u8(KeyFile.FORMAT_VERSION)
            .u8(KeyFile.KDF_ARGON2ID)
            .u32(preset.memoryKiB())
            .u32(preset.iterations())
            .u8(preset.parallelism())
            .raw(salt)
            .raw(nonce)
            .toByteArray();
    byte[] key =
        KeyFile.kdf(
            passphrase, salt, preset.memoryKiB(), preset.iterations(), preset.parallelism());
    try {
      byte[] ct = KeyFile.aesGcm(Cipher.ENCRYPT_MODE, key, nonce, header, secret);
      byte[] out = Arrays.copyOf(header, header.length + ct.length);
      System.arraycopy(ct, 0, out, header.length, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed while encrypting a secret file", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Decrypts a secret file; the caller should wipe the returned array after use.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is not a secret
   *     file or asks for out-of-range KDF parameters, or {@link
   *     CryptoException.Reason#WRONG_PASSPHRASE_OR_DAMAGED} if it does not decrypt
   */
  public static byte[] decrypt(byte[] file, char[] passphrase) throws CryptoException {
    if (file == null || file.length > MAX_SECRET + 64) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "not a Rogatory secret file");
    }
    ByteReader r = new ByteReader(file);
    int memory;
    int iterations;
    int parallelism;
    byte[] salt;
    byte[] nonce;
    try {
      if (!Arrays.equals(r.raw(4), MAGIC)) {
        throw new MalformedInputException("not a Rogatory secret file");
      }
      if (r.u8() != KeyFile.FORMAT_VERSION || r.u8() != KeyFile.KDF_ARGON2ID) {
        throw new MalformedInputException("unsupported secret file version or KDF");
      }
      long m = r.u32();
      long t = r.u32();
      int p = r.u8();
      if (m < KeyFile.MIN_MEMORY_KIB
          || m > KeyFile.MAX_MEMORY_KIB
          || t < 1
          || t > KeyFile.MAX_ITERATIONS
          || p < 1
          || p > KeyFile.MAX_PARALLELISM
          || m < 8L * p) {
        throw new MalformedInputException("secret file KDF parameters are out of range");
      }
      memory = (int) m;
      iterations = (int) t;
      parallelism = p;
      salt = r.raw(KeyFile.SALT_LENGTH);
      nonce = r.raw(KeyFile.NONCE_LENGTH);
    } catch (MalformedInputException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
    }
    byte[] header = Arrays.copyOf(file, r.position());
    byte[] ct = Arrays.copyOfRange(file, r.position(), file.length);
    byte[] key = KeyFile.kdf(passphrase, salt, memory, iterations, parallelism);
    try {
      return KeyFile.aesGcm(Cipher.DECRYPT_MODE, key, nonce, header, ct);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(
          CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED,
          "the secret file could not be decrypted: wrong passphrase or damaged file");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
