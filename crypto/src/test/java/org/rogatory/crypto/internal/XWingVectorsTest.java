package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMExtractor;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link XWingHpke}'s key handling and Bouncy Castle's X-Wing KEM against the X-Wing draft's test
 * vectors, and {@link XWingHpke#checkPublicKey} against ML-KEM-768 encapsulation keys that fail the
 * FIPS 203 modulus check (CCTV, Wycheproof).
 */
class XWingVectorsTest {
  private static final String FILE = "xwing/xwing_test-vectors.json";
  private static final int XWING_VECTORS = 3;
  private static final int MLKEM_EK_LENGTH = 1184;

  private static JsonNode xwingVectors() {
    JsonNode root = Vectors.json(FILE);
    assertThat(root.isArray()).isTrue();
    assertThat(root.size()).isEqualTo(XWING_VECTORS);
    return root;
  }

  /** A genuine X25519 public key: the last 32 bytes of the first X-Wing vector's public key. */
  private static byte[] x25519PublicKey() {
    byte[] pk = Vectors.bytes(xwingVectors().get(0), "pk");
    return Arrays.copyOfRange(pk, MLKEM_EK_LENGTH, pk.length);
  }

  /** An X-Wing public key: the given ML-KEM-768 ek followed by a valid X25519 public key. */
  private static byte[] xwingPublicKey(byte[] ek, byte[] x25519) {
    byte[] pk = Arrays.copyOf(ek, ek.length + x25519.length);
    System.arraycopy(x25519, 0, pk, ek.length, x25519.length);
    return pk;
  }

  @Test
  void privateKey_xwingVectorSeeds_giveExpectedPublicKey() {
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (JsonNode v : xwingVectors()) {
      checked++;
      byte[] seed = Vectors.bytes(v, "seed");
      assertThat(Vectors.bytes(v, "sk")).isEqualTo(seed);
      XWingHpke.PrivateKey key = new XWingHpke.PrivateKey(seed);
      byte[] expected = Vectors.bytes(v, "pk");
      if (!Arrays.equals(key.publicKey(), expected)) {
        failures.mismatch("vector " + checked, "pk", expected, key.publicKey());
      }
      if (!Arrays.equals(key.seed(), seed)) {
        failures.mismatch("vector " + checked, "seed", seed, key.seed());
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(XWING_VECTORS);
  }

  @Test
  void xwingKem_xwingVectors_decapsulateToExpectedSecret() {
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (JsonNode v : xwingVectors()) {
      checked++;
      byte[] ss =
          new XWingKEMExtractor(new XWingPrivateKeyParameters(Vectors.bytes(v, "seed")))
              .extractSecret(Vectors.bytes(v, "ct"));
      if (!Arrays.equals(ss, Vectors.bytes(v, "ss"))) {
        failures.mismatch("vector " + checked, "ss", Vectors.bytes(v, "ss"), ss);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(XWING_VECTORS);
  }

  @Test
  void xwingKem_xwingVectorsWithFixedEseed_encapsulateToExpectedCiphertextAndSecret() {
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (JsonNode v : xwingVectors()) {
      checked++;
      String where = "vector " + checked;
      // eseed = ML-KEM m (32) || ephemeral X25519 scalar (32), drawn in that order.
      Vectors.FixedRandom eseed = new Vectors.FixedRandom(Vectors.bytes(v, "eseed"));
      SecretWithEncapsulation sent =
          new XWingKEMGenerator(eseed)
              .generateEncapsulated(new XWingPublicKeyParameters(Vectors.bytes(v, "pk")));
      if (!Arrays.equals(sent.getEncapsulation(), Vectors.bytes(v, "ct"))) {
        failures.mismatch(where, "ct", Vectors.bytes(v, "ct"), sent.getEncapsulation());
      }
      if (!Arrays.equals(sent.getSecret(), Vectors.bytes(v, "ss"))) {
        failures.mismatch(where, "ss", Vectors.bytes(v, "ss"), sent.getSecret());
      }
      if (eseed.remaining() != 0) {
        failures.add(where, eseed.remaining() + " bytes of eseed unused");
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(XWING_VECTORS);
  }

  @Test
  void checkPublicKey_xwingVectorKeys_accepts() {
    int checked = 0;
    for (JsonNode v : xwingVectors()) {
      checked++;
      byte[] pk = Vectors.bytes(v, "pk");
      assertThat(pk).hasSize(XWingHpke.PUBLIC_KEY_LENGTH);
      assertThatCode(() -> XWingHpke.checkPublicKey(pk)).doesNotThrowAnyException();
    }
    assertThat(checked).isEqualTo(XWING_VECTORS);
  }

  @Test
  void checkPublicKey_cctvModulusEncapsulationKeys_areAllRejected() {
    List<String> lines = Vectors.lines("cctv-mlkem/modulus_ML-KEM-768.txt.gz");
    byte[] x25519 = x25519PublicKey();
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (String line : lines) {
      checked++;
      String where = "line " + checked;
      byte[] ek = Vectors.hex(line);
      if (ek.length != MLKEM_EK_LENGTH) {
        failures.add(where, "ek is " + ek.length + " bytes");
        continue;
      }
      byte[] pk = xwingPublicKey(ek, x25519);
      try {
        XWingHpke.checkMlKemModulus(pk);
        failures.add(where, "checkMlKemModulus accepted the key");
      } catch (MalformedInputException expected) {
        // rejected, as it must be
      }
      try {
        XWingHpke.checkPublicKey(pk);
        failures.add(where, "checkPublicKey accepted the key");
      } catch (MalformedInputException expected) {
        // rejected, as it must be
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(780);
  }

  @Test
  void checkPublicKey_wycheproofEncapsulationKeys_acceptValidAndRejectInvalid() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load("mlkem_768_encaps_test.json");
    byte[] x25519 = x25519PublicKey();
    Vectors.Failures failures = new Vectors.Failures();
    int accepted = 0;
    int rejectedModulus = 0;
    int rejectedLength = 0;
    for (Vectors.Case c : file.cases) {
      byte[] ek = c.bytes("ek");
      byte[] pk = xwingPublicKey(ek, x25519);
      if (c.isValid()) {
        accepted++;
        try {
          XWingHpke.checkPublicKey(pk);
        } catch (MalformedInputException e) {
          failures.thrown(c.label(), e);
        }
        continue;
      }
      if (ek.length == MLKEM_EK_LENGTH) {
        rejectedModulus++;
      } else {
        rejectedLength++;
      }
      try {
        XWingHpke.checkPublicKey(pk);
        failures.add(c.label(), "accepted a " + ek.length + "-byte ek that fails FIPS 203 checks");
      } catch (MalformedInputException expected) {
        // rejected, as it must be
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(accepted).isEqualTo(133);
    assertThat(rejectedModulus).isEqualTo(112);
    assertThat(rejectedLength).isEqualTo(20);
    assertThat(accepted + rejectedModulus + rejectedLength).isEqualTo(file.numberOfTests());
  }
}
