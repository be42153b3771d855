package org.rogatory.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * Rogatory's hybrid signature: Ed25519 (RFC 8032, pure) and ML-DSA-65 (FIPS 204, pure, hedged) over
 * the same domain-separated signing input. A signature is valid only if both verify.
 */
public final class HybridSigning {
  public static final int SEED_LENGTH = 32;
  public static final int ED25519_PUBLIC_LENGTH = 32;
  public static final int ED25519_SIGNATURE_LENGTH = 64;
  public static final int MLDSA65_PUBLIC_LENGTH = 1952;
  public static final int MLDSA65_SIGNATURE_LENGTH = 3309;
  public static final int SIGNATURE_LENGTH = ED25519_SIGNATURE_LENGTH + MLDSA65_SIGNATURE_LENGTH;

  private static final byte[] LABEL =
      "rogatory-v1 hybrid signature".getBytes(StandardCharsets.US_ASCII);

  private HybridSigning() {}

  /** The private half: both seeds, with ML-DSA's key expanded once. */
  public static final class PrivateKey {
    private final Ed25519PrivateKeyParameters ed25519;
    private final MLDSAPrivateKeyParameters mldsa;
    private final byte[] ed25519Seed;
    private final byte[] mldsaSeed;

    public PrivateKey(byte[] ed25519Seed, byte[] mldsaSeed) {
      if (ed25519Seed.length != SEED_LENGTH || mldsaSeed.length != SEED_LENGTH) {
        throw new IllegalArgumentException("seeds must be 32 bytes");
      }
      this.ed25519Seed = ed25519Seed.clone();
      this.mldsaSeed = mldsaSeed.clone();
      this.ed25519 = new Ed25519PrivateKeyParameters(ed25519Seed, 0);
      this.mldsa = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, mldsaSeed);
    }

    public byte[] ed25519Seed() {
      return ed25519Seed.clone();
    }

    public byte[] mldsaSeed() {
      return mldsaSeed.clone();
    }

    public byte[] ed25519Public() {
      return ed25519.generatePublicKey().getEncoded();
    }

    public byte[] mldsaPublic() {
      return mldsa.getPublicKeyParameters().getEncoded();
    }

    /**
     * Signs {@code input} (already built by {@link #signingInput}); both signatures, concatenated.
     */
    public byte[] sign(String context, byte[] input, SecureRandom random) {
      Ed25519Signer ed = new Ed25519Signer();
      ed.init(true, ed25519);
      ed.update(input, 0, input.length);
      byte[] edSig = ed.generateSignature();

      MLDSASigner ml = new MLDSASigner();
      ml.init(
          true, new ParametersWithContext(new ParametersWithRandom(mldsa, random), ascii(context)));
      ml.update(input, 0, input.length);
      byte[] mlSig;
      try {
        mlSig = ml.generateSignature();
      } catch (org.bouncycastle.crypto.CryptoException e) {
        throw new IllegalStateException("ML-DSA signing failed", e);
      }
      byte[] out = Arrays.copyOf(edSig, SIGNATURE_LENGTH);
      System.arraycopy(mlSig, 0, out, ED25519_SIGNATURE_LENGTH, mlSig.length);
      return out;
    }
  }

  /** The public half. */
  public static final class PublicKey {
    private final Ed25519PublicKeyParameters ed25519;
    private final MLDSAPublicKeyParameters mldsa;

    public PublicKey(byte[] ed25519Public, byte[] mldsaPublic) throws MalformedInputException {
      if (ed25519Public.length != ED25519_PUBLIC_LENGTH
          || mldsaPublic.length != MLDSA65_PUBLIC_LENGTH) {
        throw new MalformedInputException("signature public key has the wrong length");
      }
      try {
        this.ed25519 = new Ed25519PublicKeyParameters(ed25519Public, 0);
        this.mldsa = new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, mldsaPublic);
      } catch (RuntimeException e) {
        throw new MalformedInputException("signature public key is not valid");
      }
    }

    /** True only if both component signatures verify; never throws on malformed signatures. */
    public boolean verify(String context, byte[] input, byte[] signature) {
      if (signature.length != SIGNATURE_LENGTH) {
        return false;
      }
      try {
        Ed25519Signer ed = new Ed25519Signer();
        ed.init(false, ed25519);
        ed.update(input, 0, input.length);
        boolean edOk = ed.verifySignature(Arrays.copyOf(signature, ED25519_SIGNATURE_LENGTH));

        MLDSASigner ml = new MLDSASigner();
        ml.init(false, new ParametersWithContext(mldsa, ascii(context)));
        ml.update(input, 0, input.length);
        boolean mlOk =
            ml.verifySignature(
                Arrays.copyOfRange(signature, ED25519_SIGNATURE_LENGTH, SIGNATURE_LENGTH));
        // Both were computed before combining: no early exit reveals which half failed.
        return edOk && mlOk;
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /**
   * The bytes both algorithms sign: {@code "rogatory-v1 hybrid signature" || 0x00 || u8 len(ctx) ||
   * ctx || signer fingerprint (32) || data}.
   */
  public static byte[] signingInput(String context, byte[] signerFingerprint, byte[] data) {
    byte[] ctx = ascii(context);
    return new ByteWriter(LABEL.length + 34 + ctx.length + data.length)
        .raw(LABEL)
        .u8(0)
        .u8(ctx.length)
        .raw(ctx)
        .raw(signerFingerprint)
        .raw(data)
        .toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
