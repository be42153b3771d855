package org.rogatory.hub.request.query;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.rogatory.hub.infra.cache.LruMap;
import org.rogatory.hub.infra.eventstore.BatchWrites;
import org.rogatory.hub.infra.mongo.Durability;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestEvents.ConsultationRequestedEvent;
import org.rogatory.hub.request.api.RequestEvents.ConsultationResolvedEvent;
import org.rogatory.hub.request.api.RequestEvents.ExecutionStartedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestEvents.OutcomeReportedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestAcknowledgedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestClosedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestEscalatedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestQueries.FindRequestQuery;
import org.rogatory.hub.request.api.RequestQueries.ListRequestsQuery;
import org.rogatory.hub.request.api.RequestQueries.MessageView;
import org.rogatory.hub.request.api.RequestQueries.RequestListView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;
import org.springframework.stereotype.Component;

/**
 * The request views: one small document per request (status, dates, the number of messages), one
 * document per message ({@code request_messages}, keyed by the request and the message's place in
 * it, with a unique lookup key of request and message id), and one per attachment digest of a
 * request listing the parties that may read it. A submission therefore costs the same whatever the
 * number of messages already in the request; only reading a whole request reads all its messages.
 *
 * <p>Each request document records the global position of the last event applied to it, so an event
 * delivered again (after a crash, or on a node taking over a segment) is applied once only; message
 * and attachment documents are written so that writing them again changes nothing.
 */
@Component
@ProcessingGroup(ViewFreshness.REQUEST_VIEWS)
public class RequestViewProjection {
  static final String MESSAGE_KEY = "key";
  private final MongoCollection<Document> views;
  private final MongoCollection<Document> messages;
  private final MongoCollection<Document> readers;
  // Request id -> its two parties (opener, addressee), which never change once it is opened.
  private final LruMap<String, List<String>> partiesOf = new LruMap<>(100_000);
  private final LruMap<String, Boolean> pastOpen = new LruMap<>(100_000);

  RequestViewProjection(MongoDatabase database) {
    this.views = Durability.derived(database.getCollection("request_views"));
    this.messages = Durability.derived(database.getCollection("request_messages"));
    this.readers = Durability.derived(database.getCollection("request_attachment_readers"));
    messages.createIndex(
        Indexes.ascending(MESSAGE_KEY), new com.mongodb.client.model.IndexOptions().unique(true));
    // The board's order, alone and behind each equality filter, so that on MongoDB a page is an
    // index walk that stops after `limit` entries instead of a sort of every request. (The
    // embedded store keeps only unique indexes; it scans, see docs/benchmarks.md, "Console".)
    views.createIndex(Indexes.descending("openedAt", "_id"));
    for (String field : List.of("status", "category", "addressee", "openedBy")) {
      views.createIndex(
          Indexes.compoundIndex(Indexes.ascending(field), Indexes.descending("openedAt", "_id")));
    }
  }

  private static String messageKey(String requestId, String messageId) {
    return requestId + "/" + messageId;
  }

  @EventHandler
  void on(RequestOpenedEvent e, TrackingToken token) {
    long seq = position(token);
    inBatch(
        b -> {
          if (view(b, e.requestId()) != null) {
            return;
          }
          Document opened =
              new Document("_id", e.requestId())
                  .append("openedBy", e.openedBy())
                  .append("addressee", e.addressee())
                  .append("category", e.category().name())
                  .append("classification", e.classification().name())
                  .append("courtReference", e.courtReference())
                  .append("status", RequestStatus.OPEN.name())
                  .append("openedAt", Date.from(e.at()))
                  .append("deadline", e.deadline() == null ? null : Date.from(e.deadline()))
                  .append("escalated", false)
                  .append("updatedAt", Date.from(e.at()))
                  .append("messageCount", 0)
                  .append("lastSeq", seq);
          // Only a request with its own retrieval period has the field (revision 2).
          if (e.retrievalPeriodSeconds() != null) {
            opened.append("retrievalPeriodSeconds", e.retrievalPeriodSeconds());
          }
          b.views.put(e.requestId(), opened);
        });
  }

  @EventHandler
  void on(RequestDeliveredEvent e, TrackingToken token) {
    status(e.requestId(), RequestStatus.DELIVERED, e.at(), token);
  }

  @EventHandler
  void on(RequestAcknowledgedEvent e, TrackingToken token) {
    status(e.requestId(), RequestStatus.ACKNOWLEDGED, e.at(), token);
  }

  @EventHandler
  void on(ExecutionStartedEvent e, TrackingToken token) {
    status(e.requestId(), RequestStatus.IN_EXECUTION, e.at(), token);
  }

