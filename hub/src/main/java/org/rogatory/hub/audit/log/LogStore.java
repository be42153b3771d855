package org.rogatory.hub.audit.log;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.types.Binary;
import org.rogatory.crypto.NodePosition;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.TreeNode;
import org.rogatory.crypto.TreeNodeSource;

/**
 * The log's Merkle tree and checkpoints in MongoDB. Every read is an exact match (or an {@code $in}
 * of exact matches) on {@code _id}, which the embedded server and MongoDB both serve from an index:
 *
 * <pre>
 * log_nodes:       { _id: "level:index", h: 32 bytes }        every perfect subtree, written once
 * log_meta:        { _id: "tree", size, last: hash_(size-1) } the size whose nodes are all stored
 *                  { _id: "checkpoint", size, note }          the latest published checkpoint
 * log_checkpoints: { _id: size, note, at }                    every published checkpoint
 * </pre>
 */
public final class LogStore implements TreeNodeSource {
  private static final String TREE = "tree";
  private static final String CHECKPOINT = "checkpoint";

  private final MongoCollection<Document> nodes;
  private final MongoCollection<Document> meta;
  private final MongoCollection<Document> checkpoints;
  private final AtomicLong publishedSize = new AtomicLong(-1);

  /** Where the tree stands: its size and the chain hash of its last event (null if empty). */
  public record TreeState(long size, byte[] lastEventHash) {}

  /** A published checkpoint: its tree size and signed note text. */
  public record PublishedCheckpoint(long size, String note) {}

  public LogStore(MongoDatabase database) {
    this.nodes = database.getCollection("log_nodes");
    this.meta = database.getCollection("log_meta");
    this.checkpoints = database.getCollection("log_checkpoints");
  }

  private static String key(NodePosition p) {
    return p.level() + ":" + p.index();
  }

  @Override
  public TreeHash node(NodePosition position) {
    return nodes(List.of(position)).get(0);
  }

  /** All requested hashes with one query. */
  @Override
  public List<TreeHash> nodes(List<NodePosition> positions) {
    List<String> keys = new ArrayList<>(positions.size());
    for (NodePosition p : positions) {
      keys.add(key(p));
    }
    Map<String, TreeHash> found = new HashMap<>();
    for (Document d : nodes.find(Filters.in("_id", keys))) {
      found.put(d.getString("_id"), TreeHash.of(d.get("h", Binary.class).getData()));
    }
    List<TreeHash> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      TreeHash h = found.get(k);
      if (h == null) {
        throw new IllegalStateException("the log's tree has no node " + k);
      }
      out.add(h);
    }
    return out;
  }

  /**
   * Stores completed subtrees. Nodes already present (written before a crash, ahead of the tree
   * size) are left as they are: a node's hash never changes.
   */
  public void addNodes(List<TreeNode> completed) {
    if (completed.isEmpty()) {
      return;
    }
    List<Document> docs = new ArrayList<>(completed.size());
    for (TreeNode n : completed) {
      docs.add(new Document("_id", key(n.position())).append("h", new Binary(n.hash().toBytes())));
    }
    try {
      nodes.insertMany(docs, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      for (BulkWriteError err : e.getWriteErrors()) {
        if (ErrorCategory.fromErrorCode(err.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
      }
    }
  }

  public TreeState tree() {
    Document d = meta.find(Filters.eq("_id", TREE)).first();
    if (d == null) {
      return new TreeState(0, null);
    }
    Binary last = d.get("last", Binary.class);
    return new TreeState(
        d.get("size", Number.class).longValue(), last == null ? null : last.getData());
  }

  /**
   * Records that every node of a tree of {@code state.size()} is stored. The recorded size only
   * grows: a slower publisher (one whose lease expired mid-round) cannot move it back.
   */
  public void setTree(TreeState state) {
    advance(
        TREE,
        state.size(),
        new Document("size", state.size())
            .append(
                "last", state.lastEventHash() == null ? null : new Binary(state.lastEventHash())));
  }

  /**
   * Sets {@code meta/_id} to {@code fields} unless it already records a size at least {@code size}.
   * A conditional update, then an insert if the document did not exist; an insert that loses to
   * another writer is retried as an update. Single-document writes only, no transaction.
   */
  private void advance(String id, long size, Document fields) {
    while (true) {
      long matched =
          meta.updateOne(
                  Filters.and(Filters.eq("_id", id), Filters.lt("size", size)),
                  new Document("$set", fields))
              .getMatchedCount();
      if (matched > 0 || meta.find(Filters.eq("_id", id)).first() != null) {
        return; // advanced, or already at or beyond size
      }
      Document created = new Document("_id", id);
      created.putAll(fields);
      try {
        meta.insertOne(created);
        return;
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
      }
    }
  }

  /** Records a newly signed checkpoint as the latest and keeps it in the history. */
  public void publish(PublishedCheckpoint checkpoint, Instant at) {
    checkpoints.replaceOne(
        Filters.eq("_id", checkpoint.size()),
        new Document("_id", checkpoint.size())
            .append("note", checkpoint.note())
            .append("at", Date.from(at)),
        new ReplaceOptions().upsert(true));
    advance(
        CHECKPOINT,
        checkpoint.size(),
        new Document("size", checkpoint.size()).append("note", checkpoint.note()));
  }

  public Optional<PublishedCheckpoint> latest() {
    Document d = meta.find(Filters.eq("_id", CHECKPOINT)).first();
    Optional<PublishedCheckpoint> latest =
        Optional.ofNullable(d)
            .map(
                x ->
                    new PublishedCheckpoint(
                        x.get("size", Number.class).longValue(), x.getString("note")));
    latest.ifPresent(c -> publishedSize.accumulateAndGet(c.size(), Math::max));
    return latest;
  }

  /**
   * Whether a checkpoint of at least {@code size} has been published, from memory when an earlier
   * read already showed one (the latest checkpoint's size only grows), else from the store.
   */
  public boolean publishedAtLeast(long size) {
    if (publishedSize.get() >= size) {
      return true;
    }
    return latest().map(c -> c.size() >= size).orElse(false);
  }

  /** The checkpoint published at exactly {@code size}, if one was. */
  public Optional<PublishedCheckpoint> at(long size) {
    Document d = checkpoints.find(Filters.eq("_id", size)).first();
    return Optional.ofNullable(d).map(x -> new PublishedCheckpoint(size, x.getString("note")));
  }

  /**
   * Up to {@code max} published checkpoints of size at least {@code fromSize}, smallest first: the
   * stored history an auditor exports.
   */
  public List<PublishedCheckpoint> publishedFrom(long fromSize, int max) {
    List<PublishedCheckpoint> out = new ArrayList<>();
    for (Document d :
        checkpoints
            .find(Filters.gte("_id", fromSize))
            .sort(new Document("_id", 1))
            .limit(Math.max(1, max))) {
      out.add(new PublishedCheckpoint(d.get("_id", Number.class).longValue(), d.getString("note")));
    }
    return out;
  }
}
