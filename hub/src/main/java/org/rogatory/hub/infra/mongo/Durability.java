package org.rogatory.hub.infra.mongo;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;

/**
 * The two kinds of write the hub makes, and the write concern each needs.
 *
 * <p>A <em>fact</em> (an event, a stored envelope or attachment, an idempotent call's answer) is
 * acknowledged to a caller and must survive a crash: it uses the client's write concern (majority
 * and journaled on a replica set; on the embedded store, a durable group commit before the answer).
 *
 * <p>A <em>derived</em> write (a projection row, a tracking token, a snapshot, a blob chunk whose
 * blob document is written durably after it) can be lost in a crash without losing anything
 * acknowledged, because it is rebuilt from the facts: tracking processors replay from their last
 * surviving token, and their handlers are idempotent. These writes ask for {@code w:1, j:false}: on
 * a replica set the primary acknowledges from memory, and on the embedded store they do not wait
 * for a commit of their own. Whatever reaches the disk is a prefix in time on both: a later durable
 * write makes every earlier write durable with it (one commit of the embedded store covers all
 * earlier changes; a majority-committed write implies that every earlier entry of the primary's
 * oplog is majority-committed), so a token never survives without the projection rows it covers.
 */
public final class Durability {
  /** The write concern of derived writes; see the class comment. */
  public static final WriteConcern DERIVED = WriteConcern.W1.withJournal(false);

  private Durability() {}

  /** The collection, with the write concern of derived data. */
  public static <T> MongoCollection<T> derived(MongoCollection<T> collection) {
    return collection.withWriteConcern(DERIVED);
  }

  /** Whether a command's {@code writeConcern} document waives the durable commit (j: false). */
  static boolean waivesDurability(Object writeConcern) {
    return writeConcern instanceof java.util.Map<?, ?> wc && Boolean.FALSE.equals(wc.get("j"));
  }
}
