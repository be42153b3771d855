package org.rogatory.client;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * How often and how patiently the SDK repeats a call that failed for a reason that may pass: a
 * connection error, a timeout, a 5xx answer or a 429. Every repetition of a state-changing call
 * carries the same idempotency key, so the hub performs it at most once.
 *
 * <p>The wait before attempt {@code n+1} is a random duration up to {@code initialBackoff *
 * 2^(n-1)} (full jitter), at most {@code maxBackoff}; a {@code Retry-After} from the hub is
 * honoured up to {@code maxBackoff}.
 */
public final class RetryPolicy {
  // Jitter needs no secrecy, but one generator for everything keeps the analysers quiet and costs
  // nothing at retry rates.
  private static final SecureRandom JITTER = new SecureRandom();
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /**
   * A policy of at most {@code maxAttempts} attempts in all.
   *
   * @throws IllegalArgumentException if {@code maxAttempts} is not 1-20, or a backoff is negative
   *     or the initial one exceeds the maximum
   */
  public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 20");
    }
    if (initialBackoff.isNegative()
        || maxBackoff.isNegative()
        || initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException("backoffs must be >= 0 and initial <= max");
    }
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
  }

  /** Five attempts, waiting from 200 ms up to 10 s. */
  public static RetryPolicy defaults() {
    return of(5, Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  /** One attempt, no repetition. */
  public static RetryPolicy none() {
    return of(1, Duration.ZERO, Duration.ZERO);
  }

  /** The most attempts a call gets, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based), given the hub's Retry-After if any.
   */
  Duration backoff(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
    }
    long cap = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    cap = Math.min(Math.max(cap, 0), maxBackoff.toMillis());
    return Duration.ofMillis(cap == 0 ? 0 : JITTER.nextLong(cap + 1));
  }

  @Override
  public String toString() {
    return "RetryPolicy[" + maxAttempts + " attempts, " + initialBackoff + ".." + maxBackoff + "]";
  }
}
