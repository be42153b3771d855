package org.rogatory.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.types.Binary;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.EventRecord;
import org.rogatory.crypto.LogSigningKey;

/**
 * The hub's stored event history as a forger with write access to the store sees it: commits keyed
 * by their first global sequence, events edited in place behind the hub's back, and the chain
 * recomputed from any point. For the tamper tests of the audit verifiers.
 */
public final class StoredHistory {
  private final MongoCollection<Document> events;

  public StoredHistory(MongoDatabase database) {
    this.events = database.getCollection("events");
  }

  /**
   * Waits (up to 20 s) for the hub to publish a checkpoint, signed by {@code logKey}, that covers
   * event {@code head}; returns its size.
   */
  public static long awaitCheckpointCovering(HubApiClient admin, LogSigningKey logKey, long head)
      throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      HubApiClient.Response r = admin.get("/v1/log/checkpoint");
      if (r.status() == 200) {
        long s =
            CheckpointVerifier.forLog(logKey.origin(), logKey.verifierKeys())
                .verify(new String(r.body(), StandardCharsets.UTF_8))
                .size();
        if (s > head) {
          return s;
        }
      }
      assertThat(System.nanoTime()).as("a checkpoint covering %d", head).isLessThan(until);
      Thread.sleep(100);
    }
  }

  /** The stored commits by first sequence. */
  public TreeMap<Long, Document> commits() {
    TreeMap<Long, Document> byFirst = new TreeMap<>();
    for (Document d : events.find()) {
      byFirst.put(d.get("_id", Number.class).longValue(), d);
    }
    return byFirst;
  }

  /** The event document of global sequence {@code n}, inside its commit. */
  public static Document event(TreeMap<Long, Document> commits, long n) {
    Document commit = commits.floorEntry(n).getValue();
    for (Document e : commit.getList("events", Document.class)) {
      if (e.get("seq", Number.class).longValue() == n) {
        return e;
      }
    }
    throw new AssertionError("no event " + n);
  }

  /** Whether an event of {@code type} (a suffix of its type name) is stored. */
  public boolean logged(String type) {
    for (Document c : commits().values()) {
      for (Document e : c.getList("events", Document.class)) {
        if (e.getString("type").endsWith(type)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The last sequence below {@code size} whose event is of {@code type}; fails if there is none.
   */
  public long last(String type, long size) {
    long found = -1;
    for (Document c : commits().values()) {
      for (Document e : c.getList("events", Document.class)) {
        long n = e.get("seq", Number.class).longValue();
        if (e.getString("type").endsWith(type) && n < size) {
          found = n;
        }
      }
    }
    assertThat(found).as(type).isNotNegative();
    return found;
  }

  /** Edits event {@code n} in place (its stored hash unchanged). */
  public void edit(long n, Consumer<Document> change) {
    TreeMap<Long, Document> commits = commits();
    change.accept(event(commits, n));
    Document commit = commits.floorEntry(n).getValue();
    events.replaceOne(new Document("_id", commit.get("_id")), commit);
  }

  /**
   * Swaps the events of the commit at {@code a} with those of the next commit, keeping the global
   * positions: the later events now come first, each with the chain hash it had where it was.
   */
  public void swapWithNextCommit(long a) {
    TreeMap<Long, Document> commits = commits();
    long b = commits.higherKey(a);
    List<Document> ea = commits.get(a).getList("events", Document.class);
    List<Document> eb = commits.get(b).getList("events", Document.class);
    events.deleteMany(new Document("_id", new Document("$in", List.of(a, b))));
    Document na = new Document(commits.get(a));
    na.put("events", renumbered(eb, a));
    na.put("last", a + eb.size() - 1);
    Document nb = new Document(commits.get(b));
    nb.put("_id", a + eb.size());
    nb.put("events", renumbered(ea, a + eb.size()));
    events.insertMany(List.of(na, nb));
  }

  private static List<Document> renumbered(List<Document> events, long from) {
    List<Document> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Document e = new Document(events.get(i));
      e.put("seq", from + i);
      out.add(e);
    }
    return out;
  }

  /** Recomputes every chain hash from event {@code from} on, as a forger with the store would. */
  public void rechainFrom(long from) {
    TreeMap<Long, Document> commits = commits();
    byte[] previous = from == 0 ? new byte[32] : hashOf(event(commits, from - 1));
    for (Document commit : commits.tailMap(commits.floorKey(from)).values()) {
      boolean changed = false;
      for (Document e : commit.getList("events", Document.class)) {
        long n = e.get("seq", Number.class).longValue();
        if (n < from) {
          previous = hashOf(e);
          continue;
        }
        if (n == commit.get("_id", Number.class).longValue()) {
          commit.put("prev", new Binary(previous));
        }
        previous = record(e).chainHash(n, previous);
        e.put("hash", new Binary(previous));
        changed = true;
      }
      if (changed) {
        events.replaceOne(new Document("_id", commit.get("_id")), commit);
      }
    }
  }

  /** The stored chain hash of an event document. */
  public static byte[] hashOf(Document e) {
    return e.get("hash", Binary.class).getData();
  }

  /** The chain's view of a stored event document (docs/spec/event-chain.md). */
  public static EventRecord record(Document e) {
    Number aggSeq = e.get("aggSeq", Number.class);
    return new EventRecord(
        e.getString("id"),
        e.getString("aggType"),
        e.getString("aggId"),
        aggSeq == null ? -1 : aggSeq.longValue(),
        e.getString("ts"),
        e.getString("type"),
        e.getString("rev"),
        e.get("payload", Binary.class).getData(),
        e.get("meta", Binary.class).getData());
  }
}
