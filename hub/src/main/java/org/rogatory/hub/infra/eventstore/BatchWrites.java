package org.rogatory.hub.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

/**
 * Writes a projection holds back until the end of its processor's batch, so that a batch of events
 * costs one bulk write per collection instead of a round trip per event.
 *
 * <p>The writes of a batch are flushed <em>before the batch's tracking token is stored</em> ({@link
 * MongoTokenStore#storeToken} calls {@link #flushCurrent()} first), so a store that persists a
 * prefix of the writes it received (the embedded store's commits are consistent cuts; a replica set
 * applies a client's writes in order) never holds a token ahead of the writes of the events it
 * covers. A batch that fails is rolled back with its unit of work and its held writes are dropped:
 * the processor handles the events again. Outside a unit of work (a handler called directly) there
 * is no batch, and the caller writes at once.
 *
 * <p>A projection that holds writes back must read its own pending state from what it holds (read
 * your writes), and be the only writer of the documents concerned.
 */
public final class BatchWrites {
  private static final String RESOURCE = BatchWrites.class.getName();

  /** Pending state per projection key, flushed in the order first registered. */
  private final Map<String, Pending<?>> pending = new LinkedHashMap<>();

  private record Pending<T>(T state, Consumer<T> flush) {
    void run() {
      flush.accept(state);
    }
  }

  private BatchWrites() {}

  /**
   * The pending state of projection {@code key} in the current batch, created (with the flush that
   * will write it) on first use; null when no unit of work is active.
   */
  public static <T> T pending(String key, Supplier<T> create, Consumer<T> flush) {
    if (!CurrentUnitOfWork.isStarted()) {
      return null;
    }
    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
    BatchWrites batch =
        root.getOrComputeResource(
            RESOURCE,
            k -> {
              BatchWrites created = new BatchWrites();
              // Also for a batch whose token is not stored (no token store in the way).
              root.onPrepareCommit(u -> created.flush());
              return created;
            });
    @SuppressWarnings("unchecked")
    Pending<T> p =
        (Pending<T>) batch.pending.computeIfAbsent(key, k -> new Pending<>(create.get(), flush));
    return p.state();
  }

  /** Writes what the current batch holds back, if anything; the token store calls it first. */
  public static void flushCurrent() {
    if (!CurrentUnitOfWork.isStarted()) {
      return;
    }
    BatchWrites batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
    if (batch != null) {
      batch.flush();
    }
  }

  private void flush() {
    // Cleared first: a flush that fails fails the batch, which is then handled again whole.
    Pending<?>[] all = pending.values().toArray(new Pending<?>[0]);
    pending.clear();
    for (Pending<?> p : all) {
      p.run();
    }
  }

  /**
   * Writes each of {@code documents} in the state the batch left it, replacing the stored one with
   * the same {@code _id} or inserting it: one bulk write, in no particular order.
   */
  public static void replaceAll(
      MongoCollection<Document> collection, Collection<Document> documents) {
    if (documents.isEmpty()) {
      return;
    }
    List<ReplaceOneModel<Document>> writes = new ArrayList<>(documents.size());
    for (Document d : documents) {
      writes.add(
          new ReplaceOneModel<>(
              Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true)));
    }
    collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
  }
}
