package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * Bouncy Castle's ML-KEM-768, used as Bouncy Castle's X-Wing uses it (key pair from the 64-byte
 * seed d || z, {@link MLKEMGenerator} drawing {@code m} from its random source, {@link
 * MLKEMExtractor} with implicit rejection), against Wycheproof's and CCTV's ML-KEM-768 vectors.
 */
class MlKem768VectorsTest {
  private static final MLKEMParameters ML_KEM_768 = MLKEMParameters.ml_kem_768;
  private static final int EK_LENGTH = 1184;
  private static final int DK_PKE_LENGTH = 1152;
  private static final int DK_LENGTH = 2400;

  /** An expanded decapsulation key dk = dk_pke || ek || H(ek) || z, as FIPS 203 lays it out. */
  private static MLKEMPrivateKeyParameters expandedKey(byte[] dk) {
    if (dk.length != DK_LENGTH) {
      throw new IllegalArgumentException("dk must be " + DK_LENGTH + " bytes");
    }
    byte[] s = Arrays.copyOfRange(dk, 0, DK_PKE_LENGTH);
    byte[] t = Arrays.copyOfRange(dk, DK_PKE_LENGTH, DK_PKE_LENGTH + DK_PKE_LENGTH);
    byte[] rho = Arrays.copyOfRange(dk, DK_PKE_LENGTH + DK_PKE_LENGTH, DK_PKE_LENGTH + EK_LENGTH);
    byte[] hpk = Arrays.copyOfRange(dk, DK_PKE_LENGTH + EK_LENGTH, DK_PKE_LENGTH + EK_LENGTH + 32);
    byte[] z = Arrays.copyOfRange(dk, DK_PKE_LENGTH + EK_LENGTH + 32, DK_LENGTH);
    return new MLKEMPrivateKeyParameters(ML_KEM_768, s, hpk, z, t, rho);
  }

