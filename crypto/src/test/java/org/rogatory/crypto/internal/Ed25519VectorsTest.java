package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * Ed25519 verification against Wycheproof's vectors: once through Bouncy Castle configured as
 * {@link HybridSigning} configures it (pure Ed25519, {@link Ed25519Signer}), and once through
 * {@link HybridSigning.PublicKey#verify} itself, paired with a genuine ML-DSA-65 signature.
 */
class Ed25519VectorsTest {
  private static final String FILE = "ed25519_test.json";
  private static final String CONTEXT = "wycheproof";

  private static byte[] publicKey(Vectors.Case c) {
    return Vectors.bytes(c.group().required("publicKey"), "pk");
  }

  /** Exactly the Ed25519 half of {@code HybridSigning.PublicKey.verify}. */
  private static boolean bcVerify(byte[] publicKey, byte[] msg, byte[] sig) {
    try {
      Ed25519Signer ed = new Ed25519Signer();
      ed.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      ed.update(msg, 0, msg.length);
      return ed.verifySignature(sig);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void ed25519Signer_wycheproofVectors_verifyExactlyTheValidOnes() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    int valid = 0;
    int invalid = 0;
    for (Vectors.Case c : file.cases) {
      boolean ok = bcVerify(publicKey(c), c.bytes("msg"), c.bytes("sig"));
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
    assertThat(valid).isEqualTo(88);
    assertThat(invalid).isEqualTo(63);
    assertThat(valid + invalid).isEqualTo(file.numberOfTests());
  }

  @Test
  void hybridVerify_wycheproofEd25519Vectors_acceptExactlyTheValidOnes() throws Exception {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    byte[] mldsaSeed = new byte[HybridSigning.SEED_LENGTH];
    Arrays.fill(mldsaSeed, (byte) 0x5a);
    HybridSigning.PrivateKey signer =
        new HybridSigning.PrivateKey(new byte[HybridSigning.SEED_LENGTH], mldsaSeed);
    SecureRandom random = new SecureRandom();
    int checked = 0;
    int notExpressible = 0;
    for (Vectors.Case c : file.cases) {
      byte[] sig = c.bytes("sig");
      if (sig.length != HybridSigning.ED25519_SIGNATURE_LENGTH) {
        // A hybrid signature always carries exactly 64 Ed25519 bytes; covered by the test above.
        notExpressible++;
        continue;
      }
      checked++;
      byte[] msg = c.bytes("msg");
      byte[] hybrid = signer.sign(CONTEXT, msg, random);
      System.arraycopy(sig, 0, hybrid, 0, sig.length);
      boolean ok;
      try {
        ok =
            new HybridSigning.PublicKey(publicKey(c), signer.mldsaPublic())
                .verify(CONTEXT, msg, hybrid);
      } catch (MalformedInputException e) {
        ok = false;
      }
      if (c.isValid() && !ok) {
        failures.add(c.label(), "valid signature did not verify");
      } else if (!c.isValid() && ok) {
        failures.add(c.label(), "invalid signature verified (" + c.test().get("flags") + ")");
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(139);
    assertThat(checked + notExpressible).isEqualTo(file.numberOfTests());
  }
}
