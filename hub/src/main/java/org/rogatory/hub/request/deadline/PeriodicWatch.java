package org.rogatory.hub.request.deadline;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.hub.infra.schedule.PeriodicTask;
import org.slf4j.Logger;

/**
 * A watch over pending deadlines: every interval, on a daemon thread of its own, it runs {@link
 * #checkOnce}, which asks the aggregates to act on what is overdue. A failed round is logged and
 * the next one looks again: the aggregates decide, once, so repeating a command (or several hub
 * nodes sending it at once) does no harm. An interval that is not positive fails at {@link #start}.
 */
abstract class PeriodicWatch extends PeriodicTask {
  private final CommandGateway commands;

  PeriodicWatch(String name, Duration interval, CommandGateway commands, Logger log) {
    super(name, interval, log);
    this.commands = commands;
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
        log().warn("{}: acting on {} failed; will retry: {}", name(), item, e.toString());
      }
    }
    return sent;
  }

  @Override
  protected void runRound() {
    checkOnce();
  }
}
