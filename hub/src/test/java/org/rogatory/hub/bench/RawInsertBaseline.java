package org.rogatory.hub.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.Binary;
import org.rogatory.hub.infra.mongo.EmbeddedMongo;

/**
 * The ceiling the hub is compared with: the same embedded store (mongo-java-server, durable H2
 * backend: every write forced to disk before it is acknowledged, writers sharing commits), written
 * directly through the MongoDB driver, one {@code insertOne} per document, from as many concurrent
 * clients as the hub had, with documents of the size the hub writes.
 */
final class RawInsertBaseline {
  private RawInsertBaseline() {}

  /** Inserts {@code count} documents of about {@code docBytes} each; returns documents/s. */
  static double insertRate(Path dir, int count, int concurrency, int docBytes) throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> events = client.getDatabase("raw").getCollection("events");
      // The event log's indexes: _id (global position) and the unique aggregate key.
      events.createIndex(
          com.mongodb.client.model.Indexes.ascending("agg"),
          new com.mongodb.client.model.IndexOptions().unique(true));
      events.insertOne(commitLike(-1, docBytes)); // connection and collection set up
      AtomicInteger next = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < concurrency; t++) {
        Thread thread =
            new Thread(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < count) {
                    events.insertOne(commitLike(i, docBytes));
                  }
                },
                "raw-insert-" + t);
        threads.add(thread);
        thread.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      return count / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** A document shaped like one commit of the hub's event log, padded to about {@code bytes}. */
  static Document commitLike(long id, int bytes) {
    byte[] payload = new byte[Math.max(0, bytes - 400)];
    ThreadLocalRandom.current().nextBytes(payload);
    byte[] hash = new byte[32];
    ThreadLocalRandom.current().nextBytes(hash);
    String aggregate = "req-" + UUID.randomUUID();
    return new Document("_id", id)
        .append("last", id)
        .append("agg", aggregate + "#1")
        .append("aggId", aggregate)
        .append("aggFirst", 1L)
        .append("aggLast", 1L)
        .append("prev", new Binary(hash))
        .append(
            "events",
            List.of(
                new Document("seq", id)
                    .append("id", UUID.randomUUID().toString())
                    .append("ts", "2026-11-23T12:00:00.000000Z")
                    .append(
                        "type", "org.rogatory.hub.request.api.RequestEvents$MessageSubmittedEvent")
                    .append("payload", new Binary(payload))
                    .append("meta", new Binary(new byte[64]))
                    .append("hash", new Binary(hash))));
  }
}
