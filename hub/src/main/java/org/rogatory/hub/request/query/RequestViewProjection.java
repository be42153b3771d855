package org.rogatory.hub.request.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
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
import org.rogatory.hub.request.api.RequestQueries.MessageView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;
import org.springframework.stereotype.Component;

/**
 * One document per request: status, dates and message metadata. Each document records the global
 * position of the last event applied to it, so an event delivered again (after a crash, or on a
 * node taking over a segment) is applied once only.
 */
@Component
@ProcessingGroup(ViewFreshness.REQUEST_VIEWS)
public class RequestViewProjection {
  private final MongoCollection<Document> views;

  RequestViewProjection(MongoDatabase database) {
    this.views = Durability.derived(database.getCollection("request_views"));
  }

  @EventHandler
  void on(RequestOpenedEvent e, TrackingToken token) {
    long seq = position(token);
    Document existing = views.find(Filters.eq("_id", e.requestId())).first();
    if (existing != null) {
      return;
    }
    Document d =
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
            .append("messages", new ArrayList<Document>())
            .append("lastSeq", seq);
    views.replaceOne(Filters.eq("_id", e.requestId()), d, new ReplaceOptions().upsert(true));
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
    update(
        e.requestId(),
        token,
        d -> {
          List<Document> messages = new ArrayList<>(d.getList("messages", Document.class));
          messages.add(
              new Document("messageId", e.messageId())
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
                  .append("retrievedBy", new ArrayList<String>()));
          d.append("messages", messages).append("updatedAt", Date.from(e.at()));
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
    views.deleteMany(new Document());
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
    return toView(d);
  }

  /**
   * Whether {@code party} may read the attachment with this digest: it uploaded it, or it is a
   * recipient of a message of this request that references it.
   */
  public boolean mayReadAttachment(String requestId, String sha256, String party) {
    Document d = views.find(Filters.eq("_id", requestId)).first();
    if (d == null) {
      return false;
    }
    for (Document m : d.getList("messages", Document.class)) {
      List<String> attachments =
          m.containsKey("attachments") ? m.getList("attachments", String.class) : List.of();
      if (attachments.contains(sha256)
          && (m.getList("recipients", String.class).contains(party)
              || party.equals(m.getString("sender")))) {
        return true;
      }
    }
    return false;
  }

  /** Where a message's envelope is stored, for a party to the request; null otherwise. */
  public String envelopeBlob(String requestId, String messageId, String party) {
    Document d = views.find(Filters.eq("_id", requestId)).first();
    if (d == null) {
      return null;
    }
    for (Document m : d.getList("messages", Document.class)) {
      if (m.getString("messageId").equals(messageId)
          && m.getList("recipients", String.class).contains(party)) {
        return m.getString("blob");
      }
    }
    return null;
  }

  static RequestView toView(Document d) {
    List<MessageView> messages = new ArrayList<>();
    for (Document m : d.getList("messages", Document.class)) {
      messages.add(
          new MessageView(
              m.getString("messageId"),
              m.getString("sender"),
              m.getList("recipients", String.class),
              m.getString("digest"),
              m.get("size", Number.class).longValue(),
              m.getDate("submittedAt").toInstant(),
              m.getList("deliveredTo", String.class),
              m.getList("retrievedBy", String.class),
              m.containsKey("attachments") ? m.getList("attachments", String.class) : List.of()));
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
        messages);
  }

  private void status(String requestId, RequestStatus status, Instant at, TrackingToken token) {
    update(
        requestId,
        token,
        d -> d.append("status", status.name()).append("updatedAt", Date.from(at)));
  }

  private void markMessage(
      String requestId, String messageId, String field, String party, TrackingToken token) {
    update(
        requestId,
        token,
        d -> {
          List<Document> messages = new ArrayList<>();
          for (Document m : d.getList("messages", Document.class)) {
            if (m.getString("messageId").equals(messageId)) {
              List<String> list = new ArrayList<>(m.getList(field, String.class));
              if (!list.contains(party)) {
                list.add(party);
              }
              m.append(field, list);
            }
            messages.add(m);
          }
          d.append("messages", messages);
        });
  }

  /** Applies {@code change} unless the document already reflects this event. */
  private void update(
      String requestId, TrackingToken token, java.util.function.Consumer<Document> change) {
    long seq = position(token);
    Document d = views.find(Filters.eq("_id", requestId)).first();
    if (d == null || d.get("lastSeq", Number.class).longValue() >= seq) {
      return;
    }
    change.accept(d);
    d.append("lastSeq", seq);
    views.replaceOne(Filters.eq("_id", requestId), d);
  }

  static long position(TrackingToken token) {
    if (token == null || token.position().isEmpty()) {
      throw new IllegalStateException("projections run in tracking processors with positions");
    }
    return token.position().getAsLong();
  }
}
