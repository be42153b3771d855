package org.rogatory.hub.infra.mongo;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;

/**
 * Makes writes to the embedded store durable before they are acknowledged, sharing one commit and
 * one fsync among all writers that arrive while the previous one runs (group commit).
 *
 * <p>A writer calls {@link #awaitDurable()} after its change is in the store's memory. It gets a
 * ticket; it returns once a commit that <em>started after</em> its ticket was issued has reached
 * the disk. The first waiter with no commit in flight becomes the leader and runs it.
 */
final class GroupCommit {
  private final MVStore store;
  private final Lock cut;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finished = lock.newCondition();
  private long issued;
  private long durable;
  private boolean running;
  private long commits;

  /**
   * @param cut held while the commit collects and writes the changed pages, so that no write is
   *     half-way through at that moment (see {@link DurableH2Backend}); the fsync runs without it
   */
  GroupCommit(MVStore store, Lock cut) {
    this.store = store;
    this.cut = cut;
  }

  void awaitDurable() {
    lock.lock();
    try {
      long ticket = ++issued;
      while (durable < ticket) {
        if (running) {
          finished.awaitUninterruptibly();
          continue;
        }
        running = true;
        long covers = issued;
        lock.unlock();
        boolean ok = false;
        try {
          cut.lock();
          try {
            store.commit();
          } finally {
            cut.unlock();
          }
          store.sync();
          ok = true;
        } finally {
          // If the commit failed, the exception goes to this writer; the others wake up and one
          // of them tries again as the next leader.
          lock.lock();
          running = false;
          if (ok) {
            durable = Math.max(durable, covers);
            commits++;
          }
          finished.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Number of commits run so far (each shared by every writer it covered). */
  long commits() {
    lock.lock();
    try {
      return commits;
    } finally {
      lock.unlock();
    }
  }
}
