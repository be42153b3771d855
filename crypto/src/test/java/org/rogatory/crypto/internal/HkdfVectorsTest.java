package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Hkdf} against Wycheproof's HKDF-SHA256 vectors. */
class HkdfVectorsTest {
  private static final String FILE = "hkdf_sha256_test.json";

  @Test
  void hkdf_wycheproofValidVectors_matchExpectedOkm() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      if (!c.isValid()) {
        continue;
      }
      checked++;
      byte[] expected = c.bytes("okm");
      int size = c.test().required("size").asInt();
      try {
        byte[] okm = Hkdf.derive(c.bytes("salt"), c.bytes("ikm"), c.bytes("info"), size);
        if (!Arrays.equals(okm, expected)) {
          failures.mismatch(c.label(), "okm", expected, okm);
        }
        byte[] viaSteps =
            Hkdf.expand(Hkdf.extract(c.bytes("salt"), c.bytes("ikm")), c.bytes("info"), size);
        if (!Arrays.equals(viaSteps, expected)) {
          failures.mismatch(c.label(), "expand(extract(...))", expected, viaSteps);
        }
      } catch (RuntimeException e) {
        failures.thrown(c.label(), e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(83);
  }

  @Test
  void hkdf_wycheproofOutputOneByteTooLong_isRejected() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      if (c.isValid()) {
        continue;
      }
      checked++;
      int size = c.test().required("size").asInt();
      if (!c.hasFlag("SizeTooLarge") || size != 255 * 32 + 1) {
        failures.add(c.label(), "unexpected kind of invalid vector, size " + size);
        continue;
      }
      try {
        byte[] okm = Hkdf.derive(c.bytes("salt"), c.bytes("ikm"), c.bytes("info"), size);
        failures.add(c.label(), "accepted; gave " + okm.length + " bytes");
      } catch (IllegalArgumentException expected) {
        // rejected, as it must be
      } catch (RuntimeException e) {
        failures.thrown(c.label(), e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(3);
    assertThat(checked).isEqualTo(file.numberOfTests() - 83);
  }
}
