package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * Bouncy Castle's {@link X25519Agreement}, used as Bouncy Castle's X-Wing uses it (raw 32-byte
 * keys, {@code init(private)}, {@code calculateAgreement(public)}), against Wycheproof's X25519
 * vectors.
 */
class X25519VectorsTest {
  private static final String FILE = "x25519_test.json";

  private static byte[] agree(byte[] privateKey, byte[] publicKey) {
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(new X25519PrivateKeyParameters(privateKey));
    byte[] out = new byte[agreement.getAgreementSize()];
    agreement.calculateAgreement(new X25519PublicKeyParameters(publicKey), out, 0);
    return out;
  }

  @Test
  void x25519Agreement_wycheproofValidVectors_matchExpectedSharedSecret() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      if (!c.isValid()) {
        continue;
      }
      checked++;
      byte[] expected = c.bytes("shared");
      try {
        byte[] actual = agree(c.bytes("private"), c.bytes("public"));
        if (!Arrays.equals(actual, expected)) {
          failures.mismatch(c.label(), "shared secret", expected, actual);
        }
      } catch (RuntimeException e) {
        failures.thrown(c.label(), e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(264);
  }

  @Test
  void x25519Agreement_wycheproofAcceptableVectors_matchOrRejectAllZeroSecret() {
    // "acceptable": twist points, non-canonical and low-order public keys. Bouncy Castle must
    // give the expected secret, except that it refuses (throws) when that secret is all zeros.
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    int matched = 0;
    int zeroRejected = 0;
    for (Vectors.Case c : file.cases) {
      if (!c.isAcceptable()) {
        continue;
      }
      byte[] expected = c.bytes("shared");
      boolean zero = Arrays.equals(expected, new byte[expected.length]);
      try {
        byte[] actual = agree(c.bytes("private"), c.bytes("public"));
        if (zero) {
          failures.add(c.label(), "all-zero shared secret was not rejected");
        } else if (!Arrays.equals(actual, expected)) {
          failures.mismatch(c.label(), "shared secret", expected, actual);
        } else {
          matched++;
        }
      } catch (IllegalStateException e) {
        if (zero) {
          zeroRejected++;
        } else {
          failures.thrown(c.label(), e);
        }
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(matched + zeroRejected).isEqualTo(254);
    assertThat(zeroRejected).isEqualTo(31);
    assertThat(matched + zeroRejected + 264).isEqualTo(file.numberOfTests());
  }
}
