package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.junit.jupiter.api.Test;

/**
 * ML-DSA-65 as {@link HybridSigning} uses it (Bouncy Castle {@link MLDSASigner}, pure, with a
 * context, keys from 32-byte seeds, hedged signing) against Wycheproof's ML-DSA-65 vectors. Where a
 * vector can be expressed through {@link HybridSigning} (an ASCII context, a message rather than a
 * precomputed {@code mu}), it goes through that class; otherwise through Bouncy Castle initialised
 * the same way.
 *
 * <p>Deterministic vectors sign with {@code rnd} = 32 zero bytes, so they are reproduced by {@link
 * HybridSigning.PrivateKey#sign} with a random source that yields 32 zero bytes; the one randomized
 * vector supplies its {@code rnd}.
 */
class MlDsa65VectorsTest {
  private static final String VERIFY = "mldsa_65_verify_test.json";
  private static final String SIGN_SEED = "mldsa_65_sign_seed_test.json";
  private static final String SIGN_NOSEED = "mldsa_65_sign_noseed_test.json";
  private static final byte[] ED25519_SEED = new byte[HybridSigning.SEED_LENGTH];
  private static final int RND_LENGTH = 32;

  /** Supplies the Ed25519 half of the hybrid signatures; its ML-DSA half is discarded. */
  private static final HybridSigning.PrivateKey ED25519_SIGNER =
      new HybridSigning.PrivateKey(ED25519_SEED, new byte[HybridSigning.SEED_LENGTH]);

  /** The Ed25519 half of a hybrid signature over {@code msg} by the fixed Ed25519 key. */
  private static byte[] ed25519Signature(byte[] msg) {
    return Arrays.copyOf(
        ED25519_SIGNER.sign("", msg, new SecureRandom()), HybridSigning.ED25519_SIGNATURE_LENGTH);
  }

  /** The ASCII context string for {@code ctx}, or null if {@code ctx} is not ASCII. */
  private static String asciiContext(byte[] ctx) {
    for (byte b : ctx) {
      if (b < 0) {
        return null;
      }
    }
    return new String(ctx, StandardCharsets.US_ASCII);
  }

  private static byte[] ed25519Public() {
    return ED25519_SIGNER.ed25519Public();
  }

  /** Through {@link HybridSigning.PublicKey#verify}; false if the key is refused. */
  private static boolean hybridVerify(
      byte[] edPublic, byte[] mldsaPublic, String context, byte[] msg, byte[] mldsaSig) {
    byte[] ed = ed25519Signature(msg);
    byte[] sig = Arrays.copyOf(ed, ed.length + mldsaSig.length);
    System.arraycopy(mldsaSig, 0, sig, ed.length, mldsaSig.length);
    try {
      return new HybridSigning.PublicKey(edPublic, mldsaPublic).verify(context, msg, sig);
    } catch (MalformedInputException e) {
      return false;
    }
  }

