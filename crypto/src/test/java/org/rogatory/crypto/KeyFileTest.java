package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.crypto.CryptoFixtures.REGISTRY;
import static org.rogatory.crypto.CryptoFixtures.STATE_NL;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyFileTest {
  private static final char[] PASSPHRASE = "correct horse battery staple ünïcode".toCharArray();
  private static byte[] file;

  @BeforeAll
  static void encrypt() {
    file = KeyFile.encrypt(STATE_NL, PASSPHRASE, KeyFilePreset.ARGON2ID_19MIB);
  }

  @Test
  void decrypt_withRightPassphrase_restoresWorkingKeys() throws Exception {
    PartyKeys restored = KeyFile.decrypt(file, PASSPHRASE);
    assertThat(restored.bundle().fingerprint()).isEqualTo(STATE_NL.bundle().fingerprint());
    // The restored keys open what was sealed to the original, and sign verifiably.
    byte[] env =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, REGISTRY, CryptoFixtures.CLOCK)
            .seal(CryptoFixtures.metadata(), List.of(STATE_NL.bundle()), new byte[] {42});
    assertThat(
            EnvelopeOpener.create(restored, TrustedKeys.of(REGISTRY.bundle())).open(env).payload())
        .containsExactly(42);
    byte[] sig = restored.sign(SignatureContext.RECEIPT, new byte[] {1});
    STATE_NL.bundle().verify(SignatureContext.RECEIPT, new byte[] {1}, sig);
  }

  @Test
  void decrypt_withUnicodeInOtherNormalForm_succeeds() throws Exception {
    String nfd =
        java.text.Normalizer.normalize(new String(PASSPHRASE), java.text.Normalizer.Form.NFD);
    assertThat(nfd).isNotEqualTo(new String(PASSPHRASE));
    assertThat(KeyFile.decrypt(file, nfd.toCharArray()).bundle()).isEqualTo(STATE_NL.bundle());
  }

  @Test
  void decrypt_withWrongPassphrase_failsWithGenericReason() {
    assertThatThrownBy(() -> KeyFile.decrypt(file, "wrong".toCharArray()))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("wrong passphrase or damaged")
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED);
  }

  @Test
  void decrypt_withSaltNonceOrCiphertextByteFlipped_fails() {
    // Bytes 15.. are salt, nonce and ciphertext; flip a sample of them (each costs one KDF run).
    for (int i : new int[] {15, 30, 31, 42, 43, 100, 2000, file.length - 17, file.length - 1}) {
      byte[] t = file.clone();
      t[i] ^= 0x40;
      assertThatThrownBy(() -> KeyFile.decrypt(t, PASSPHRASE))
          .as("flip at %d", i)
          .isInstanceOf(CryptoException.class)
          .extracting(e -> ((CryptoException) e).reason())
          .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED);
    }
  }

  @Test
  void decrypt_withKdfParametersChanged_failsBecauseHeaderIsAuthenticated() {
    byte[] t = file.clone();
    t[13] = 3; // iterations 2 -> 3: in range, so the KDF runs, but the header is the AAD
    assertThatThrownBy(() -> KeyFile.decrypt(t, PASSPHRASE))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED);
  }

  @Test
  void decrypt_withOutOfRangeKdfParameters_isRejectedBeforeRunningIt() {
    byte[] hugeMemory = file.clone();
    hugeMemory[6] = 0x7F; // memory 2^30+ KiB
    byte[] noIterations = file.clone();
    noIterations[10] = 0;
    noIterations[11] = 0;
    noIterations[12] = 0;
    noIterations[13] = 0;
    byte[] manyLanes = file.clone();
    manyLanes[14] = (byte) 200;
    for (byte[] t : List.of(hugeMemory, noIterations, manyLanes)) {
      assertThatThrownBy(() -> KeyFile.decrypt(t, PASSPHRASE))
          .isInstanceOf(CryptoException.class)
          .extracting(e -> ((CryptoException) e).reason())
          .isEqualTo(CryptoException.Reason.MALFORMED);
    }
  }

  @Test
  void encrypt_twice_givesDifferentFiles() {
    byte[] again = KeyFile.encrypt(STATE_NL, PASSPHRASE, KeyFilePreset.ARGON2ID_19MIB);
    assertThat(again).isNotEqualTo(file);
    assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("state.nl");
  }
}
