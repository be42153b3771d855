package org.rogatory.hub.request.query;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the parties' request lists on a store that predates them (decision 0015). The lists are
 * kept by the inboxes' processor, whose token on such a store is already past every earlier
 * opening: without help those requests would never be listed. At start-up, before any processor
 * runs, a store with inboxes but no request list at all has that processor's token forgotten and
 * its read models emptied, so the processor handles the log again from its first event and rebuilds
 * the inboxes (identically) together with the lists.
 *
 * <p>The token goes first: a crash after it and before the collections are emptied leaves the same
 * condition for the next start, which does it again; a crash after both leaves a processor with no
 * token, which starts from the first event anyway. All hubs sharing the store must be stopped for
 * the upgrade (docs/operations.md), as for any replay.
 */
@Component
class RequestListUpgrade {
  private static final Logger LOG = LoggerFactory.getLogger(RequestListUpgrade.class);

  /** The read models of the inboxes' processor, emptied for the rebuild. */
  static final String[] COLLECTIONS = {
    RequestListProjection.ENTRIES,
    RequestListProjection.HEADS,
    InboxProjection.ENTRIES,
    InboxProjection.HEADS
  };

  private final boolean rebuilt;

  RequestListUpgrade(MongoDatabase database, TokenStore tokens) {
    this.rebuilt = tokens instanceof MongoTokenStore store && upgrade(database, store);
  }

  /** Whether this start found a store without request lists and set the rebuild going. */
  boolean rebuilt() {
    return rebuilt;
  }

  static boolean upgrade(MongoDatabase database, MongoTokenStore tokens) {
    boolean listsBuilt =
        database.getCollection(RequestListProjection.HEADS).find().limit(1).first() != null;
    Document anyInbox = database.getCollection(InboxProjection.HEADS).find().limit(1).first();
    if (listsBuilt || anyInbox == null) {
      return false;
    }
    LOG.warn(
        "this store predates the parties' request lists: the '{}' processor will handle the log"
            + " again from its first event, rebuilding the inboxes and building the lists",
        InboxProjection.PROCESSING_GROUP);
    tokens.forget(InboxProjection.PROCESSING_GROUP);
    for (String name : COLLECTIONS) {
      database.getCollection(name).deleteMany(new Document());
    }
    return true;
  }
}
