package org.rogatory.hub.infra.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded store keeps across a crash, for facts and for derived writes. */
class EmbeddedDurabilityIT {
  @TempDir Path dir;

  @Test
  void aFactIsOnDiskWhenAcknowledged_aDerivedWriteWaitsForNoCommitOfItsOwn() throws IOException {
    EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0);
    try (MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> facts = client.getDatabase("t").getCollection("facts");
      MongoCollection<Document> derived = Durability.derived(facts);
      facts.insertOne(new Document("_id", "warm-up"));

      long before = mongo.commits();
      derived.insertOne(new Document("_id", "derived-1"));
      derived.updateOne(Filters.eq("_id", "derived-1"), new Document("$set", new Document("n", 1)));
      assertThat(mongo.commits()).as("derived writes run no commit").isEqualTo(before);

      facts.insertOne(new Document("_id", "fact-1"));
      assertThat(mongo.commits()).as("a fact waits for a commit").isGreaterThan(before);
    }
    mongo.closeAsIfCrashed();

    EmbeddedMongo reopened = EmbeddedMongo.start(dir, "127.0.0.1", 0);
    try (MongoClient client = MongoClients.create(reopened.connectionString())) {
      MongoCollection<Document> facts = client.getDatabase("t").getCollection("facts");
      assertThat(facts.find(Filters.eq("_id", "fact-1")).first()).isNotNull();
      // Written before the fact, so the fact's commit carried it to disk too.
      Document derived = facts.find(Filters.eq("_id", "derived-1")).first();
      assertThat(derived).isNotNull();
      assertThat(derived.getInteger("n")).isEqualTo(1);
    } finally {
      reopened.close();
    }
  }
}