  @EventHandler
  void on(ConsultationRequestedEvent e, TrackingToken token) {
    status(e.requestId(), RequestStatus.CONSULTATION, e.at(), token);
  }

  @EventHandler
  void on(ConsultationResolvedEvent e, TrackingToken token) {
    status(e.requestId(), RequestStatus.IN_EXECUTION, e.at(), token);
  }

  @EventHandler
  void on(OutcomeReportedEvent e, TrackingToken token) {
    status(e.requestId(), e.outcome(), e.at(), token);
  }

  @EventHandler
  void on(RequestClosedEvent e, TrackingToken token) {
    status(e.requestId(), RequestStatus.CLOSED, e.at(), token);
  }

  @EventHandler
  void on(RequestEscalatedEvent e, TrackingToken token) {
    update(
        e.requestId(),
        token,
        d -> d.append("escalated", true).append("updatedAt", Date.from(e.at())));
  }

  @EventHandler
  void on(MessageSubmittedEvent e, TrackingToken token) {
    long seq = position(token);
    inBatch(
        b -> {
          Document d = view(b, e.requestId());
          if (d == null || d.get("lastSeq", Number.class).longValue() >= seq) {
            return;
          }
          // The message's place is the count of messages before it. Events are applied in log
          // order, so after a crash that kept this document but lost the request's (a prefix of
          // the writes survives), the same event gets the same place: its insert is then a
          // duplicate, and skipped (flush).
          int index = d.get("messageCount", Number.class).intValue();
          b.messages.add(
              new InsertOneModel<>(
                  new Document("_id", e.requestId() + "#" + index)
                      .append(MESSAGE_KEY, messageKey(e.requestId(), e.messageId()))
                      .append("index", index)
                      .append("messageId", e.messageId())
                      .append("sender", e.sender())
                      .append("recipients", e.recipientParties())
                      .append("digest", e.envelopeDigest())
                      .append("size", e.envelopeSize())
                      .append("blob", e.envelopeBlobId())
                      .append(
                          "attachments",
                          e.attachmentDigests() == null ? List.of() : e.attachmentDigests())
                      .append("submittedAt", Date.from(e.at()))
                      .append("deliveredTo", new ArrayList<String>())
                      .append("retrievedBy", new ArrayList<String>())));
          if (e.attachmentDigests() != null) {
            List<String> parties = new ArrayList<>(e.recipientParties());
            parties.add(e.sender());
            for (String digest : e.attachmentDigests()) {
              b.readers.add(
                  new UpdateOneModel<>(
                      Filters.eq("_id", e.requestId() + "#" + digest),
                      Updates.addEachToSet("parties", parties),
                      new UpdateOptions().upsert(true)));
            }
          }
          d.append("messageCount", index + 1)
              .append("updatedAt", Date.from(e.at()))
              .append("lastSeq", seq);
          b.views.put(e.requestId(), d);
        });
  }

  @EventHandler
  void on(MessageDeliveredEvent e, TrackingToken token) {
    markMessage(e.requestId(), e.messageId(), "deliveredTo", e.recipient(), token);
  }

  @EventHandler
  void on(MessageRetrievedEvent e, TrackingToken token) {
    markMessage(e.requestId(), e.messageId(), "retrievedBy", e.recipient(), token);
  }

  @ResetHandler
  void reset() {
    partiesOf.clear();
    pastOpen.clear();
    views.deleteMany(new Document());
    messages.deleteMany(new Document());
    readers.deleteMany(new Document());
  }

  @QueryHandler
  RequestView handle(FindRequestQuery q) {
    Document d = views.find(Filters.eq("_id", q.requestId())).first();
    if (d == null
        || !(q.askingParty() == null
            || q.askingParty().equals(d.getString("openedBy"))
            || q.askingParty().equals(d.getString("addressee")))) {
      return null;
    }
    return toView(d, messagesOf(d, q.messagesFrom(), q.messagesLimit()));
  }

  @QueryHandler
  RequestListView handle(ListRequestsQuery q) {
    List<org.bson.conversions.Bson> filters = new ArrayList<>();
    if (q.status() != null) {
      filters.add(Filters.eq("status", q.status().name()));
    }
    if (q.category() != null) {
      filters.add(Filters.eq("category", q.category().name()));
    }
    if (q.party() != null) {
      filters.add(
          Filters.or(Filters.eq("openedBy", q.party()), Filters.eq("addressee", q.party())));
    }
    if (q.before() != null && q.beforeId() != null) {
      Date before = Date.from(q.before());
      filters.add(
          Filters.or(
              Filters.lt("openedAt", before),
              Filters.and(Filters.eq("openedAt", before), Filters.lt("_id", q.beforeId()))));
    }
    int limit = Math.max(1, q.limit());
    List<RequestView> out = new ArrayList<>();
    for (Document d :
        views
            .find(filters.isEmpty() ? new Document() : Filters.and(filters))
            .sort(new Document("openedAt", -1).append("_id", -1))
            .limit(limit + 1)) {
      out.add(toView(d, List.of()));
    }
    boolean more = out.size() > limit;
    return new RequestListView(List.copyOf(more ? out.subList(0, limit) : out), more);
  }

