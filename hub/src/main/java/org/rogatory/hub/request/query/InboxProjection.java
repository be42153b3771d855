package org.rogatory.hub.request.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.rogatory.hub.infra.mongo.Durability;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestQueries.InboxEntryView;
import org.rogatory.hub.request.api.RequestQueries.InboxPageView;
import org.rogatory.hub.request.api.RequestQueries.ListInboxQuery;
import org.springframework.stereotype.Component;

/**
 * Each party's inbox: the messages addressed to it by others, numbered 0, 1, … in arrival order.
 * Entries are keyed {@code party#position}, so a page is one exact-match {@code $in} lookup
 * whatever the inbox's size; a per-party head document holds the count and the last event applied,
 * so a redelivered event is applied once. It needs every message in log order, in one segment
 * ({@link ProjectionOrderingConfiguration}).
 */
@Component
@ProcessingGroup(InboxProjection.PROCESSING_GROUP)
class InboxProjection {
  static final String PROCESSING_GROUP = "inboxes";
  static final String ENTRIES = "inbox_entries";
  static final String HEADS = "inbox_heads";
  static final int MAX_PAGE = 200;
  private final MongoCollection<Document> entries;
  private final MongoCollection<Document> heads;
  private final NumberedLists lists;

  InboxProjection(MongoDatabase database) {
    this.entries = Durability.derived(database.getCollection(ENTRIES));
    this.heads = Durability.derived(database.getCollection(HEADS));
    this.lists = new NumberedLists(entries, heads);
  }

  @EventHandler
  void on(MessageSubmittedEvent e, TrackingToken token) {
    Map<String, Document> entryFor = new LinkedHashMap<>();
    for (String party : e.recipientParties()) {
      if (!party.equals(e.sender())) {
        entryFor.put(
            party,
            new Document("requestId", e.requestId())
                .append("messageId", e.messageId())
                .append("sender", e.sender())
                .append("size", e.envelopeSize())
                .append("submittedAt", Date.from(e.at())));
      }
    }
    lists.append(RequestViewProjection.position(token), entryFor);
  }

  @ResetHandler
  void reset() {
    lists.reset();
  }

  @QueryHandler
  InboxPageView handle(ListInboxQuery q) {
    int limit = Math.max(1, Math.min(MAX_PAGE, q.limit()));
    long from = Math.max(0, q.from());
    List<String> keys = new ArrayList<>(limit);
    for (long i = from; i < from + limit; i++) {
      keys.add(q.party() + "#" + i);
    }
    Map<String, Document> found = new HashMap<>();
    for (Document d : entries.find(Filters.in("_id", keys))) {
      found.put(d.getString("_id"), d);
    }
    List<InboxEntryView> out = new ArrayList<>();
    long pos = from;
    for (String key : keys) {
      Document d = found.get(key);
      if (d == null) {
        break;
      }
      out.add(
          new InboxEntryView(
              pos,
              d.getString("requestId"),
              d.getString("messageId"),
              d.getString("sender"),
              d.get("size", Number.class).longValue(),
              d.getDate("submittedAt").toInstant()));
      pos++;
    }
    return new InboxPageView(q.party(), out, pos);
  }
}
