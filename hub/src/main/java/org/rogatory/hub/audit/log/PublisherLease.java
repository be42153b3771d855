package org.rogatory.hub.audit.log;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import org.bson.Document;

/**
 * Which hub node publishes the transparency log. One document, {@code log_meta/{_id: "publisher",
 * owner, expires}}: a node holds the lease while {@code expires} (epoch milliseconds) is in the
 * future and renews it on every round; a node that finds it expired (its holder died or hung) takes
 * it over. Every step is a single-document conditional write, so it needs no transaction and works
 * alike on the embedded server and on a replica set.
 *
 * <p>The lease keeps two nodes from doing the same work; it is not what keeps the log correct. A
 * holder that stalls past its expiry may still finish a round while the next holder starts one:
 * both append the same nodes (a node's hash never changes) and the tree size and latest checkpoint
 * only move forward ({@link LogStore#setTree}, {@link LogStore#publish}). Node clocks must agree to
 * well within the lease's duration.
 */
final class PublisherLease {
  static final String ID = "publisher";

  private final MongoCollection<Document> meta;
  private final String node;
  private final Duration duration;
  private final Clock clock;

  PublisherLease(MongoDatabase database, String node, Duration duration, Clock clock) {
    this.meta = database.getCollection("log_meta");
    this.node = node;
    this.duration = duration;
    this.clock = clock;
  }

  /**
   * Takes the lease if it is free, expired or already ours, and extends it by its duration.
   *
   * @return whether this node holds the lease now
   */
  boolean acquire() {
    long now = clock.millis();
    Document renewed =
        meta.findOneAndUpdate(
            Filters.and(
                Filters.eq("_id", ID),
                Filters.or(Filters.eq("owner", node), Filters.lt("expires", now))),
            Updates.combine(
                Updates.set("owner", node), Updates.set("expires", now + duration.toMillis())));
    if (renewed != null) {
      return true;
    }
    try {
      meta.insertOne(
          new Document("_id", ID)
              .append("owner", node)
              .append("expires", now + duration.toMillis()));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false; // held by another node, and not expired
      }
      throw e;
    }
  }

  /**
   * Gives the lease up at once (on a clean stop), so that another node need not wait for expiry.
   */
  void release() {
    meta.updateOne(
        Filters.and(Filters.eq("_id", ID), Filters.eq("owner", node)),
        Updates.combine(Updates.set("owner", null), Updates.set("expires", 0L)));
  }

  /** The node named in the lease document (expired or not), or null. */
  String holder() {
    Document d = meta.find(Filters.eq("_id", ID)).projection(new Document("owner", 1)).first();
    return d == null ? null : d.getString("owner");
  }

  String node() {
    return node;
  }
}
