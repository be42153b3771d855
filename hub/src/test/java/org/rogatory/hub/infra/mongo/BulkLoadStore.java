package org.rogatory.hub.infra.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * A hub's embedded store file opened for bulk loading (benchmark fixtures): mongo-java-server's
 * plain H2 backend, which commits in the background about once a second instead of forcing every
 * write to disk, and commits and syncs everything on {@link #close()}. Never for a running hub: a
 * crash loses what was written since the last commit.
 */
public final class BulkLoadStore implements AutoCloseable {
  private final MVStore store;
  private final MongoServer server;
  private final MongoClient client;

  private BulkLoadStore(MVStore store, MongoServer server) {
    this.store = store;
    this.server = server;
    var address = server.getLocalAddress();
    this.client =
        MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
  }

  /**
   * Opens the store in {@code storeDir} (a hub's {@code <data>/store}); the hub must be stopped.
   */
  public static BulkLoadStore open(Path storeDir) throws java.io.IOException {
    Files.createDirectories(storeDir);
    // The file name EmbeddedMongo uses.
    Path file = storeDir.resolve("rogatory-store.mv.db");
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    MongoServer server = new MongoServer(new TypedH2Backend(store));
    server.bind("127.0.0.1", 0);
    return new BulkLoadStore(store, server);
  }

  public MongoDatabase database() {
    return client.getDatabase("rogatory");
  }

  public long fileSize() {
    return store.getFileStore() == null ? 0 : store.getFileStore().size();
  }

  @Override
  public void close() {
    client.close();
    store.commit();
    store.sync();
    server.shutdownNow(); // closes the backend and with it the store
    if (!store.isClosed()) {
      store.close();
    }
  }
}
