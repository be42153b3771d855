package org.rogatory.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * Pure ML-DSA-65 (FIPS 204) from a 32-byte seed, hedged signing with a FIPS 204 context string, for
 * signatures made outside the hybrid scheme.
 */
public final class MlDsa65 {
  public static final int SEED_LENGTH = 32;
  public static final int PUBLIC_LENGTH = 1952;
  public static final int SIGNATURE_LENGTH = 3309;

  private MlDsa65() {}

  /** The 1,952-byte public key of {@code seed}. */
  public static byte[] publicKey(byte[] seed) {
    return privateKey(seed).getPublicKeyParameters().getEncoded();
  }

  /** A hedged signature of {@code message} with FIPS 204 context {@code context} (ASCII). */
  public static byte[] sign(byte[] seed, String context, byte[] message, SecureRandom random) {
    MLDSASigner signer = new MLDSASigner();
    signer.init(
        true,
        new ParametersWithContext(
            new ParametersWithRandom(privateKey(seed), random), ascii(context)));
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (org.bouncycastle.crypto.CryptoException e) {
      throw new IllegalStateException("ML-DSA signing failed", e);
    }
  }

  /** True only if {@code signature} verifies; never throws on malformed keys or signatures. */
  public static boolean verify(byte[] publicKey, String context, byte[] message, byte[] signature) {
    if (publicKey.length != PUBLIC_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      MLDSASigner verifier = new MLDSASigner();
      verifier.init(
          false,
          new ParametersWithContext(
              new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, publicKey), ascii(context)));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static MLDSAPrivateKeyParameters privateKey(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("an ML-DSA-65 seed is 32 bytes");
    }
    return new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
