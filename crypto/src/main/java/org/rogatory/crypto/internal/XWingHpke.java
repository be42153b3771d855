package org.rogatory.crypto.internal;

import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * HPKE (RFC 9180) base mode with KEM MLKEM768-X25519 (X-Wing, 0x647a), HKDF-SHA256 and AES-256-GCM;
 * single-shot, empty {@code aad}. The private key is the 32-byte X-Wing seed.
 */
public final class XWingHpke {
  public static final int SEED_LENGTH = 32;
  public static final int PUBLIC_KEY_LENGTH = 1216;
  public static final int ENC_LENGTH = 1120;
  public static final int TAG_LENGTH = 16;

  private static final byte[] EMPTY = new byte[0];

  private XWingHpke() {}

  private static HPKE hpke() {
    // A fresh instance per call: HPKE objects are cheap and not documented as thread-safe.
    return new HPKE(HPKE.mode_base, HPKE.kem_X_WING, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }

  /** A recipient's key pair, expanded once from the seed. */
  public static final class PrivateKey {
    private final AsymmetricCipherKeyPair pair;
    private final byte[] seed;
    private final byte[] publicKey;

    public PrivateKey(byte[] seed) {
      if (seed.length != SEED_LENGTH) {
        throw new IllegalArgumentException("X-Wing seed must be 32 bytes");
      }
      HPKE h = hpke();
      this.seed = seed.clone();
      this.pair = h.deserializePrivateKey(seed, null);
      this.publicKey = h.serializePublicKey(pair.getPublic());
    }

    public byte[] seed() {
      return seed.clone();
    }

    public byte[] publicKey() {
      return publicKey.clone();
    }

    /** Opens {@code enc || ct}; returns null on any failure. */
    public byte[] open(byte[] info, byte[] encAndCiphertext) {
      if (encAndCiphertext.length < ENC_LENGTH + TAG_LENGTH) {
        return null;
      }
      byte[] enc = Arrays.copyOf(encAndCiphertext, ENC_LENGTH);
      byte[] ct = Arrays.copyOfRange(encAndCiphertext, ENC_LENGTH, encAndCiphertext.length);
      try {
        return hpke().open(enc, pair, info, EMPTY, ct, null, null, null);
      } catch (InvalidCipherTextException | RuntimeException e) {
        return null;
      }
    }
  }

  /** Checks that {@code publicKey} is a well-formed X-Wing public key. */
  public static void checkPublicKey(byte[] publicKey) throws MalformedInputException {
    if (publicKey.length != PUBLIC_KEY_LENGTH) {
      throw new MalformedInputException("encryption public key has the wrong length");
    }
    checkMlKemModulus(publicKey);
    try {
      hpke().deserializePublicKey(publicKey);
    } catch (RuntimeException e) {
      throw new MalformedInputException("encryption public key is not valid");
    }
  }

  /**
   * FIPS 203 section 7.2 encapsulation-key check: every 12-bit coefficient of the ML-KEM-768 key
   * (the first 1,152 of its 1,184 bytes) must be below q = 3329.
   */
  static void checkMlKemModulus(byte[] publicKey) throws MalformedInputException {
    for (int i = 0; i + 3 <= 1152; i += 3) {
      int b0 = publicKey[i] & 0xFF;
      int b1 = publicKey[i + 1] & 0xFF;
      int b2 = publicKey[i + 2] & 0xFF;
      int c0 = b0 | ((b1 & 0x0F) << 8);
      int c1 = (b1 >>> 4) | (b2 << 4);
      if (c0 >= 3329 || c1 >= 3329) {
        throw new MalformedInputException("encryption public key fails the ML-KEM modulus check");
      }
    }
  }

  /** Seals {@code plaintext} to {@code publicKey}; returns {@code enc || ct}. */
  public static byte[] seal(byte[] publicKey, byte[] info, byte[] plaintext) {
    HPKE h = hpke();
    byte[][] ctAndEnc;
    try {
      ctAndEnc =
          h.seal(h.deserializePublicKey(publicKey), info, EMPTY, plaintext, null, null, null);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
    byte[] out = Arrays.copyOf(ctAndEnc[1], ctAndEnc[1].length + ctAndEnc[0].length);
    System.arraycopy(ctAndEnc[0], 0, out, ctAndEnc[1].length, ctAndEnc[0].length);
    return out;
  }
}