  /** The ML-DSA half of {@code HybridSigning.PublicKey.verify}, for a context that is not ASCII. */
  private static boolean bcVerify(byte[] publicKey, byte[] ctx, byte[] msg, byte[] sig) {
    try {
      MLDSASigner ml = new MLDSASigner();
      ml.init(
          false,
          new ParametersWithContext(
              new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, publicKey), ctx));
      ml.update(msg, 0, msg.length);
      return ml.verifySignature(sig);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void hybridVerify_wycheproofMlDsa65Vectors_acceptExactlyTheValidOnes() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(VERIFY);
    Vectors.Failures failures = new Vectors.Failures();
    byte[] edPublic = ed25519Public();
    int valid = 0;
    int invalid = 0;
    for (Vectors.Case c : file.cases) {
      String context = asciiContext(c.bytesOrEmpty("ctx"));
      if (context == null) {
        failures.add(c.label(), "context is not ASCII; cannot go through HybridSigning");
        continue;
      }
      boolean ok =
          hybridVerify(
              edPublic, c.groupBytes("publicKey"), context, c.bytes("msg"), c.bytes("sig"));
      if (c.isValid()) {
        valid++;
        if (!ok) {
          failures.add(c.label(), "valid signature did not verify");
        }
      } else {
        invalid++;
        if (ok) {
          failures.add(c.label(), "invalid signature verified (" + c.test().get("flags") + ")");
        }
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(valid).isEqualTo(79);
    assertThat(invalid).isEqualTo(131);
    assertThat(valid + invalid).isEqualTo(file.numberOfTests());
  }

  @Test
  void privateKey_wycheproofMlDsa65Seeds_deriveExpectedPublicKey() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(SIGN_SEED);
    Vectors.Failures failures = new Vectors.Failures();
    int keys = 0;
    int rejected = 0;
    for (Vectors.Case c : file.cases) {
      byte[] seed = c.groupBytes("privateSeed");
      if (seed.length != HybridSigning.SEED_LENGTH) {
        rejected++;
        try {
          new HybridSigning.PrivateKey(ED25519_SEED, seed);
          failures.add(c.label(), "accepted a " + seed.length + "-byte seed");
        } catch (IllegalArgumentException expected) {
          // rejected, as it must be
        }
        continue;
      }
      keys++;
      byte[] expected = c.groupBytes("publicKey");
      byte[] actual = new HybridSigning.PrivateKey(ED25519_SEED, seed).mldsaPublic();
      if (!Arrays.equals(actual, expected)) {
        failures.mismatch(c.label(), "ML-DSA-65 public key", expected, actual);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(keys).isEqualTo(102);
    assertThat(rejected).isEqualTo(3);
    assertThat(keys + rejected).isEqualTo(file.numberOfTests());
  }

  @Test
  void sign_wycheproofMlDsa65SeedVectors_reproduceExpectedSignatures() throws Exception {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(SIGN_SEED);
    Vectors.Failures failures = new Vectors.Failures();
    byte[] edPublic = ed25519Public();
    int viaHybrid = 0;
    int viaBc = 0;
    int viaMu = 0;
    int rejected = 0;
    for (Vectors.Case c : file.cases) {
      byte[] seed = c.groupBytes("privateSeed");
      if (seed.length != HybridSigning.SEED_LENGTH) {
        continue; // covered by privateKey_wycheproofMlDsa65Seeds_deriveExpectedPublicKey
      }
      byte[] ctx = c.bytesOrEmpty("ctx");
      byte[] rnd = c.has("rnd") ? c.bytes("rnd") : new byte[RND_LENGTH];
      Vectors.FixedRandom random = new Vectors.FixedRandom(rnd);
      if (c.isInvalid()) {
        rejected++;
        String context = asciiContext(ctx);
        if (!c.hasFlag("InvalidContext") || context == null) {
          failures.add(c.label(), "unexpected kind of invalid vector");
          continue;
        }
        try {
          new HybridSigning.PrivateKey(ED25519_SEED, seed).sign(context, c.bytes("msg"), random);
          failures.add(c.label(), "signed with a " + ctx.length + "-byte context");
        } catch (IllegalArgumentException expected) {
          // rejected, as it must be
        }
        continue;
      }
      byte[] expected = c.bytes("sig");
      byte[] actual;
      boolean verifies;
      try {
        if (!c.has("msg")) {
          // External mu: not a HybridSigning path; Bouncy Castle's signer, same key and randomness.
          viaMu++;
          MLDSASigner ml = new MLDSASigner();
          MLDSAPrivateKeyParameters key =
              new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed);
          ml.init(true, new ParametersWithRandom(key, random));
          actual = ml.generateMuSignature(c.bytes("mu"));
          MLDSASigner verifier = new MLDSASigner();
          verifier.init(false, key.getPublicKeyParameters());
          verifies = verifier.verifyMuSignature(c.bytes("mu"), expected);
        } else if (asciiContext(ctx) != null) {
          viaHybrid++;
          byte[] msg = c.bytes("msg");
          byte[] hybrid =
              new HybridSigning.PrivateKey(ED25519_SEED, seed).sign(asciiContext(ctx), msg, random);
          actual =
              Arrays.copyOfRange(hybrid, HybridSigning.ED25519_SIGNATURE_LENGTH, hybrid.length);
          verifies =
              hybridVerify(edPublic, c.groupBytes("publicKey"), asciiContext(ctx), msg, expected);
        } else {
          // A context that is not ASCII cannot be named through HybridSigning's String context.
          viaBc++;
          byte[] msg = c.bytes("msg");
          MLDSASigner ml = new MLDSASigner();
          ml.init(
              true,
              new ParametersWithContext(
                  new ParametersWithRandom(
                      new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed), random),
                  ctx));
          ml.update(msg, 0, msg.length);
          actual = ml.generateSignature();
          verifies = bcVerify(c.groupBytes("publicKey"), ctx, msg, expected);
        }
      } catch (Exception e) {
        failures.thrown(c.label(), e);
        continue;
      }
      if (!Arrays.equals(actual, expected)) {
        failures.mismatch(c.label(), "signature", expected, actual);
      }
      if (random.remaining() != 0) {
        failures.add(c.label(), "signer left " + random.remaining() + " bytes of rnd unused");
      }
      if (!verifies) {
        failures.add(c.label(), "expected signature does not verify");
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(viaHybrid).isEqualTo(83);
    assertThat(viaBc).isEqualTo(1);
    assertThat(viaMu).isEqualTo(17);
    assertThat(rejected).isEqualTo(1);
    assertThat(viaHybrid + viaBc + viaMu + rejected + 3).isEqualTo(file.numberOfTests());
  }

  @Test
  void hybridVerify_wycheproofMlDsa65NoseedSignatures_areAccepted() {
    // Rogatory never loads expanded ML-DSA private keys, so this file is used only for its
    // expected signatures, which must verify under the group's public key.
    Vectors.Wycheproof file = Vectors.Wycheproof.load(SIGN_NOSEED);
    Vectors.Failures failures = new Vectors.Failures();
    byte[] edPublic = ed25519Public();
    int checked = 0;
    int notApplicable = 0;
    for (Vectors.Case c : file.cases) {
      String context = asciiContext(c.bytesOrEmpty("ctx"));
      if (!c.isValid() || !c.has("msg") || context == null) {
        notApplicable++;
        continue;
      }
      checked++;
      if (!hybridVerify(
          edPublic, c.groupBytes("publicKey"), context, c.bytes("msg"), c.bytes("sig"))) {
        failures.add(c.label(), "expected signature does not verify");
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(63);
    assertThat(checked + notApplicable).isEqualTo(file.numberOfTests());
  }
}
