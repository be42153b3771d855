package org.rogatory.hub.request.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestQueries.ListPartyRequestsQuery;
import org.rogatory.hub.request.api.RequestQueries.PartyRequestPageView;
import org.rogatory.hub.request.api.RequestQueries.PartyRequestView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.springframework.stereotype.Component;

/**
 * Each party's list of the requests it is a party to, numbered 0, 1, … in the order they were
 * opened. Entries are keyed {@code party#position} and hold only the request id and the other
 * party, which never change; the rest of a row (status, last activity, message count) is read from
 * the request views by id when a page is read, so a status change needs no write here. A page is
 * therefore two exact-key {@code $in} lookups (entries, then their request views) whatever the
 * number of requests in the store (decision 0015).
 *
 * <p>Like the inbox, a per-party head holds the count and the last event applied, so a redelivered
 * event is applied once, and the numbering needs every opening in log order, in one segment: the
 * projection is in the inboxes' processing group ({@link ProjectionOrderingConfiguration}).
 */
@Component
@ProcessingGroup(InboxProjection.PROCESSING_GROUP)
class RequestListProjection {
  static final String ENTRIES = "party_requests";
  static final String HEADS = "party_request_heads";
  static final int MAX_PAGE = 200;

  /** With a filter, the most list places one page examines before it answers with what it has. */
  static final int SCAN_BUDGET = 1_000;

  private final MongoCollection<Document> entries;
  private final MongoCollection<Document> heads;
  private final MongoCollection<Document> views;
  private final NumberedLists lists;

  RequestListProjection(MongoDatabase database) {
    this.entries = Durability.derived(database.getCollection(ENTRIES));
    this.heads = Durability.derived(database.getCollection(HEADS));
    this.views = database.getCollection("request_views");
    this.lists = new NumberedLists(entries, heads);
  }

  @EventHandler
  void on(RequestOpenedEvent e, TrackingToken token) {
    Map<String, Document> entryFor = new LinkedHashMap<>();
    entryFor.put(
        e.openedBy(),
        new Document("requestId", e.requestId()).append("counterpart", e.addressee()));
    // A request addressed to its own opener is listed once.
    entryFor.putIfAbsent(
        e.addressee(),
        new Document("requestId", e.requestId()).append("counterpart", e.openedBy()));
    lists.append(RequestViewProjection.position(token), entryFor);
  }

  @ResetHandler
  void reset() {
    lists.reset();
  }

  /**
   * Reads the list in windows of exact keys from {@code from}, in the asked direction, and joins
   * each window's entries to their request views by id. It stops at a full page, at the end of the
   * list, after {@link #SCAN_BUDGET} places, or at an entry whose request view is not written yet
   * (the two read models follow the log separately): that entry is then where the next page starts,
   * so nothing is skipped.
   */
  @QueryHandler
  PartyRequestPageView handle(ListPartyRequestsQuery q) {
    int limit = Math.max(1, Math.min(MAX_PAGE, q.limit()));
    boolean filtered = q.status() != null || q.counterpart() != null;
    Document head = heads.find(Filters.eq("_id", q.party())).first();
    long count = head == null ? 0 : head.get("count", Number.class).longValue();
    int step = q.newestFirst() ? -1 : 1;
    long pos;
    if (q.newestFirst()) {
      pos = q.from() == null ? count - 1 : Math.min(q.from(), count - 1);
    } else {
      pos = q.from() == null ? 0 : Math.max(0, q.from());
    }
    List<PartyRequestView> rows = new ArrayList<>(limit);
    int examined = 0;
    scan:
    while (rows.size() < limit && pos >= 0 && pos < count && examined < SCAN_BUDGET) {
      long remaining = q.newestFirst() ? pos + 1 : count - pos;
      int window =
          (int) Math.min(remaining, filtered ? Math.min(MAX_PAGE, SCAN_BUDGET - examined) : limit);
      Map<Long, Document> listed = entriesAt(q.party(), pos, window, step);
      Map<String, Document> joined = viewsOf(listed.values(), q.counterpart());
      for (int i = 0; i < window; i++) {
        Document entry = listed.get(pos);
        if (entry == null) {
          break scan; // counted by the head but not stored: cannot happen, entries go first
        }
        boolean wanted =
            q.counterpart() == null || q.counterpart().equals(entry.get("counterpart"));
        if (wanted) {
          Document view = joined.get(entry.getString("requestId"));
          if (view == null) {
            break scan; // the request view lags behind: the next page starts here
          }
          RequestView v = RequestViewProjection.toView(view, List.of());
          if (q.status() == null || q.status() == v.status()) {
            rows.add(row(pos, entry.getString("counterpart"), v, q.now()));
          }
        }
        examined++;
        pos += step;
        if (rows.size() == limit) {
          break scan;
        }
      }
    }
    boolean more = pos >= 0 && pos < count;
    Long next = q.newestFirst() && pos < 0 ? null : pos;
    return new PartyRequestPageView(q.party(), List.copyOf(rows), next, more);
  }

  private Map<Long, Document> entriesAt(String party, long from, int window, int step) {
    List<String> keys = new ArrayList<>(window);
    for (int i = 0; i < window; i++) {
      keys.add(party + "#" + (from + (long) i * step));
    }
    Map<Long, Document> found = new HashMap<>();
    int prefix = party.length() + 1;
    for (Document d : entries.find(Filters.in("_id", keys))) {
      found.put(Long.parseLong(d.getString("_id").substring(prefix)), d);
    }
    return found;
  }

  private Map<String, Document> viewsOf(Collection<Document> listed, String counterpart) {
    List<String> ids = new ArrayList<>(listed.size());
    for (Document entry : listed) {
      if (counterpart == null || counterpart.equals(entry.get("counterpart"))) {
        ids.add(entry.getString("requestId"));
      }
    }
    Map<String, Document> found = new HashMap<>();
    if (!ids.isEmpty()) {
      for (Document d : views.find(Filters.in("_id", ids))) {
        found.put(d.getString("_id"), d);
      }
    }
    return found;
  }

  private static PartyRequestView row(
      long position, String counterpart, RequestView v, Instant now) {
    boolean overdue =
        !v.status().isFinished() && v.deadline() != null && !v.deadline().isAfter(now);
    return new PartyRequestView(
        position,
        v.requestId(),
        v.category(),
        v.classification(),
        v.courtReference(),
        v.openedBy(),
        v.addressee(),
        counterpart,
        v.status(),
        v.deadline(),
        overdue,
        v.escalated(),
        v.openedAt(),
        v.updatedAt(),
        v.messageCount());
  }
}
