package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalSecretKeyTest {
  private static final byte[] SECRET = "JBSWY3DPEHPK3PXP".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANA = "totp:ana".getBytes(StandardCharsets.US_ASCII);

  @Test
  void sealThenOpen_sameKeyAndContext_givesThePlaintextBack() throws CryptoException {
    LocalSecretKey key = LocalSecretKey.generate();
    byte[] sealed = key.seal(SECRET, ANA);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("JBSWY3DP");
    assertThat(sealed).hasSize(4 + 1 + 12 + SECRET.length + 16);
    assertThat(key.open(sealed, ANA)).isEqualTo(SECRET);
    assertThat(key.seal(SECRET, ANA)).as("a fresh nonce each time").isNotEqualTo(sealed);
  }

  @Test
  void open_withAnotherContext_throws() {
    LocalSecretKey key = LocalSecretKey.generate();
    byte[] sealed = key.seal(SECRET, ANA);
    assertThatThrownBy(() -> key.open(sealed, "totp:ben".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void open_withAnotherKey_throws() {
    byte[] sealed = LocalSecretKey.generate().seal(SECRET, ANA);
    assertThatThrownBy(() -> LocalSecretKey.generate().open(sealed, ANA))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void open_withAnyByteFlipped_throws() {
    LocalSecretKey key = LocalSecretKey.generate();
    byte[] sealed = key.seal(SECRET, ANA);
    for (int i = 0; i < sealed.length; i++) {
      byte[] bad = sealed.clone();
      bad[i] ^= 1;
      int at = i;
      assertThatThrownBy(() -> key.open(bad, ANA))
          .as("byte " + at)
          .isInstanceOf(CryptoException.class);
    }
    assertThatThrownBy(() -> key.open(new byte[3], ANA)).isInstanceOf(CryptoException.class);
  }

  @Test
  void fromBytes_roundTrip_andWrongLength_isRejected() throws CryptoException {
    LocalSecretKey key = LocalSecretKey.generate();
    byte[] raw = key.toBytes(SecretKeyAccess.insecureSecretAccess());
    LocalSecretKey again = LocalSecretKey.fromBytes(raw, SecretKeyAccess.insecureSecretAccess());
    assertThat(again.open(key.seal(SECRET, ANA), ANA)).isEqualTo(SECRET);
    assertThatThrownBy(
            () -> LocalSecretKey.fromBytes(new byte[16], SecretKeyAccess.insecureSecretAccess()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(key.toString()).contains("REDACTED");
  }
}
