package org.rogatory.hub.request.query;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.springframework.stereotype.Component;

/**
 * Read models follow the event log a few milliseconds behind. A party told of a new message (by the
 * push channel, which tails the log itself) may ask for it before the request view has it. Lookups
 * that miss therefore wait, briefly, until the request view has caught up with the log as it stood
 * when the lookup missed, and then look once more: a miss after that is a real miss.
 */
@Component
public class ViewFreshness {
  static final String REQUEST_VIEWS = "request-views";
  private static final Duration MAX_WAIT = Duration.ofSeconds(3);

  private final EventLog log;
  private final TokenStore tokens;

  ViewFreshness(EventLog log, TokenStore tokens) {
    this.log = log;
    this.tokens = tokens;
  }

  /**
   * Evaluates {@code found}; if false, waits until the request views have handled every event
   * stored so far (at most a few seconds) and evaluates it again.
   */
  public boolean found(BooleanSupplier found) throws InterruptedException {
    return found.getAsBoolean() || (requestViewsCaughtUp() && found.getAsBoolean());
  }

  /**
   * Looks {@code lookup} up; if it finds nothing (null), waits until the request views have handled
   * every event stored so far (at most a few seconds) and looks once more.
   */
  public <T> T find(Supplier<T> lookup) throws InterruptedException {
    T value = lookup.get();
    return value != null || !requestViewsCaughtUp() ? value : lookup.get();
  }

  /** Waits for the request views to handle the log as it stands; false if it cannot tell. */
  private boolean requestViewsCaughtUp() throws InterruptedException {
    if (!(tokens instanceof MongoTokenStore store)) {
      return false;
    }
    awaitCaughtUp(store, List.of(REQUEST_VIEWS));
    return true;
  }

  /**
   * Whether the request views have handled every event stored so far, waiting a few seconds for
   * them: false if they have not (a replay under way, a processor stopped) or it cannot tell.
   */
  public boolean requestViewsAtHead() throws InterruptedException {
    return tokens instanceof MongoTokenStore store && awaitCaughtUp(store, List.of(REQUEST_VIEWS));
  }

  /**
   * Waits (at most a few seconds) until the request views and the request lists have handled every
   * event stored so far, so that a list read next shows every request opened before it and each
   * with its status as of then.
   */
  public void awaitRequestLists() throws InterruptedException {
    if (!(tokens instanceof MongoTokenStore store)) {
      return;
    }
    awaitCaughtUp(store, List.of(REQUEST_VIEWS, InboxProjection.PROCESSING_GROUP));
  }

  /**
   * Waits until each of {@code processors} has handled the log as it stands now, for at most {@link
   * #MAX_WAIT} in all; returns whether they all did.
   */
  private boolean awaitCaughtUp(MongoTokenStore store, List<String> processors)
      throws InterruptedException {
    long head = log.head();
    long until = System.nanoTime() + MAX_WAIT.toNanos();
    boolean all = true;
    for (String processor : processors) {
      while (store.lowestPosition(processor) < head) {
        if (System.nanoTime() >= until) {
          all = false;
          break;
        }
        Thread.sleep(10);
      }
    }
    return all;
  }
}
