package org.rogatory.crypto.internal;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Pure Ed25519 (RFC 8032) from a 32-byte seed, for signatures made outside the hybrid scheme. */
public final class Ed25519 {
  public static final int SEED_LENGTH = 32;
  public static final int PUBLIC_LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private Ed25519() {}

  /** The 32-byte public key of {@code seed}. */
  public static byte[] publicKey(byte[] seed) {
    return new Ed25519PrivateKeyParameters(checkSeed(seed), 0).generatePublicKey().getEncoded();
  }

  /** The deterministic signature of {@code message} under the key of {@code seed}. */
  public static byte[] sign(byte[] seed, byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(checkSeed(seed), 0));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** True only if {@code signature} verifies; never throws on malformed keys or signatures. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != PUBLIC_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** True if {@code publicKey} has the right length and decodes to a curve point. */
  public static boolean isValidPublicKey(byte[] publicKey) {
    if (publicKey.length != PUBLIC_LENGTH) {
      return false;
    }
    try {
      new Ed25519PublicKeyParameters(publicKey, 0);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] checkSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    }
    return seed;
  }
}
