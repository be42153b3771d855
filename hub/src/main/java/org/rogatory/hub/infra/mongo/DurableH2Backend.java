package org.rogatory.hub.infra.mongo;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, made crash-safe: every command that changes data returns only
 * after a group commit has written it and forced it to disk. Out of the box the backend commits
 * about once a second and never syncs, so a crash loses acknowledged writes.
 *
 * <p>A write whose write concern says {@code j: false} (derived data, see {@link Durability}) does
 * not wait: it becomes durable with the next commit that any other write waits for.
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

  private final GroupCommit groupCommit;

  DurableH2Backend(MVStore store) {
    super(store);
    this.groupCommit = new GroupCommit(store);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    Document response = super.handleCommand(channel, database, command, query);
    if (WRITES.contains(command.toLowerCase(Locale.ROOT))
        && !Durability.waivesDurability(query.get("writeConcern"))) {
      groupCommit.awaitDurable();
    }
    return response;
  }

  long commits() {
    return groupCommit.commits();
  }
}
