package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecretFileTest {
  private static final char[] PASSPHRASE = "a passphrase for the secret".toCharArray();
  private static final byte[] SECRET = "PKCS#8 bytes of a TLS key".getBytes();
  private static byte[] file;

  @BeforeAll
  static void encrypt() {
    file = SecretFile.encrypt(SECRET, PASSPHRASE, KeyFilePreset.ARGON2ID_19MIB);
  }

  @Test
  void decrypt_withRightPassphrase_returnsTheSecret() throws Exception {
    assertThat(SecretFile.decrypt(file, PASSPHRASE)).isEqualTo(SECRET);
    assertThat(new String(file, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("RGSF");
  }

  @Test
  void decrypt_withWrongPassphrase_orFlippedByte_throwsTheSameReason() {
    assertThatThrownBy(() -> SecretFile.decrypt(file, "wrong".toCharArray()))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED);
    for (int i : new int[] {20, file.length - 1}) {
      byte[] bad = file.clone();
      bad[i] ^= 1;
      assertThatThrownBy(() -> SecretFile.decrypt(bad, PASSPHRASE))
          .isInstanceOf(CryptoException.class)
          .extracting(e -> ((CryptoException) e).reason())
          .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED);
    }
  }

  @Test
  void decrypt_keyFileOrHostileParameters_isMalformed_beforeAnyKdf() {
    byte[] keyFile =
        KeyFile.encrypt(CryptoFixtures.STATE_NL, PASSPHRASE, KeyFilePreset.ARGON2ID_19MIB);
    assertThatThrownBy(() -> SecretFile.decrypt(keyFile, PASSPHRASE))
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.MALFORMED);
    byte[] huge = file.clone();
    huge[6] = 0x7f; // memory_kib far above 1 GiB
    assertThatThrownBy(() -> SecretFile.decrypt(huge, PASSPHRASE))
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.MALFORMED);
  }

  @Test
  void encrypt_emptyOrOversizedSecret_isRefused() {
    assertThatThrownBy(
            () -> SecretFile.encrypt(new byte[0], PASSPHRASE, KeyFilePreset.ARGON2ID_19MIB))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SecretFile.encrypt(
                    new byte[SecretFile.MAX_SECRET + 1], PASSPHRASE, KeyFilePreset.ARGON2ID_19MIB))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
