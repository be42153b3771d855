package org.rogatory.hub.infra.mongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * The embedded default store: mongo-java-server with a durable H2 backend on a data directory,
 * listening on a loopback port and spoken to through the ordinary MongoDB driver, exactly like a
 * real MongoDB. Only one process may own the data files; other hub processes connect to it over its
 * port (standalone mode, see {@link EmbeddedMongoServerMain}).
 */
public final class EmbeddedMongo implements AutoCloseable {
  /** Worker threads: writers block on the group commit, so allow a few to wait at once. */
  private static final int WORKER_THREADS = 16;

  /**
   * Size at which a B-tree page splits, in bytes of H2's estimate. Every commit rewrites each page
   * it changed, whole, so the page size sets how many neighbouring entries a write re-encodes: 4
   * KiB instead of H2's 16 KiB cut the bytes written per submission by a third (decision 0016).
   * Pages already on disk keep their size until they next split; the setting is not part of the
   * file format.
   */
  static final int PAGE_SPLIT_SIZE = 4096;

  /** A system property that overrides {@link #PAGE_SPLIT_SIZE}, for measurements. */
  static final String PAGE_SPLIT_PROPERTY = "rogatory.store.page-split-size";

  private final MVStore store;
  private final DurableH2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedMongo(MVStore store, DurableH2Backend backend, MongoServer server) {
    this.store = store;
    this.backend = backend;
    this.server = server;
    this.address = server.getLocalAddress();
  }

  /**
   * Opens (or creates) the store in {@code dataDir} and listens on {@code host:port} ({@code port}
   * 0 picks a free one).
   */
  public static EmbeddedMongo start(Path dataDir, String host, int port) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve("rogatory-store.mv.db");
    MVStore store =
        new MVStore.Builder()
            .fileName(file.toString())
            .autoCommitDisabled()
            .pageSplitSize(Integer.getInteger(PAGE_SPLIT_PROPERTY, PAGE_SPLIT_SIZE))
            .open();
    DurableH2Backend backend = new DurableH2Backend(store);
    MongoServer server = new MongoServer(backend);
    server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
    return new EmbeddedMongo(store, backend, server);
  }

  /** A driver connection string for this server. */
  public String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  public int port() {
    return address.getPort();
  }

  long commits() {
    return backend.commits();
  }

  /** Bytes the store has written to its file (the pages and chunk headers of every commit). */
  long bytesWritten() {
    return WrittenBytes.of(store);
  }

  /**
   * Stops listening and drops the store without a final commit, as a crash would: only what a
   * durable commit wrote survives. For the durability tests.
   */
  void closeAsIfCrashed() {
    server.shutdownNow();
    if (!store.isClosed()) {
      store.closeImmediately();
    }
  }

  /** Stops listening and closes the store cleanly (a final commit). */
  @Override
  public void close() {
    server.shutdownNow();
    if (!store.isClosed()) {
      store.commit();
      store.close();
    }
  }
}
