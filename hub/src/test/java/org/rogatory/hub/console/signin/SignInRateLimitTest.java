package org.rogatory.hub.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SignInRateLimitTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @Test
  void tryAcquire_overTheLimit_refusesThatAddressOnly() {
    SignInRateLimit limit = new SignInRateLimit(clock);
    for (int i = 0; i < SignInRateLimit.MAX_ATTEMPTS; i++) {
      assertThat(limit.tryAcquire("192.0.2.1")).isTrue();
    }
    assertThat(limit.tryAcquire("192.0.2.1")).isFalse();
    assertThat(limit.tryAcquire("192.0.2.2")).isTrue();
  }

  @Test
  void tryAcquire_afterTheWindow_acceptsAgain() {
    SignInRateLimit limit = new SignInRateLimit(clock);
    for (int i = 0; i < SignInRateLimit.MAX_ATTEMPTS; i++) {
      limit.tryAcquire("192.0.2.1");
    }
    now.set(now.get().plus(SignInRateLimit.WINDOW).plus(Duration.ofSeconds(1)));
    assertThat(limit.tryAcquire("192.0.2.1")).isTrue();
  }
}
