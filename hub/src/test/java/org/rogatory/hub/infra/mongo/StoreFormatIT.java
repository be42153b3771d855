package org.rogatory.hub.infra.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.bson.types.Binary;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's BSON layout across restarts, and the refusal of the old layout. */
class StoreFormatIT {
  @TempDir Path dir;

  @Test
  void documentsAndUniqueIndexes_surviveARestart_inTheBsonLayout() throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> c = client.getDatabase("t").getCollection("events");
      c.createIndex(Indexes.ascending("agg"), new IndexOptions().unique(true));
      for (long i = 0; i < 500; i++) {
        c.insertOne(
            new Document("_id", i)
                .append("agg", "r-" + (i % 7) + "#" + i)
                .append("data", new Binary(new byte[] {(byte) i})));
      }
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> c = client.getDatabase("t").getCollection("events");
      assertThat(c.countDocuments()).isEqualTo(500);
      Document d = c.find(Filters.eq("agg", "r-2#310")).first();
      assertThat(d).isNotNull();
      assertThat(d.getLong("_id")).isEqualTo(310L);
      assertThat(c.find(Filters.in("_id", 7L, 8L, 9000L)).into(new java.util.ArrayList<>()))
          .hasSize(2);
      // The unique index still refuses a duplicate after the restart.
      assertThatThrownBy(() -> c.insertOne(new Document("_id", 9999L).append("agg", "r-2#310")))
          .isInstanceOf(com.mongodb.MongoWriteException.class);
    }
    // The file itself holds BSON: its pages read back with the BSON types (Java-serialised pages
    // would not).
    MVStore raw =
        new MVStore.Builder().fileName(dir.resolve("rogatory-store.mv.db").toString()).open();
    try {
      org.h2.mvstore.MVMap<Object, de.bwaldvogel.mongo.bson.Document> data =
          raw.openMap(
              "databases.t.events",
              new org.h2.mvstore.MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>()
                  .keyType(BsonDataTypes.ValueType.INSTANCE)
                  .valueType(BsonDataTypes.DocumentType.INSTANCE));
      assertThat(data.get(310L)).isNotNull().containsEntry("agg", "r-2#310");
    } finally {
      raw.close();
    }
  }

  @Test
  void aStoreWrittenInTheOldLayout_isRefusedWithAClearSentence() throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("rogatory-store.mv.db");
    MVStore old = new MVStore.Builder().fileName(file.toString()).open();
    MongoServer server = new MongoServer(new H2Backend(old));
    InetSocketAddress address = server.bind();
    try (MongoClient client =
        MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
      client.getDatabase("t").getCollection("c").insertOne(new Document("_id", 1));
    }
    server.shutdownNow();
    old.close();

    assertThatThrownBy(() -> EmbeddedMongo.start(dir, "127.0.0.1", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("earlier Rogatory build")
        .hasMessageContaining("empty data directory");
  }
}
