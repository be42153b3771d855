package org.rogatory.hub.audit.log;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.TreeFrontier;
import org.rogatory.crypto.TreeNode;
import org.rogatory.hub.infra.eventstore.EventChain;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Tails the event log into the transparency log and publishes signed checkpoints. Every interval it
 * reads the events after the tree's size in global order, re-derives each event's chain hash from
 * its stored content (so the hub never signs a history that was altered behind its back), appends
 * one leaf per event (docs/spec/transparency-log.md 1.2), stores the completed subtrees, and, if
 * the tree grew, signs and publishes a checkpoint of the new size.
 *
 * <p>The tree's state is stored before the checkpoint that covers it, so a published checkpoint's
 * nodes are always present; after a crash the frontier is rebuilt from the stored nodes and the
 * events since are appended again (their nodes are the same).
 *
 * <p>Several hub nodes share one log: each runs a publisher, and only the holder of the {@link
 * PublisherLease} works; the others check the lease every interval and take it over once it has
 * expired (its holder died). A node that does not hold the lease forgets its in-memory frontier, so
 * that on taking over it resumes from what the previous holder stored.
 */
public final class LogPublisher implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(LogPublisher.class);
  private static final int READ_BATCH = 1024;
  private static final int MAX_EVENTS_PER_ROUND = 100_000;
  private static final int CATCH_UP_CHECKPOINT_EVERY = 10_000;

  private final EventLog events;
  private final LogStore store;
  private final LogSigningKey key;
  private final Clock clock;
  private final Duration interval;
  private final PublisherLease lease;
  private ScheduledExecutorService scheduler;

  // Only the publishing thread (or a test calling publishOnce) touches these, under this lock.
  private TreeFrontier frontier;
  private byte[] lastEventHash;
  private long checkpointSize = -1;
  private volatile String problem;
  private volatile boolean leading;

  /** A publisher that is alone on its log (no lease): for a single process and for tests. */
  public LogPublisher(
      EventLog events, LogStore store, LogSigningKey key, Clock clock, Duration interval) {
    this(events, store, key, clock, interval, null);
  }

  LogPublisher(
      EventLog events,
      LogStore store,
      LogSigningKey key,
      Clock clock,
      Duration interval,
      PublisherLease lease) {
    this.events = events;
    this.store = store;
    this.key = key;
    this.clock = clock;
    this.interval = interval;
    this.lease = lease;
  }

  /**
   * One scheduled round: publishes if this node holds (or can take) the lease.
   *
   * @return whether this node published in this round
   */
  synchronized boolean round() {
    if (lease != null && !lease.acquire()) {
      leading = false;
      frontier = null; // another node moves the log on; reload its state if we take over
      return false;
    }
    leading = true;
    publishOnce();
    return true;
  }

  /** Whether this node published in its last round (held the lease). */
  public boolean leading() {
    return leading;
  }

  /**
   * Appends whatever events arrived and publishes a checkpoint if the tree grew (or none exists).
   *
   * @return the size of the latest published checkpoint
   * @throws IllegalStateException if the stored history does not match its chain hashes; the log
   *     then stops growing until an operator has looked into it
   */
  public synchronized long publishOnce() {
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    try {
      load();
      // The round covers what was stored when it began, then publishes: under a steady stream of
      // events, chasing the head would put off the checkpoint for as long as events kept coming.
      long roundHead = events.knownHead();
      int appended = 0;
      int sinceCheckpoint = 0;
      while (appended < MAX_EVENTS_PER_ROUND) {
        if (appended > 0 && lease != null && !lease.acquire()) {
          // A long round outlived the lease and another node took it: leave the rest to it.
          frontier = null;
          return checkpointSize;
        }
        // Ask for as many events as this process knows exist, and probe for one when it knows of
        // none (another hub node may have appended): an idle log costs one lookup per interval.
        long known = events.knownHead() - frontier.size() + 1;
        int want = (int) Math.max(1, Math.min(READ_BATCH, known));
        List<StoredEvent> batch = events.readFrom(frontier.size(), want);
        if (batch.isEmpty()) {
          break;
        }
        appendAll(batch);
        appended += batch.size();
        sinceCheckpoint += batch.size();
        if (frontier.size() > roundHead) {
          break;
        }
        if (sinceCheckpoint >= CATCH_UP_CHECKPOINT_EVERY) {
          // Far behind (a restart on a long history): publish along the way.
          publishIfGrown();
          sinceCheckpoint = 0;
        }
      }
      publishIfGrown();
      return checkpointSize;
    } catch (RuntimeException e) {
      frontier = null; // reload from the store next time
      throw e;
    }
  }

  private void publishIfGrown() {
    if (frontier.size() != checkpointSize) {
      Checkpoint c = Checkpoint.of(key.origin(), frontier.size(), frontier.root());
      store.publish(
          new LogStore.PublishedCheckpoint(c.size(), key.sign(c).encode()), clock.instant());
      checkpointSize = c.size();
    }
  }

  private void load() {
    if (frontier != null) {
      return;
    }
    LogStore.TreeState state = store.tree();
    frontier = TreeFrontier.resume(state.size(), store);
    lastEventHash = state.size() == 0 ? EventChain.genesis() : state.lastEventHash();
    checkpointSize = store.latest().map(LogStore.PublishedCheckpoint::size).orElse(-1L);
  }

  private void appendAll(List<StoredEvent> batch) {
    List<TreeNode> completed = new ArrayList<>(batch.size() * 2);
    byte[] previous = lastEventHash;
    for (StoredEvent e : batch) {
      long n = frontier.size();
      if (e.globalSequence() != n) {
        halt("the event log has a gap: expected event " + n + ", found " + e.globalSequence());
      }
      if (!Arrays.equals(EventChain.hash(n, previous, e), e.hash())) {
        halt("event " + n + " does not match its chain hash; the stored history was altered");
      }
      completed.addAll(frontier.append(EventLeaf.hash(n, e.hash())));
      previous = e.hash();
    }
    store.addNodes(completed);
    lastEventHash = previous;
    store.setTree(new LogStore.TreeState(frontier.size(), lastEventHash));
  }

  private void halt(String why) {
    problem = why;
    LOG.error("the transparency log stops growing: {}", why);
    throw new IllegalStateException(why);
  }

  @Override
  public void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "log-publisher");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            round();
          } catch (RuntimeException e) {
            if (problem == null) {
              LOG.warn("publishing a checkpoint failed; will retry", e);
            }
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    leading = false;
    if (lease != null) {
      try {
        lease.release(); // another node may take over at once instead of after the expiry
      } catch (RuntimeException e) {
        LOG.warn("could not release the log publisher's lease; it expires by itself", e);
      }
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null && !scheduler.isShutdown();
  }
}
