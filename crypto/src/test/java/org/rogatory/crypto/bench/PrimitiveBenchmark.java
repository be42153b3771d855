package org.rogatory.crypto.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMExtractor;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The raw Bouncy Castle primitives an envelope of one recipient is built from, called the way the
 * crypto module calls them (same parameters, a fresh signer per call, keys expanded once) but with
 * none of the envelope around them: no header, no HPKE key schedule, no payload hashing or AES-GCM.
 *
 * <p>Sealing costs one Ed25519 sign, one ML-DSA-65 sign and one X-Wing encapsulation per recipient;
 * opening costs one X-Wing decapsulation and the two verifications.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PrimitiveBenchmark {
  /** Length of the envelope's signing input: label, context, fingerprint and 72 signed bytes. */
  static final int SIGNING_INPUT_LENGTH = 154;

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] CONTEXT = "rogatory-v1 envelope".getBytes(StandardCharsets.US_ASCII);

  private final SecureRandom random = new SecureRandom();
  private byte[] input;
  private Ed25519PrivateKeyParameters edPrivate;
  private Ed25519PublicKeyParameters edPublic;
  private byte[] edSignature;
  private MLDSAPrivateKeyParameters mldsaPrivate;
  private MLDSAPublicKeyParameters mldsaPublic;
  private byte[] mldsaSignature;
  private XWingPublicKeyParameters xwingPublic;
  private XWingPrivateKeyParameters xwingPrivate;
  private byte[] xwingCiphertext;
  private final byte[] contentKey = new byte[32];
  private AsymmetricCipherKeyPair hpkePair;
  private byte[][] hpkeWrapped;

  @Setup
  public void setUp() throws CryptoException, InvalidCipherTextException {
    input = new byte[SIGNING_INPUT_LENGTH];
    random.nextBytes(input);
    edPrivate = new Ed25519PrivateKeyParameters(seed(), 0);
    edPublic = edPrivate.generatePublicKey();
    mldsaPrivate = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed());
    mldsaPublic = mldsaPrivate.getPublicKeyParameters();
    // Expanded from a seed and the public key parsed from bytes, as the crypto module does.
    hpkePair = hpke().deserializePrivateKey(seed(), null);
    xwingPrivate = (XWingPrivateKeyParameters) hpkePair.getPrivate();
    xwingPublic = new XWingPublicKeyParameters(hpke().serializePublicKey(hpkePair.getPublic()));
    edSignature = ed25519Sign();
    mldsaSignature = mlDsa65Sign();
    xwingCiphertext = xwingEncapsulate().getEncapsulation();
    if (!ed25519Verify() || !mlDsa65Verify()) {
      throw new IllegalStateException("benchmark signatures do not verify");
    }
    random.nextBytes(contentKey);
    hpkeWrapped = hpkeXwingSeal();
    if (!Arrays.equals(hpkeXwingOpen(), contentKey)) {
      throw new IllegalStateException("HPKE does not round-trip");
    }
    if (!Arrays.equals(xwingDecapsulate(), xwingDecapsulate())) {
      throw new IllegalStateException("decapsulation is not deterministic");
    }
  }

  private byte[] seed() {
    byte[] s = new byte[32];
    random.nextBytes(s);
    return s;
  }

  @Benchmark
  public byte[] ed25519Sign() {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, edPrivate);
    signer.update(input, 0, input.length);
    return signer.generateSignature();
  }

  @Benchmark
  public boolean ed25519Verify() {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(false, edPublic);
    signer.update(input, 0, input.length);
    return signer.verifySignature(edSignature);
  }

  @Benchmark
  public byte[] mlDsa65Sign() throws CryptoException {
    MLDSASigner signer = new MLDSASigner();
    signer.init(
        true, new ParametersWithContext(new ParametersWithRandom(mldsaPrivate, random), CONTEXT));
    signer.update(input, 0, input.length);
    return signer.generateSignature();
  }

  @Benchmark
  public boolean mlDsa65Verify() {
    MLDSASigner signer = new MLDSASigner();
    signer.init(false, new ParametersWithContext(mldsaPublic, CONTEXT));
    signer.update(input, 0, input.length);
    return signer.verifySignature(mldsaSignature);
  }

  /**
   * Not a primitive and not in the sums: HPKE (X-Wing, HKDF-SHA256, AES-256-GCM) wrapping a 32-byte
   * content key, which is what an envelope does per recipient. The gap to {@link #xwingEncapsulate}
   * is HPKE's key schedule, its AEAD and parsing the recipient's key.
   */
  @Benchmark
  public byte[][] hpkeXwingSeal() throws InvalidCipherTextException {
    HPKE hpke = hpke();
    return hpke.seal(
        hpke.deserializePublicKey(xwingPublic.getEncoded()),
        input,
        EMPTY,
        contentKey,
        null,
        null,
        null);
  }

  /** Not in the sums: the inverse of {@link #hpkeXwingSeal}. */
  @Benchmark
  public byte[] hpkeXwingOpen() throws InvalidCipherTextException {
    return hpke().open(hpkeWrapped[1], hpkePair, input, EMPTY, hpkeWrapped[0], null, null, null);
  }

  private static HPKE hpke() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X_WING, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }

  @Benchmark
  public SecretWithEncapsulation xwingEncapsulate() {
    return new XWingKEMGenerator(random).generateEncapsulated(xwingPublic);
  }

  @Benchmark
  public byte[] xwingDecapsulate() {
    return new XWingKEMExtractor(xwingPrivate).extractSecret(xwingCiphertext);
  }
}
