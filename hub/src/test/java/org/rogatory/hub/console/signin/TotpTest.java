package org.rogatory.hub.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  /** RFC 6238 appendix B: the HMAC-SHA1 seed is the ASCII string "12345678901234567890". */
  private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void code_rfc6238AppendixBSha1Vectors_match(long unixTime, String expected) {
    long step = Totp.step(Instant.ofEpochSecond(unixTime));
    assertThat(Totp.code(RFC_SEED, step, 8)).isEqualTo(expected);
  }

  @Test
  void code_sixDigits_isTheLastSixOfTheEightDigitVector() {
    assertThat(Totp.code(RFC_SEED, Instant.ofEpochSecond(59))).isEqualTo("287082");
  }

  @Test
  void matchingStep_previousCurrentAndNextStep_areAccepted() {
    Instant now = Instant.ofEpochSecond(1_111_111_111L);
    long step = Totp.step(now);
    for (long s = step - 1; s <= step + 1; s++) {
      assertThat(Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, s, 6), now, -1)).isEqualTo(s);
    }
  }

  @Test
  void matchingStep_twoStepsAway_isRefused() {
    Instant now = Instant.ofEpochSecond(1_111_111_111L);
    String old = Totp.code(RFC_SEED, Totp.step(now) - 2, 6);
    assertThat(Totp.matchingStep(RFC_SEED, old, now, -1)).isEqualTo(-1);
  }

  @Test
  void matchingStep_codeOfAStepAlreadyUsed_isRefused() {
    Instant now = Instant.ofEpochSecond(1_111_111_111L);
    String code = Totp.code(RFC_SEED, now);
    long step = Totp.matchingStep(RFC_SEED, code, now, -1);
    assertThat(step).isEqualTo(Totp.step(now));
    assertThat(Totp.matchingStep(RFC_SEED, code, now, step)).isEqualTo(-1);
  }

  @Test
  void matchingStep_notSixDigits_isRefused() {
    Instant now = Instant.ofEpochSecond(59);
    assertThat(Totp.matchingStep(RFC_SEED, "28708", now, -1)).isEqualTo(-1);
    assertThat(Totp.matchingStep(RFC_SEED, "abcdef", now, -1)).isEqualTo(-1);
    assertThat(Totp.matchingStep(RFC_SEED, null, now, -1)).isEqualTo(-1);
  }

  @Test
  void base32_rfc4648Vector_andRoundTrip() {
    assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    byte[] secret = Totp.newSecret();
    assertThat(Totp.fromBase32(Totp.base32(secret).toLowerCase(java.util.Locale.ROOT)))
        .isEqualTo(secret);
  }

  @Test
  void uri_namesIssuerAccountAndParameters() {
    assertThat(Totp.uri("Rogatory console", "ana", RFC_SEED))
        .isEqualTo(
            "otpauth://totp/Rogatory%20console:ana?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Rogatory%20console&algorithm=SHA1&digits=6&period=30");
  }
}
