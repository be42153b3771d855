package org.rogatory.hub.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock for tests that need time to pass: the real clock, or a frozen instant, plus an offset
 * that the test moves forward by hand. Install it as the hub's clock with {@link Config} (a {@code
 * Primary} bean).
 */
public final class MovableClock extends Clock {
  private final Instant frozen;
  private volatile Duration offset = Duration.ZERO;

  /** The real clock, until moved. */
  public MovableClock() {
    this(null);
  }

  /** A clock that stands at {@code frozen} (or runs in real time if null) until moved. */
  public MovableClock(Instant frozen) {
    this.frozen = frozen;
  }

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
    return (frozen == null ? Instant.now() : frozen).plus(offset);
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
