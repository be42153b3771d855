package org.rogatory.hub.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static LockoutPolicy.State failTimes(int n) {
    LockoutPolicy.State s = LockoutPolicy.State.CLEAR;
    for (int i = 0; i < n; i++) {
      s = LockoutPolicy.afterFailure(s, T0.plusSeconds(i));
    }
    return s;
  }

  @Test
  void afterFailure_fourTimes_doesNotLock() {
    LockoutPolicy.State s = failTimes(4);
    assertThat(LockoutPolicy.isLocked(s, T0.plusSeconds(5))).isFalse();
    assertThat(s.failures()).isEqualTo(4);
  }

  @Test
  void afterFailure_fifthTime_locksForFifteenMinutes() {
    LockoutPolicy.State s = failTimes(5);
    Instant fifth = T0.plusSeconds(4);
    assertThat(LockoutPolicy.isLocked(s, fifth)).isTrue();
    assertThat(LockoutPolicy.isLocked(s, fifth.plusSeconds(15 * 60 - 1))).isTrue();
    assertThat(LockoutPolicy.isLocked(s, fifth.plusSeconds(15 * 60))).isFalse();
  }

  @Test
  void afterFailure_afterTheLockRanOut_countsAfresh() {
    LockoutPolicy.State s = failTimes(5);
    LockoutPolicy.State after = LockoutPolicy.afterFailure(s, T0.plusSeconds(3600));
    assertThat(LockoutPolicy.isLocked(after, T0.plusSeconds(3600))).isFalse();
    assertThat(after.failures()).isEqualTo(1);
  }

  @Test
  void afterSuccess_clearsTheCount() {
    assertThat(LockoutPolicy.afterSuccess().failures()).isZero();
    assertThat(LockoutPolicy.isLocked(LockoutPolicy.afterSuccess(), T0)).isFalse();
  }
}
