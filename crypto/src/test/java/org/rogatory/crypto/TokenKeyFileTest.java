package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.crypto.CryptoFixtures.STATE_NL;

import java.util.Arrays;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token key file with a software AES key standing in for the token's (the SDK's PKCS#11 test
 * runs the same code against SoftHSM).
 */
class TokenKeyFileTest {
  private static SecretKey key;
  private static byte[] file;

  @BeforeAll
  static void encrypt() throws Exception {
    KeyGenerator g = KeyGenerator.getInstance("AES");
    g.init(256);
    key = g.generateKey();
    file = TokenKeyFile.encrypt(STATE_NL, "rogatory-kek-state.nl", key, null);
  }

  @Test
  void decrypt_withTheKey_restoresTheSameKeys() throws Exception {
    PartyKeys restored = TokenKeyFile.decrypt(file, key, null);
    assertThat(restored.bundle()).isEqualTo(STATE_NL.bundle());
    byte[] sig = restored.sign(SignatureContext.RECEIPT, new byte[] {7});
    STATE_NL.bundle().verify(SignatureContext.RECEIPT, new byte[] {7}, sig);
    assertThat(TokenKeyFile.label(file)).isEqualTo("rogatory-kek-state.nl");
  }

  @Test
  void decrypt_withAnotherKey_failsWithTheGenericReason() throws Exception {
    KeyGenerator g = KeyGenerator.getInstance("AES");
    g.init(256);
    SecretKey other = g.generateKey();
    assertThatThrownBy(() -> TokenKeyFile.decrypt(file, other, null))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED);
  }

  @Test
  void everyByteFlipped_isRefused() {
    for (int i = 0; i < file.length; i++) {
      byte[] damaged = file.clone();
      damaged[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> TokenKeyFile.decrypt(damaged, key, null))
          .as("flip at byte %d", at)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void everyTruncation_isRefused() {
    for (int n = 0; n < file.length; n++) {
      byte[] cut = Arrays.copyOf(file, n);
      int at = n;
      assertThatThrownBy(() -> TokenKeyFile.decrypt(cut, key, null))
          .as("cut to %d bytes", at)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void aPassphraseKeyFile_isNotATokenKeyFile() {
    byte[] passphraseFile =
        KeyFile.encrypt(STATE_NL, "a passphrase".toCharArray(), KeyFilePreset.ARGON2ID_19MIB);
    assertThatThrownBy(() -> TokenKeyFile.decrypt(passphraseFile, key, null))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.MALFORMED);
  }

  @Test
  void labels_outOfRange_areRefused() {
    assertThatThrownBy(() -> TokenKeyFile.encrypt(STATE_NL, "", key, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenKeyFile.encrypt(STATE_NL, "x".repeat(65), key, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
