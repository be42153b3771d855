package org.rogatory.hub.request.deadline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.springframework.context.SmartLifecycle;

/**
 * A watch over pending deadlines: every interval, on a daemon thread of its own, it runs {@link
 * #checkOnce}, which asks the aggregates to act on what is overdue. A failed round is logged and
 * the next one looks again: the aggregates decide, once, so repeating a command (or several hub
 * nodes sending it at once) does no harm. An interval that is not positive fails at {@link #start}.
 */
abstract class PeriodicWatch implements SmartLifecycle {
  private final String name;
  private final Duration interval;
  private final CommandGateway commands;
  private final Logger log;
  private ScheduledExecutorService scheduler;

  PeriodicWatch(String name, Duration interval, CommandGateway commands, Logger log) {
    this.name = name;
    this.interval = interval;
    this.commands = commands;
    this.log = log;
  }

  /** Asks for whatever is overdue at the clock's now; returns how many commands were sent. */
  public abstract int checkOnce();

  /** Sends the command made for each item; a failure is logged and left for the next round. */
  <T> int sendEach(List<T> overdue, Function<T, Object> command) {
    int sent = 0;
    for (T item : overdue) {
      try {
        commands.sendAndWait(command.apply(item));
        sent++;
      } catch (RuntimeException e) {
        // Another node may have done it at the same moment; the next round looks again.
        log.warn("{}: acting on {} failed; will retry: {}", name, item, e.toString());
      }
    }
    return sent;
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
            checkOnce();
          } catch (RuntimeException e) {
            log.warn("{}: check failed; will retry", name, e);
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
