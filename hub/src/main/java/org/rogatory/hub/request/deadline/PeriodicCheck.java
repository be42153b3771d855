package org.rogatory.hub.request.deadline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs a watch's check every interval on a daemon thread of its own; a failed round is logged and
 * the next one looks again (the checks are idempotent: the aggregates decide).
 */
final class PeriodicCheck {
  private final String name;
  private final Duration interval;
  private final Runnable check;
  private final Logger log;
  private ScheduledExecutorService scheduler;

  PeriodicCheck(String name, Duration interval, Runnable check, Logger log) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(name + ": the check interval must be positive");
    }
    this.name = name;
    this.interval = interval;
    this.check = check;
    this.log = log;
  }

  synchronized void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            check.run();
          } catch (RuntimeException e) {
            log.warn("{}: check failed; will retry", name, e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  synchronized boolean isRunning() {
    return scheduler != null && !scheduler.isShutdown();
  }
}
