package org.rogatory.hub.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  @Test
  void isLive_fourteenMinutesIdle_isLive() {
    assertThat(SessionPolicy.isLive(T0, T0, T0.plus(Duration.ofMinutes(14)))).isTrue();
  }

  @Test
  void isLive_fifteenMinutesIdle_hasExpired() {
    assertThat(SessionPolicy.isLive(T0, T0, T0.plus(Duration.ofMinutes(15)))).isFalse();
  }

  @Test
  void isLive_activeButEightHoursOld_hasExpired() {
    Instant now = T0.plus(Duration.ofHours(8));
    assertThat(SessionPolicy.isLive(T0, now.minusSeconds(10), now)).isFalse();
    assertThat(SessionPolicy.isLive(T0, now.minusSeconds(10), now.minusSeconds(1))).isTrue();
  }
}
