package org.rogatory.hub.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The hub's clock in tests that need time to pass: the real clock plus an offset that the test
 * moves forward by hand. Install it with {@link Config} (a {@code @Primary} bean).
 */
public final class MovableClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    offset = offset.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  /** Replaces the hub's clock with a movable one; import it with {@code @Import}. */
  @org.springframework.boot.test.context.TestConfiguration
  public static class Config {
    @org.springframework.context.annotation.Bean
    @org.springframework.context.annotation.Primary
    public MovableClock movableClock() {
      return new MovableClock();
    }
  }
}
