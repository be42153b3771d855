package org.rogatory.hub.infra.mongo;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, made crash-safe: every command that changes data returns only
 * after a group commit has written it and forced it to disk. Out of the box the backend commits
 * about once a second and never syncs, so a crash loses acknowledged writes.
 *
 * <p>A write whose write concern says {@code j: false} (derived data, see {@link Durability}) does
 * not wait: it becomes durable with the next commit that any other write waits for.
 *
 * <p>Commits are consistent cuts: while a commit collects the changed pages, no write command is
 * half-way through (write commands hold a shared lock, the commit an exclusive one). An MVStore
 * commit collects each map's root in turn, so without this a commit could take a later write to one
 * map and miss an earlier write to another, or half of one command (a document without its index
 * entry), and a crash would keep the later write without the earlier one. With it, what survives a
 * crash is every write command completed before some moment, and nothing after it.
 */
final class DurableH2Backend extends TypedH2Backend {
  private static final Set<String> WRITES =
      Set.of(
          "insert",
          "update",
          "delete",
          "findandmodify",
          "createindexes",
          "dropindexes",
          "drop",
          "create",
          "renamecollection");

  private final ReentrantReadWriteLock cut = new ReentrantReadWriteLock(true);
  private final GroupCommit groupCommit;

  DurableH2Backend(MVStore store) {
    super(store);
    this.groupCommit = new GroupCommit(store, cut.writeLock());
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    if (!WRITES.contains(command.toLowerCase(Locale.ROOT))) {
      return super.handleCommand(channel, database, command, query);
    }
    Document response;
    cut.readLock().lock();
    try {
      response = super.handleCommand(channel, database, command, query);
    } finally {
      cut.readLock().unlock();
    }
    if (!Durability.waivesDurability(query.get("writeConcern"))) {
      groupCommit.awaitDurable();
    }
    return response;
  }

  long commits() {
    return groupCommit.commits();
  }
}
