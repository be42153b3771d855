package org.rogatory.hub.console.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@link #MAX_ATTEMPTS} sign-in attempts (either step) per source address in any {@link
 * #WINDOW}, on this node. It complements the per-account lock-out: it slows one address guessing
 * across many accounts, and keeps Argon2's memory cost from being spent at an attacker's pace.
 */
final class SignInRateLimit {
  static final int MAX_ATTEMPTS = 20;
  static final Duration WINDOW = Duration.ofMinutes(5);
  private static final int MAX_TRACKED = 100_000;

  private final Clock clock;
  private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

  SignInRateLimit(Clock clock) {
    this.clock = clock;
  }

  /** Records an attempt from {@code address}; false if it is over the limit (not recorded). */
  boolean tryAcquire(String address) {
    Instant now = clock.instant();
    if (attempts.size() > MAX_TRACKED) {
      attempts.values().removeIf(d -> isStale(d, now));
    }
    Deque<Instant> seen = attempts.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (seen) {
      while (!seen.isEmpty() && !seen.peekFirst().isAfter(now.minus(WINDOW))) {
        seen.pollFirst();
      }
      if (seen.size() >= MAX_ATTEMPTS) {
        return false;
      }
      seen.addLast(now);
      return true;
    }
  }

  private static boolean isStale(Deque<Instant> seen, Instant now) {
    synchronized (seen) {
      return seen.isEmpty() || !seen.peekLast().isAfter(now.minus(WINDOW));
    }
  }
}
