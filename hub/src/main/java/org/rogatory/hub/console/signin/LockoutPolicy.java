package org.rogatory.hub.console.signin;

import java.time.Duration;
import java.time.Instant;

/**
 * When an account is locked: after {@value #MAX_FAILURES} failed sign-ins in a row (a wrong
 * password or a wrong second-factor code), for {@link #LOCK_DURATION}. A successful sign-in clears
 * the count; a lock that has run out starts the count afresh.
 */
final class LockoutPolicy {
  static final int MAX_FAILURES = 5;
  static final Duration LOCK_DURATION = Duration.ofMinutes(15);

  /** Failures so far, and the end of the current lock (null if none). */
  record State(int failures, Instant lockedUntil) {
    static final State CLEAR = new State(0, null);
  }

  private LockoutPolicy() {}

  static boolean isLocked(State state, Instant now) {
    return state.lockedUntil() != null && now.isBefore(state.lockedUntil());
  }

  /** The state after one more failure; a lock starts with the {@value #MAX_FAILURES}th. */
  static State afterFailure(State state, Instant now) {
    int failures = state.lockedUntil() != null && !isLocked(state, now) ? 0 : state.failures();
    failures++;
    if (failures >= MAX_FAILURES) {
      return new State(0, now.plus(LOCK_DURATION));
    }
    return new State(failures, isLocked(state, now) ? state.lockedUntil() : null);
  }

  static State afterSuccess() {
    return State.CLEAR;
  }
}