  /**
   * The request as {@code party} sees it without its messages (status, parties, dates), or null;
   * one small read whatever the number of messages.
   */
  public RequestView summary(String requestId, String party) {
    Document d = views.find(Filters.eq("_id", requestId)).first();
    if (d == null
        || !(party == null
            || party.equals(d.getString("openedBy"))
            || party.equals(d.getString("addressee")))) {
      return null;
    }
    return toView(d, List.of());
  }

  /**
   * Whether the request exists (as far as this view has followed the log) and {@code party} is one
   * of its two parties. A request's parties never change, so the answer is remembered once seen.
   */
  public boolean isParty(String requestId, String party) {
    List<String> known = parties(requestId);
    return known != null && known.contains(party);
  }

  /** The request's opener and addressee, or null if this view has not seen the request. */
  public List<String> parties(String requestId) {
    List<String> known = partiesOf.get(requestId);
    if (known == null) {
      Document d = views.find(Filters.eq("_id", requestId)).first();
      if (d == null) {
        return null;
      }
      known = List.of(d.getString("openedBy"), d.getString("addressee"));
      partiesOf.put(requestId, known);
    }
    return known;
  }

  /** Messages {@code first} … {@code first + limit - 1} of the request, as far as it has them. */
  private List<Document> messagesOf(Document view, int first, int limit) {
    String requestId = view.getString("_id");
    int start = Math.max(0, first);
    int end =
        (int) Math.min(view.get("messageCount", Number.class).longValue(), (long) start + limit);
    List<Document> out = new ArrayList<>(Math.max(0, end - start));
    // Exact keys in slices: a lookup each, in proportion to what is returned.
    for (int from = start; from < end; from += 512) {
      List<String> ids = new ArrayList<>();
      for (int i = from; i < Math.min(end, from + 512); i++) {
        ids.add(requestId + "#" + i);
      }
      List<Document> slice = messages.find(Filters.in("_id", ids)).into(new ArrayList<>());
      slice.sort(java.util.Comparator.comparingInt(m -> m.get("index", Number.class).intValue()));
      out.addAll(slice);
    }
    return out;
  }

  /** Whether any message of the request references an attachment with this digest. */
  public boolean isAttachmentReferenced(String requestId, String sha256) {
    return attachmentReaders(requestId, sha256) != null;
  }

  /**
   * Whether {@code party} may read the attachment with this digest: it uploaded it, or it is a
   * recipient of a message of this request that references it.
   */
  public boolean mayReadAttachment(String requestId, String sha256, String party) {
    Document d = attachmentReaders(requestId, sha256);
    return d != null && d.getList("parties", String.class).contains(party);
  }

  /** The readers of the request's attachment with this digest, or null if no message names it. */
  private Document attachmentReaders(String requestId, String sha256) {
    return readers.find(Filters.eq("_id", requestId + "#" + sha256)).first();
  }

  /** A message as stored, with where its envelope is. */
  public record StoredMessage(MessageView view, String blobId) {}

  /** One message of a request with its envelope's blob, or null: one lookup. */
  public StoredMessage storedMessage(String requestId, String messageId) {
    Document m = messages.find(Filters.eq(MESSAGE_KEY, messageKey(requestId, messageId))).first();
    return m == null ? null : new StoredMessage(toMessage(m), m.getString("blob"));
  }

  /** The request's addressee, or null if this view has not seen the request; remembered. */
  public String addresseeOf(String requestId) {
    List<String> known = parties(requestId);
    return known == null ? null : known.get(1);
  }

  /**
   * Whether the request's view still says OPEN, so that its delivery may be there to record. Once a
   * view has moved past OPEN it never returns to it, and that is remembered.
   */
  public boolean stillOpen(String requestId) {
    if (pastOpen.get(requestId) != null) {
      return false;
    }
    Document d = views.find(Filters.eq("_id", requestId)).first();
    if (d == null) {
      return false;
    }
    if (RequestStatus.valueOf(d.getString("status")) == RequestStatus.OPEN) {
      return true;
    }
    pastOpen.put(requestId, Boolean.TRUE);
    return false;
  }

