package org.rogatory.hub.request.query;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.rogatory.hub.infra.eventstore.BatchWrites;

/**
 * Per-party numbered lists (the inbox, a party's requests): entries keyed {@code party#n}, n = 0,
 * 1, … in log order, and per party a head with the count and the last event applied, so that an
 * event handled again is applied once. Appends are held to the end of the processor batch
 * (BatchWrites). Entries are written first and heads after, so that a head never counts an entry
 * that is not stored; an entry found already stored was inserted before a crash that kept its head
 * from moving, and is skipped.
 */
final class NumberedLists {
  private final MongoCollection<Document> entries;
  private final MongoCollection<Document> heads;
  private final String batchKey;

  NumberedLists(MongoCollection<Document> entries, MongoCollection<Document> heads) {
    this.entries = entries;
    this.heads = heads;
    this.batchKey =
        NumberedLists.class.getName() + ":" + entries.getNamespace().getCollectionName();
  }

  /**
   * Appends, for the event at global position {@code seq}, each party's entry ({@code
   * fieldsByParty}, in order; the key is added) to that party's list, unless its head shows the
   * event applied.
   */
  void append(long seq, Map<String, Document> fieldsByParty) {
    Batch batch = BatchWrites.pending(batchKey, Batch::new, this::write);
    Batch target = batch == null ? new Batch() : batch;
    fieldsByParty.forEach((party, fields) -> target.append(heads, party, seq, fields));
    if (batch == null) {
      write(target);
    }
  }

  /** Empties the lists, for a replay. */
  void reset() {
    entries.deleteMany(new Document());
    heads.deleteMany(new Document());
  }

  /** The entries and heads of one processor batch. */
  private static final class Batch {
    final List<Document> entries = new ArrayList<>();
    final Map<String, Document> heads = new LinkedHashMap<>();

    void append(MongoCollection<Document> stored, String party, long seq, Document fields) {
      Document head = heads.get(party);
      if (head == null) {
        head = stored.find(Filters.eq("_id", party)).first();
      }
      long count = head == null ? 0 : head.get("count", Number.class).longValue();
      long lastSeq = head == null ? -1 : head.get("lastSeq", Number.class).longValue();
      if (lastSeq >= seq) {
        return; // already applied
      }
      Document entry = new Document("_id", party + "#" + count);
      entry.putAll(fields);
      entries.add(entry);
      heads.put(
          party, new Document("_id", party).append("count", count + 1).append("lastSeq", seq));
    }
  }

  private void write(Batch batch) {
    if (!batch.entries.isEmpty()) {
      try {
        entries.insertMany(batch.entries, new InsertManyOptions().ordered(false));
      } catch (MongoBulkWriteException ex) {
        for (BulkWriteError error : ex.getWriteErrors()) {
          if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw ex;
          }
        }
      }
    }
    BatchWrites.replaceAll(heads, batch.heads.values());
  }
}
