package org.rogatory.hub.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsrfTokenTest {
  @Test
  void matches_sameToken_isTrue() {
    assertThat(CsrfToken.matches("k3Jx-token", "k3Jx-token")).isTrue();
  }

  @Test
  void matches_otherMissingOrEmpty_isFalse() {
    assertThat(CsrfToken.matches("k3Jx-token", "k3Jx-tokeN")).isFalse();
    assertThat(CsrfToken.matches("k3Jx-token", null)).isFalse();
    assertThat(CsrfToken.matches("k3Jx-token", "")).isFalse();
    assertThat(CsrfToken.matches("", "")).isFalse();
    assertThat(CsrfToken.matches(null, null)).isFalse();
  }
}
