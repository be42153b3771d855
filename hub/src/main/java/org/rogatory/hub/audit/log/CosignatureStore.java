package org.rogatory.hub.audit.log;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Witness cosignatures of published checkpoints, in MongoDB. They are derived data, not events:
 * each line is verifiable on its own by anyone who holds the witness's key, and recording them as
 * events would grow the log, which would call for a new checkpoint and a new cosignature, forever
 * (docs/decisions/0010-witnesses.md). Reads are exact matches on {@code _id}:
 *
 * <pre>
 * log_cosignatures: { _id: size, v: version, lines: [ { party, line } ] }   per cosigned size
 * log_meta:         { _id: "cosigned", size }                             the largest of them
 * </pre>
 *
 * <p>Each per-size document is changed by compare-and-set on its version, so two witnesses that
 * cosign the same checkpoint at once both get stored.
 */
public final class CosignatureStore {
  private static final String COSIGNED = "cosigned";
  private final MongoCollection<Document> cosignatures;
  private final MongoCollection<Document> meta;

  /** One witness's signature line on one checkpoint. */
  public record Cosignature(String party, String line) {}

  public CosignatureStore(MongoDatabase database) {
    this.cosignatures = database.getCollection("log_cosignatures");
    this.meta = database.getCollection("log_meta");
  }

  /**
   * Adds {@code party}'s line to the checkpoint of {@code size}, unless that party already cosigned
   * it.
   *
   * @return whether the line was stored (false: the party's earlier line is kept)
   */
  public boolean add(long size, String party, String line) {
    while (true) {
      Document d = cosignatures.find(Filters.eq("_id", size)).first();
      if (d == null) {
        try {
          cosignatures.insertOne(
              new Document("_id", size)
                  .append("v", 1L)
                  .append("lines", List.of(new Document("party", party).append("line", line))));
          break;
        } catch (MongoWriteException e) {
          if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
            throw e;
          }
          continue; // another witness created it first: add to theirs
        }
      }
      List<Document> lines = new ArrayList<>(d.getList("lines", Document.class));
      if (lines.stream().anyMatch(l -> party.equals(l.getString("party")))) {
        return false;
      }
      lines.add(new Document("party", party).append("line", line));
      long v = d.get("v", Number.class).longValue();
      long matched =
          cosignatures
              .replaceOne(
                  Filters.and(Filters.eq("_id", size), Filters.eq("v", v)),
                  new Document("_id", size).append("v", v + 1).append("lines", lines))
              .getMatchedCount();
      if (matched == 1) {
        break;
      }
    }
    advanceCosigned(size);
    return true;
  }

  private void advanceCosigned(long size) {
    while (true) {
      Document d = meta.find(Filters.eq("_id", COSIGNED)).first();
      if (d == null) {
        try {
          meta.insertOne(new Document("_id", COSIGNED).append("size", size));
          return;
        } catch (MongoWriteException e) {
          if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
            throw e;
          }
          continue;
        }
      }
      long current = d.get("size", Number.class).longValue();
      if (current >= size
          || meta.replaceOne(
                      Filters.and(Filters.eq("_id", COSIGNED), Filters.eq("size", current)),
                      new Document("_id", COSIGNED).append("size", size))
                  .getMatchedCount()
              == 1) {
        return;
      }
    }
  }

  /** The cosignatures of the checkpoint of {@code size}, ordered by party id (a stable order). */
  public List<Cosignature> of(long size) {
    Document d = cosignatures.find(Filters.eq("_id", size)).first();
    if (d == null) {
      return List.of();
    }
    List<Cosignature> out = new ArrayList<>();
    for (Document l : d.getList("lines", Document.class)) {
      out.add(new Cosignature(l.getString("party"), l.getString("line")));
    }
    out.sort(Comparator.comparing(Cosignature::party));
    return out;
  }

  /** The largest size that any witness cosigned, if one did. */
  public Optional<Long> largestCosigned() {
    Document d = meta.find(Filters.eq("_id", COSIGNED)).first();
    return Optional.ofNullable(d).map(x -> x.get("size", Number.class).longValue());
  }
}
