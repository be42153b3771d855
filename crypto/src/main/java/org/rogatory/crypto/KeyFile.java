package org.rogatory.crypto;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.rogatory.crypto.internal.Argon2id;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.MalformedInputException;

/**
 * A party's private keys at rest, encrypted under a passphrase: Argon2id derives an AES-256-GCM
 * key; the plaintext holds the three 32-byte seeds (Ed25519 per RFC 8032, ML-DSA-65 per FIPS 204,
 * X-Wing) and the signed key bundle. Byte layout in {@code docs/spec/key-file.md}.
 *
 * <h2>Security guarantees</h2>
 *
 * Without the passphrase the file reveals the party id only through the bundle inside the
 * ciphertext, i.e. nothing; every header byte (including the KDF parameters) is authenticated. A
 * wrong passphrase and a damaged file give the same error. On load, the seeds must reproduce the
 * public keys of the enclosed bundle.
 *
 * <h2>Warning</h2>
 *
 * The file is only as strong as the passphrase: use a long one (a diceware phrase of six words or
 * more). The passphrase is normalised to Unicode NFC before use.
 */
public final class KeyFile {
  static final byte[] MAGIC = "RGKF".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  static final int KDF_ARGON2ID = 1;
  static final int SALT_LENGTH = 16;
  static final int NONCE_LENGTH = 12;
  static final int MIN_MEMORY_KIB = 8 * 1024;
  static final int MAX_MEMORY_KIB = 1024 * 1024;
  static final int MAX_ITERATIONS = 16;
  static final int MAX_PARALLELISM = 16;
  static final int MAX_LENGTH = 16 * 1024;

  private KeyFile() {}

  /** Encrypts {@code keys} under {@code passphrase}; the caller may wipe the array afterwards. */
  public static byte[] encrypt(PartyKeys keys, char[] passphrase, KeyFilePreset preset) {
    byte[] salt = SecureRandoms.bytes(SALT_LENGTH);
    byte[] nonce = SecureRandoms.bytes(NONCE_LENGTH);
    byte[] header =
        new ByteWriter(64)
            .raw(MAGIC)
            .u8(FORMAT_VERSION)
            .u8(KDF_ARGON2ID)
            .u32(preset.memoryKiB())
            .u32(preset.iterations())
            .u8(preset.parallelism())
            .raw(salt)
            .raw(nonce)
            .toByteArray();
    byte[] plaintext = secretsOf(keys);
    byte[] key =
        kdf(passphrase, salt, preset.memoryKiB(), preset.iterations(), preset.parallelism());
    try {
      byte[] ct = aesGcm(Cipher.ENCRYPT_MODE, key, nonce, header, plaintext);
      byte[] out = Arrays.copyOf(header, header.length + ct.length);
      System.arraycopy(ct, 0, out, header.length, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed while encrypting a key file", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Decrypts a key file.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is not a key file
   *     or asks for out-of-range KDF parameters, or {@link
   *     CryptoException.Reason#WRONG_PASSPHRASE_OR_DAMAGED} if it does not decrypt or its contents
   *     are inconsistent
   */
  public static PartyKeys decrypt(byte[] file, char[] passphrase) throws CryptoException {
    if (file == null || file.length > MAX_LENGTH) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "not a Rogatory key file");
    }
    ByteReader r = new ByteReader(file);
    int memory;
    int iterations;
    int parallelism;
    byte[] salt;
    byte[] nonce;
    try {
      if (!Arrays.equals(r.raw(4), MAGIC)) {
        throw new MalformedInputException("not a Rogatory key file");
      }
      if (r.u8() != FORMAT_VERSION || r.u8() != KDF_ARGON2ID) {
        throw new MalformedInputException("unsupported key file version or KDF");
      }
      long m = r.u32();
      long t = r.u32();
      int p = r.u8();
      if (m < MIN_MEMORY_KIB
          || m > MAX_MEMORY_KIB
          || t < 1
          || t > MAX_ITERATIONS
          || p < 1
          || p > MAX_PARALLELISM
          || m < 8L * p) {
        throw new MalformedInputException("key file KDF parameters are out of range");
      }
      memory = (int) m;
      iterations = (int) t;
      parallelism = p;
      salt = r.raw(SALT_LENGTH);
      nonce = r.raw(NONCE_LENGTH);
    } catch (MalformedInputException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
    }
    byte[] header = Arrays.copyOf(file, r.position());
    byte[] ct = Arrays.copyOfRange(file, r.position(), file.length);
    byte[] key = kdf(passphrase, salt, memory, iterations, parallelism);
    byte[] plaintext = null;
    try {
      plaintext = aesGcm(Cipher.DECRYPT_MODE, key, nonce, header, ct);
      return keysFrom(plaintext);
    } catch (GeneralSecurityException | MalformedInputException | CryptoException e) {
      throw new CryptoException(
          CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED,
          "the key file could not be decrypted: wrong passphrase or damaged file");
    } finally {
      Arrays.fill(key, (byte) 0);
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  /**
   * The secret part of a key file: the three seeds and the signed bundle. The caller wipes it after
   * use.
   */
  static byte[] secretsOf(PartyKeys keys) {
    return new ByteWriter(5600)
        .raw(keys.signingKey().ed25519Seed())
        .raw(keys.signingKey().mldsaSeed())
        .raw(keys.decryptionKey().seed())
        .bytes32(keys.bundle().encode())
        .toByteArray();
  }

  /**
   * The keys in {@code secrets} (as {@link #secretsOf} writes them), checked against the bundle.
   */
  static PartyKeys keysFrom(byte[] secrets) throws MalformedInputException, CryptoException {
    ByteReader p = new ByteReader(secrets);
    byte[] ed = p.raw(32);
    byte[] ml = p.raw(32);
    byte[] xw = p.raw(32);
    try {
      KeyBundle bundle = KeyBundle.decode(p.bytes32(KeyBundle.MAX_ENCODED_LENGTH));
      p.expectEnd();
      return rebuild(bundle, ed, ml, xw);
    } finally {
      Arrays.fill(ed, (byte) 0);
      Arrays.fill(ml, (byte) 0);
      Arrays.fill(xw, (byte) 0);
    }
  }

  private static PartyKeys rebuild(KeyBundle bundle, byte[] ed, byte[] ml, byte[] xw)
      throws MalformedInputException {
    var signing = new org.rogatory.crypto.internal.HybridSigning.PrivateKey(ed, ml);
    var decryption = new org.rogatory.crypto.internal.XWingHpke.PrivateKey(xw);
    if (!bundle.hasSameKeys(
        signing.ed25519Public(), signing.mldsaPublic(), decryption.publicKey())) {
      throw new MalformedInputException("seeds do not match the bundle");
    }
    return new PartyKeys(signing, decryption, bundle);
  }

  static byte[] kdf(char[] passphrase, byte[] salt, int memoryKiB, int iterations, int lanes) {
    String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
    // The normalised String cannot be wiped; the byte copy handed to the KDF is.
    byte[] password = normalized.getBytes(StandardCharsets.UTF_8);
    try {
      return Argon2id.derive(password, salt, memoryKiB, iterations, lanes, 32);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  static byte[] aesGcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    cipher.updateAAD(aad);
    return cipher.doFinal(input);
  }
}
