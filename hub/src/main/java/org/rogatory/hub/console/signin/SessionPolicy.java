package org.rogatory.hub.console.signin;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a console session lives: {@link #IDLE} without a request, and {@link #ABSOLUTE} in all,
 * after which the staff member signs in again whatever they were doing.
 */
final class SessionPolicy {
  static final Duration IDLE = Duration.ofMinutes(15);
  static final Duration ABSOLUTE = Duration.ofHours(8);

  private SessionPolicy() {}

  static boolean isLive(Instant createdAt, Instant lastSeenAt, Instant now) {
    return now.isBefore(lastSeenAt.plus(IDLE)) && now.isBefore(createdAt.plus(ABSOLUTE));
  }
}