  @Test
  void mlkem768KeyGen_wycheproofSeeds_giveExpectedKeys() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load("mlkem_768_keygen_seed_test.json");
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      checked++;
      try {
        MLKEMPrivateKeyParameters key = new MLKEMPrivateKeyParameters(ML_KEM_768, c.bytes("seed"));
        if (!Arrays.equals(key.getPublicKey(), c.bytes("ek"))) {
          failures.mismatch(c.label(), "ek", c.bytes("ek"), key.getPublicKey());
        }
        byte[] dk = key.withPreferredFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY).getEncoded();
        if (!Arrays.equals(dk, c.bytes("dk"))) {
          failures.mismatch(c.label(), "expanded dk", c.bytes("dk"), dk);
        }
      } catch (RuntimeException e) {
        failures.thrown(c.label(), e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(100);
  }

  @Test
  void mlkem768Decaps_wycheproofValidVectors_giveExpectedSecret() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load("mlkem_768_test.json");
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    int strcmp = 0;
    for (Vectors.Case c : file.cases) {
      if (!c.isValid()) {
        continue;
      }
      checked++;
      if (c.hasFlag("Strcmp")) {
        strcmp++;
      }
      try {
        MLKEMPrivateKeyParameters key = new MLKEMPrivateKeyParameters(ML_KEM_768, c.bytes("seed"));
        if (!Arrays.equals(key.getPublicKey(), c.bytes("ek"))) {
          failures.mismatch(c.label(), "ek", c.bytes("ek"), key.getPublicKey());
        }
        byte[] k = new MLKEMExtractor(key).extractSecret(c.bytes("c"));
        if (!Arrays.equals(k, c.bytes("K"))) {
          failures.mismatch(c.label(), "K", c.bytes("K"), k);
        }
      } catch (RuntimeException e) {
        failures.thrown(c.label(), e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(153);
    assertThat(strcmp).isEqualTo(1);
  }

  @Test
  void mlkem768Decaps_wycheproofWrongLengthSeedOrCiphertext_isRejected() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load("mlkem_768_test.json");
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      if (c.isValid()) {
        continue;
      }
      checked++;
      try {
        MLKEMPrivateKeyParameters key = new MLKEMPrivateKeyParameters(ML_KEM_768, c.bytes("seed"));
        byte[] k = new MLKEMExtractor(key).extractSecret(c.bytes("c"));
        failures.add(c.label(), "accepted; gave K = " + Vectors.brief(k));
      } catch (RuntimeException expected) {
        // rejected, as it must be
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(40);
    assertThat(checked + 153).isEqualTo(file.numberOfTests());
  }

  @Test
  void mlkem768Encaps_wycheproofValidVectors_giveExpectedCiphertextAndSecret() {
    // The invalid encapsulation keys of this file are checked against XWingHpke.checkPublicKey
    // in XWingVectorsTest: Rogatory checks a recipient key before it encapsulates to it.
    Vectors.Wycheproof file = Vectors.Wycheproof.load("mlkem_768_encaps_test.json");
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      if (!c.isValid()) {
        continue;
      }
      checked++;
      try {
        Vectors.FixedRandom m = new Vectors.FixedRandom(c.bytes("m"));
        SecretWithEncapsulation sent =
            new MLKEMGenerator(m)
                .generateEncapsulated(new MLKEMPublicKeyParameters(ML_KEM_768, c.bytes("ek")));
        if (!Arrays.equals(sent.getEncapsulation(), c.bytes("c"))) {
          failures.mismatch(c.label(), "c", c.bytes("c"), sent.getEncapsulation());
        }
        if (!Arrays.equals(sent.getSecret(), c.bytes("K"))) {
          failures.mismatch(c.label(), "K", c.bytes("K"), sent.getSecret());
        }
        if (m.remaining() != 0) {
          failures.add(c.label(), m.remaining() + " bytes of m unused");
        }
      } catch (RuntimeException e) {
        failures.thrown(c.label(), e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(133);
  }

  @Test
  void mlkem768Decaps_wycheproofExpandedKeyVectors_giveExpectedSecretOrRejectCiphertextLength() {
    // X-Wing always derives its ML-KEM key from a seed, so the vectors about malformed expanded
    // keys (wrong dk length, corrupted H(ek) or embedded ek) do not apply; the valid ones (incl.
    // the malleable-ciphertext cases) and the wrong ciphertext lengths do.
    Vectors.Wycheproof file = Vectors.Wycheproof.load("mlkem_768_semi_expanded_decaps_test.json");
    Vectors.Failures failures = new Vectors.Failures();
    int valid = 0;
    int wrongCiphertext = 0;
    int notApplicable = 0;
    for (Vectors.Case c : file.cases) {
      if (c.hasFlag("IncorrectDecapsulationKeyLength") || c.hasFlag("InvalidDecapsulationKey")) {
        notApplicable++;
        continue;
      }
      MLKEMPrivateKeyParameters key = expandedKey(c.bytes("dk"));
      if (c.isValid()) {
        valid++;
        try {
          byte[] k = new MLKEMExtractor(key).extractSecret(c.bytes("c"));
          if (!Arrays.equals(k, c.bytes("K"))) {
            failures.mismatch(c.label(), "K", c.bytes("K"), k);
          }
        } catch (RuntimeException e) {
          failures.thrown(c.label(), e);
        }
      } else {
        wrongCiphertext++;
        try {
          byte[] k = new MLKEMExtractor(key).extractSecret(c.bytes("c"));
          failures.add(c.label(), "accepted; gave K = " + Vectors.brief(k));
        } catch (RuntimeException expected) {
          // rejected, as it must be
        }
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(valid).isEqualTo(3);
    assertThat(wrongCiphertext).isEqualTo(2);
    assertThat(valid + wrongCiphertext + notApplicable).isEqualTo(file.numberOfTests());
  }

  @Test
  void mlkem768Decaps_cctvStrcmpVector_givesExpectedSecret() {
    List<String> lines = Vectors.lines("cctv-mlkem/strcmp_ML-KEM-768.txt");
    Map<String, byte[]> fields = new HashMap<>();
    for (String line : lines) {
      String[] kv = line.split("=", 2);
      assertThat(kv).as("line %s", line).hasSize(2);
      fields.put(kv[0].strip(), Vectors.hex(kv[1].strip()));
    }
    assertThat(fields).containsOnlyKeys("dk", "c", "K");

    byte[] k = new MLKEMExtractor(expandedKey(fields.get("dk"))).extractSecret(fields.get("c"));

    assertThat(k).isEqualTo(fields.get("K"));
  }
}