  private static MessageView toMessage(Document m) {
    return new MessageView(
        m.getString("messageId"),
        m.getString("sender"),
        m.getList("recipients", String.class),
        m.getString("digest"),
        m.get("size", Number.class).longValue(),
        m.getDate("submittedAt").toInstant(),
        m.getList("deliveredTo", String.class),
        m.getList("retrievedBy", String.class),
        m.containsKey("attachments") ? m.getList("attachments", String.class) : List.of());
  }

  static RequestView toView(Document d, List<Document> messageDocuments) {
    List<MessageView> messages = new ArrayList<>(messageDocuments.size());
    for (Document m : messageDocuments) {
      messages.add(toMessage(m));
    }
    Date deadline = d.getDate("deadline");
    return new RequestView(
        d.getString("_id"),
        d.getString("openedBy"),
        d.getString("addressee"),
        RequestCategory.valueOf(d.getString("category")),
        Classification.valueOf(d.getString("classification")),
        d.getString("courtReference"),
        RequestStatus.valueOf(d.getString("status")),
        d.getDate("openedAt").toInstant(),
        deadline == null ? null : deadline.toInstant(),
        d.getBoolean("escalated", false),
        d.getDate("updatedAt").toInstant(),
        messages,
        d.get("messageCount", Number.class).intValue(),
        d.get("retrievalPeriodSeconds") instanceof Number seconds
            ? java.time.Duration.ofSeconds(seconds.longValue())
            : null);
  }

  private void status(String requestId, RequestStatus status, Instant at, TrackingToken token) {
    update(
        requestId,
        token,
        d -> d.append("status", status.name()).append("updatedAt", Date.from(at)));
  }

  private void markMessage(
      String requestId, String messageId, String field, String party, TrackingToken token) {
    position(token);
    // Adding to a set twice changes nothing: no position check is needed.
    inBatch(
        b ->
            b.messages.add(
                new UpdateOneModel<>(
                    Filters.eq(MESSAGE_KEY, messageKey(requestId, messageId)),
                    Updates.addToSet(field, party))));
  }

  /** Applies {@code change} unless the document already reflects this event. */
  private void update(
      String requestId, TrackingToken token, java.util.function.Consumer<Document> change) {
    long seq = position(token);
    inBatch(
        b -> {
          Document d = view(b, requestId);
          if (d == null || d.get("lastSeq", Number.class).longValue() >= seq) {
            return;
          }
          change.accept(d);
          d.append("lastSeq", seq);
          b.views.put(requestId, d);
        });
  }

  /**
   * The writes of one processor batch, made at its end (BatchWrites) in the order a single event
   * makes them: messages (in event order), attachment readers, then request documents (the batch's
   * last state of each), so that a request document never counts a message that is not stored.
   */
  private static final class Batch {
    final List<WriteModel<Document>> messages = new ArrayList<>();
    final List<WriteModel<Document>> readers = new ArrayList<>();
    final Map<String, Document> views = new LinkedHashMap<>();
  }

  /** Runs a handler's work in the current batch, or alone (written at once) outside one. */
  private void inBatch(java.util.function.Consumer<Batch> work) {
    Batch batch = BatchWrites.pending(Batch.class.getName(), Batch::new, this::flush);
    if (batch != null) {
      work.accept(batch);
      return;
    }
    Batch single = new Batch();
    work.accept(single);
    flush(single);
  }

  /** A request document as the batch leaves it, else as stored; null if none. */
  private Document view(Batch batch, String requestId) {
    Document pending = batch.views.get(requestId);
    return pending != null ? pending : views.find(Filters.eq("_id", requestId)).first();
  }

  private void flush(Batch batch) {
    inOrderSkippingDuplicateInserts(messages, batch.messages);
    if (!batch.readers.isEmpty()) {
      readers.bulkWrite(batch.readers, new BulkWriteOptions().ordered(false));
    }
    BatchWrites.replaceAll(views, batch.views.values());
  }

  /**
   * Writes in order; an insert that finds its document already there (written before a crash) is
   * skipped and the writes after it go on.
   */
  private static void inOrderSkippingDuplicateInserts(
      MongoCollection<Document> collection, List<WriteModel<Document>> writes) {
    int from = 0;
    while (from < writes.size()) {
      try {
        collection.bulkWrite(
            writes.subList(from, writes.size()), new BulkWriteOptions().ordered(true));
        return;
      } catch (MongoBulkWriteException ex) {
        BulkWriteError first = ex.getWriteErrors().get(0);
        int failed = from + first.getIndex();
        if (ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY
            || !(writes.get(failed) instanceof InsertOneModel)) {
          throw ex;
        }
        from = failed + 1;
      }
    }
  }

  static long position(TrackingToken token) {
    if (token == null || token.position().isEmpty()) {
      throw new IllegalStateException("projections run in tracking processors with positions");
    }
    return token.position().getAsLong();
  }
}
