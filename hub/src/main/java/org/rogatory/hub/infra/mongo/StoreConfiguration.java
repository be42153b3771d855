package org.rogatory.hub.infra.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's MongoDB: the one named by {@code MONGODB_URI} (write concern majority, journaled; read
 * concern majority), or, when none is set, the embedded durable store in the data directory. Both
 * are reached through the same driver code.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

  /** Holds the embedded server, if this hub started one, so that it closes with the context. */
  public record EmbeddedStore(EmbeddedMongo mongo) implements AutoCloseable {
    /** Durable commits the embedded store has made, each shared by the writes it covered. */
    public long commits() {
      return mongo == null ? 0 : mongo.commits();
    }

    /** Bytes the embedded store has written to its file; -1 if it cannot tell. */
    public long bytesWritten() {
      return mongo == null ? 0 : mongo.bytesWritten();
    }

    @Override
    public void close() {
      if (mongo != null) {
        mongo.close();
      }
    }
  }

  @Bean(destroyMethod = "close")
  EmbeddedStore embeddedStore(
      @Value("${MONGODB_URI:${rogatory.mongodb.uri:}}") String uri,
      @Value("${rogatory.data-dir:./data}") Path dataDir)
      throws IOException {
    if (!uri.isBlank()) {
      return new EmbeddedStore(null);
    }
    EmbeddedMongo mongo = EmbeddedMongo.start(dataDir.resolve("store"), "127.0.0.1", 0);
    LOG.info(
        "embedded store in {} (listening on {})",
        dataDir.resolve("store"),
        mongo.connectionString());
    return new EmbeddedStore(mongo);
  }

  @Bean(destroyMethod = "close")
  MongoClient mongoClient(
      EmbeddedStore embedded,
      @Value("${MONGODB_URI:${rogatory.mongodb.uri:}}") String uri,
      @Value("${rogatory.store.command-metrics:false}") boolean commandMetrics,
      MeterRegistry registry) {
    String connection = embedded.mongo() != null ? embedded.mongo().connectionString() : uri;
    MongoClientSettings.Builder settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(connection))
            .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
            .applyToConnectionPoolSettings(p -> p.maxSize(64));
    if (commandMetrics) {
      // mongodb.driver.commands{command, collection}: round trips to the store, by kind. Off by
      // default: the driver then builds an event, with the command's document, for every command.
      settings.addCommandListener(new MongoMetricsCommandListener(registry));
    }
    if (embedded.mongo() == null) {
      // A real replica set: acknowledge only what a majority has journaled.
      settings
          .writeConcern(WriteConcern.MAJORITY.withJournal(true))
          .readConcern(ReadConcern.MAJORITY);
    }
    return MongoClients.create(settings.build());
  }

  @Bean
  MongoDatabase mongoDatabase(
      MongoClient client, @Value("${rogatory.mongodb.database:rogatory}") String name) {
    return client.getDatabase(name);
  }
}
