package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.crypto.CryptoFixtures.MALLORY;
import static org.rogatory.crypto.CryptoFixtures.REGISTRY;
import static org.rogatory.crypto.CryptoFixtures.STATE_FR;
import static org.rogatory.crypto.CryptoFixtures.STATE_NL;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyBundleTest {

  @Test
  void decode_ofEncoded_givesEqualBundleAndFingerprint() throws Exception {
    KeyBundle b = STATE_NL.bundle();
    KeyBundle decoded = KeyBundle.decode(b.encode());
    assertThat(decoded.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(decoded.party()).isEqualTo(PartyId.of("state.nl"));
    assertThat(decoded.deviceId()).isEqualTo("primary");
    assertThat(decoded.keyVersion()).isEqualTo(1);
    assertThat(decoded.notBefore()).isEqualTo(b.notBefore());
    assertThat(decoded.encode()).isEqualTo(b.encode());
  }

  @Test
  void encode_hasSpecifiedLength() {
    // 6,603 bytes plus the lengths of the party and device ids (docs/spec/key-bundle.md).
    assertThat(STATE_NL.bundle().encode()).hasSize(6603 + "state.nl".length() + "primary".length());
  }

  @Test
  void decode_withAnyByteFlipped_isRejected() {
    byte[] encoded = REGISTRY.bundle().encode();
    for (int i = 0; i < encoded.length; i++) {
      byte[] t = encoded.clone();
      t[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> KeyBundle.decode(t))
          .as("flip at %d", at)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void decode_withEd25519SignatureOfAnotherKey_isRejectedAsUnverified() {
    byte[] mine = STATE_NL.bundle().encode();
    byte[] theirs = MALLORY.bundle().encode();
    int sigStart = mine.length - 3373;
    byte[] t = mine.clone();
    System.arraycopy(theirs, theirs.length - 3373, t, sigStart, 64);
    assertThatThrownBy(() -> KeyBundle.decode(t))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.VERIFICATION_FAILED);
  }

  @Test
  void decode_truncatedOrExtended_isRejectedAsMalformed() {
    byte[] encoded = STATE_NL.bundle().encode();
    for (int len : new int[] {0, 3, 4, 40, encoded.length - 1}) {
      assertThatThrownBy(() -> KeyBundle.decode(Arrays.copyOf(encoded, len)))
          .isInstanceOf(CryptoException.class);
    }
    assertThatThrownBy(() -> KeyBundle.decode(Arrays.copyOf(encoded, encoded.length + 1)))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.MALFORMED);
  }

  @Test
  void verify_ofOwnSignature_passes_andOtherContextOrDataFails() throws Exception {
    byte[] data = "receipt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] sig = STATE_NL.sign(SignatureContext.RECEIPT, data);
    STATE_NL.bundle().verify(SignatureContext.RECEIPT, data, sig);

    assertThatThrownBy(() -> STATE_NL.bundle().verify(SignatureContext.custom("other"), data, sig))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> STATE_NL.bundle().verify(SignatureContext.RECEIPT, new byte[1], sig))
        .isInstanceOf(CryptoException.class);
    // Same seeds are not shared, and the signer's fingerprint is signed: another key fails.
    assertThatThrownBy(() -> MALLORY.bundle().verify(SignatureContext.RECEIPT, data, sig))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void verify_withOnlyOneHalfValid_fails() {
    byte[] data = {1, 2, 3};
    byte[] sig = STATE_NL.sign(SignatureContext.RECEIPT, data);
    byte[] other = MALLORY.sign(SignatureContext.RECEIPT, data);
    byte[] edOnly = sig.clone();
    System.arraycopy(other, 64, edOnly, 64, other.length - 64);
    byte[] mlOnly = sig.clone();
    System.arraycopy(other, 0, mlOnly, 0, 64);
    for (byte[] s : new byte[][] {edOnly, mlOnly, Arrays.copyOf(sig, 64), new byte[3373]}) {
      assertThatThrownBy(() -> STATE_NL.bundle().verify(SignatureContext.RECEIPT, data, s))
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void isValidAt_respectsHalfOpenPeriod() {
    KeyBundle b = STATE_NL.bundle();
    assertThat(b.isValidAt(b.notBefore())).isTrue();
    assertThat(b.isValidAt(b.notBefore().minusMillis(1))).isFalse();
    assertThat(b.isValidAt(b.notAfter().minusMillis(1))).isTrue();
    assertThat(b.isValidAt(b.notAfter())).isFalse();
    assertThat(b.isValidAt(Instant.parse("2026-11-22T10:00:00Z"))).isTrue();
  }

  @Test
  void safetyCode_isSymmetric_sixtyDigits_andChangesWithKeys() {
    String ab = SafetyCode.between(REGISTRY.bundle(), STATE_NL.bundle());
    String ba = SafetyCode.between(STATE_NL.bundle(), REGISTRY.bundle());
    assertThat(ab).isEqualTo(ba).matches("(\\d{5} ){11}\\d{5}");
    assertThat(SafetyCode.between(REGISTRY.bundle(), MALLORY.bundle())).isNotEqualTo(ab);
    assertThat(SafetyCode.between(REGISTRY.bundle(), STATE_FR.bundle())).isNotEqualTo(ab);
    // The Registry's half comes first ("court.registry" < "state.nl") and is the same in both.
    assertThat(SafetyCode.between(REGISTRY.bundle(), STATE_FR.bundle()).substring(0, 35))
        .isEqualTo(ab.substring(0, 35));
  }

  @Test
  void keyCode_isEachBundlesHalfOfThePairCode_thirtyDigits() {
    String pair = SafetyCode.between(REGISTRY.bundle(), STATE_NL.bundle());
    String registry = SafetyCode.keyCode(REGISTRY.bundle());
    String nl = SafetyCode.keyCode(STATE_NL.bundle());
    assertThat(registry).matches("(\\d{5} ){5}\\d{5}");
    assertThat(pair).isEqualTo(registry + " " + nl);
    assertThat(SafetyCode.keyCode(MALLORY.bundle())).isNotEqualTo(nl);
  }

  @Test
  void safetyCode_betweenTwoDevicesOfOneParty_doesNotDependOnArgumentOrder() {
    assertThat(SafetyCode.between(REGISTRY.bundle(), CryptoFixtures.REGISTRY_LAPTOP.bundle()))
        .isEqualTo(SafetyCode.between(CryptoFixtures.REGISTRY_LAPTOP.bundle(), REGISTRY.bundle()));
  }

  @Test
  void toString_ofPartyKeys_hidesPrivateKeys() {
    assertThat(STATE_NL.toString()).contains("REDACTED").contains("state.nl");
  }

  @Test
  void partyId_withBadSyntax_isRejected() {
    for (String bad : new String[] {"", "A", "-x", "x-", "a b", "é", "x".repeat(65)}) {
      assertThatThrownBy(() -> PartyId.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(PartyId.of("state.nl").value()).isEqualTo("state.nl");
  }
}
