package org.rogatory.hub.infra.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.springframework.context.SmartLifecycle;

/**
 * A round of work run every interval on a daemon thread of its own, from {@link #start} to {@link
 * #stop}: the first round one interval after the start, each next one an interval after the last
 * ended. A round that throws is logged and the next one runs as planned.
 */
public abstract class PeriodicTask implements SmartLifecycle {
  private final String name;
  private final Duration interval;
  private final Logger log;
  private ScheduledExecutorService scheduler;

  protected PeriodicTask(String name, Duration interval, Logger log) {
    this.name = name;
    this.interval = interval;
    this.log = log;
  }

  /** One round. */
  protected abstract void runRound() throws Exception;

  /** The name of the task and its thread. */
  protected final String name() {
    return name;
  }

  /** The logger its failures go to. */
  protected final Logger log() {
    return log;
  }

  @Override
  public synchronized void start() {
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
            runRound();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            log.warn("{}: round failed; the next one tries again", name, e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null && !scheduler.isShutdown();
  }
}
