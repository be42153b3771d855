package org.rogatory.hub.request.query;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;

/**
 * The write of a batch to a per-party numbered list (the inbox, a party's requests): entries keyed
 * {@code party#n}, and per party a head with the count and the last event applied. Entries go first
 * and heads after, so that a head never counts an entry that is not stored; an entry found already
 * stored was inserted before a crash that kept its head from moving, and is skipped.
 */
final class NumberedLists {
  private NumberedLists() {}

  static void write(
      MongoCollection<Document> entries,
      MongoCollection<Document> heads,
      List<Document> newEntries,
      Collection<Document> newHeads) {
    if (!newEntries.isEmpty()) {
      try {
        entries.insertMany(newEntries, new InsertManyOptions().ordered(false));
      } catch (MongoBulkWriteException ex) {
        for (BulkWriteError error : ex.getWriteErrors()) {
          if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw ex;
          }
        }
      }
    }
    if (!newHeads.isEmpty()) {
      List<ReplaceOneModel<Document>> writes = new ArrayList<>(newHeads.size());
      for (Document head : newHeads) {
        writes.add(
            new ReplaceOneModel<>(
                Filters.eq("_id", head.getString("_id")), head, new ReplaceOptions().upsert(true)));
      }
      heads.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }
  }
}
