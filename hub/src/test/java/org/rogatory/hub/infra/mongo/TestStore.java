package org.rogatory.hub.infra.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A store for integration tests: the embedded server on a temporary directory, or the MongoDB named
 * by the {@code MONGODB_URI} environment variable (or {@code -Drogatory.test.mongodb-uri}) when one
 * is given, with a fresh database per test.
 */
public final class TestStore implements AutoCloseable {
  private final EmbeddedMongo embedded;
  private final MongoClient client;
  private final String databaseName;

  private TestStore(EmbeddedMongo embedded, MongoClient client, String databaseName) {
    this.embedded = embedded;
    this.client = client;
    this.databaseName = databaseName;
  }

  public static TestStore open(Path dir) throws IOException {
    return open(dir, "rogatory_test_" + Long.toHexString(System.nanoTime()));
  }

  /** Opens the store in {@code dir} (or at {@code MONGODB_URI}) using database {@code db}. */
  public static TestStore open(Path dir, String db) throws IOException {
    String uri = System.getProperty("rogatory.test.mongodb-uri", System.getenv("MONGODB_URI"));
    if (uri != null && !uri.isBlank()) {
      return new TestStore(null, MongoClients.create(uri), db);
    }
    EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0);
    return new TestStore(mongo, MongoClients.create(mongo.connectionString()), db);
  }

  public MongoDatabase database() {
    return client.getDatabase(databaseName);
  }

  public MongoClient client() {
    return client;
  }

  /** A second, independent client (as another hub process would have). */
  public MongoClient newClient() {
    return MongoClients.create(connectionString());
  }

  public String connectionString() {
    if (embedded != null) {
      return embedded.connectionString();
    }
    return System.getProperty("rogatory.test.mongodb-uri", System.getenv("MONGODB_URI"));
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** Closes the client (and the embedded server) without dropping the test database. */
  public void closeKeepingData() {
    client.close();
    if (embedded != null) {
      embedded.close();
    }
  }

  @Override
  public void close() {
    if (embedded == null) {
      client.getDatabase(databaseName).drop();
    }
    client.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
