package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @Test
  void verify_referenceImplementationVector_accepts() {
    // The Argon2 reference implementation's test vector for Argon2id v=0x13, t=2, m=64 MiB, p=1.
    String reference =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThatCode(() -> PasswordHash.verify("password".toCharArray(), reference))
        .doesNotThrowAnyException();
  }

  @Test
  void hash_recordsItsParameters_andVerifies() {
    String stored = PasswordHash.hash(PASSWORD, PasswordHashPreset.ARGON2ID_19MIB_T2);
    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThatCode(() -> PasswordHash.verify(PASSWORD, stored)).doesNotThrowAnyException();
  }

  @Test
  void hash_twice_usesFreshSalts() {
    assertThat(PasswordHash.hash(PASSWORD, PasswordHashPreset.ARGON2ID_19MIB_T2))
        .isNotEqualTo(PasswordHash.hash(PASSWORD, PasswordHashPreset.ARGON2ID_19MIB_T2));
  }

  @Test
  void verify_wrongPassword_throws() {
    String stored = PasswordHash.hash(PASSWORD, PasswordHashPreset.ARGON2ID_19MIB_T2);
    assertThatThrownBy(
            () -> PasswordHash.verify("correct horse battery stapl".toCharArray(), stored))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.VERIFICATION_FAILED);
  }

  @Test
  void verify_hugeMemoryParameter_isRefusedBeforeDeriving() {
    String hostile =
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThatThrownBy(() -> PasswordHash.verify(PASSWORD, hostile))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.MALFORMED);
  }

  @Test
  void verify_notAHash_throwsMalformed() {
    assertThatThrownBy(() -> PasswordHash.verify(PASSWORD, "plaintext"))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.MALFORMED);
  }
}
