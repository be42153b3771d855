package org.rogatory.hub.console.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.rogatory.hub.infra.mongo.Durability;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestEvents.ConsultationRequestedEvent;
import org.rogatory.hub.request.api.RequestEvents.ConsultationResolvedEvent;
import org.rogatory.hub.request.api.RequestEvents.ExecutionStartedEvent;
import org.rogatory.hub.request.api.RequestEvents.OutcomeReportedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestAcknowledgedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestClosedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestStatus;
import org.springframework.stereotype.Component;

/**
 * The figures the statistics page needs, one small document per request: who it was addressed to,
 * its category and status, when it was opened, first acknowledged and first given an outcome, and
 * the reason of each consultation. Metadata only, built from the request feature's events by a
 * processor of its own ({@code console-statistics}), so a hub that had requests before this
 * projection existed builds it from the whole history on its first start.
 *
 * <p>Each document records the global position of the last event applied to it, so an event
 * delivered again is applied once only.
 */
@Component
@ProcessingGroup(RequestStatisticsProjection.PROCESSOR)
public class RequestStatisticsProjection {
  /** The name of this projection's event processor. */
  public static final String PROCESSOR = "console-statistics";

  private final MongoCollection<Document> figures;

  /**
   * One request's figures; {@code acknowledgedAt} and {@code outcomeAt} are null until the step
   * happened, {@code consultations} holds one reason per consultation asked for, in order.
   */
  public record RequestFigures(
      String requestId,
      String addressee,
      RequestCategory category,
      RequestStatus status,
      Instant openedAt,
      Instant deadline,
      Instant acknowledgedAt,
      Instant outcomeAt,
      List<ConsultationReason> consultations) {
    /** Defensive copy of the reasons. */
    public RequestFigures {
      consultations = List.copyOf(consultations);
    }
  }

  RequestStatisticsProjection(MongoDatabase database) {
    this.figures = Durability.derived(database.getCollection("console_request_figures"));
    figures.createIndex(Indexes.ascending("openedAt"));
  }

  @EventHandler
  void on(RequestOpenedEvent e, TrackingToken token) {
    if (figures.find(Filters.eq("_id", e.requestId())).first() != null) {
      return;
    }
    figures.replaceOne(
        Filters.eq("_id", e.requestId()),
        new Document("_id", e.requestId())
            .append("addressee", e.addressee())
            .append("category", e.category().name())
            .append("status", RequestStatus.OPEN.name())
            .append("openedAt", Date.from(e.at()))
            .append("deadline", e.deadline() == null ? null : Date.from(e.deadline()))
            .append("acknowledgedAt", null)
            .append("outcomeAt", null)
            .append("consultations", new ArrayList<String>())
            .append("lastSeq", position(token)),
        new ReplaceOptions().upsert(true));
  }

  @EventHandler
  void on(RequestDeliveredEvent e, TrackingToken token) {
    update(e.requestId(), token, d -> d.append("status", RequestStatus.DELIVERED.name()));
  }

  @EventHandler
  void on(RequestAcknowledgedEvent e, TrackingToken token) {
    update(
        e.requestId(),
        token,
        d -> {
          d.append("status", RequestStatus.ACKNOWLEDGED.name());
          if (d.getDate("acknowledgedAt") == null) {
            d.append("acknowledgedAt", Date.from(e.at()));
          }
        });
  }

  @EventHandler
  void on(ExecutionStartedEvent e, TrackingToken token) {
    update(e.requestId(), token, d -> d.append("status", RequestStatus.IN_EXECUTION.name()));
  }

  @EventHandler
  void on(ConsultationRequestedEvent e, TrackingToken token) {
    update(
        e.requestId(),
        token,
        d -> {
          List<String> reasons = new ArrayList<>(d.getList("consultations", String.class));
          reasons.add((e.reason() == null ? ConsultationReason.OTHER : e.reason()).name());
          d.append("status", RequestStatus.CONSULTATION.name()).append("consultations", reasons);
        });
  }

  @EventHandler
  void on(ConsultationResolvedEvent e, TrackingToken token) {
    update(e.requestId(), token, d -> d.append("status", RequestStatus.IN_EXECUTION.name()));
  }

  @EventHandler
  void on(OutcomeReportedEvent e, TrackingToken token) {
    update(
        e.requestId(),
        token,
        d -> {
          d.append("status", e.outcome().name());
          if (d.getDate("outcomeAt") == null) {
            d.append("outcomeAt", Date.from(e.at()));
          }
        });
  }

  @EventHandler
  void on(RequestClosedEvent e, TrackingToken token) {
    update(e.requestId(), token, d -> d.append("status", RequestStatus.CLOSED.name()));
  }

  @ResetHandler
  void reset() {
    figures.deleteMany(new Document());
  }

  /**
   * The figures of every request opened in [{@code from}, {@code to}); a null bound is open. At
   * most {@code limit} requests (the page says when there were more).
   */
  public List<RequestFigures> openedBetween(Instant from, Instant to, int limit) {
    List<Bson> filters = new ArrayList<>();
    if (from != null) {
      filters.add(Filters.gte("openedAt", Date.from(from)));
    }
    if (to != null) {
      filters.add(Filters.lt("openedAt", Date.from(to)));
    }
    List<RequestFigures> out = new ArrayList<>();
    for (Document d :
        figures.find(filters.isEmpty() ? new Document() : Filters.and(filters)).limit(limit)) {
      out.add(toFigures(d));
    }
    return out;
  }

  private static RequestFigures toFigures(Document d) {
    List<ConsultationReason> reasons = new ArrayList<>();
    for (String r : d.getList("consultations", String.class)) {
      reasons.add(ConsultationReason.valueOf(r));
    }
    return new RequestFigures(
        d.getString("_id"),
        d.getString("addressee"),
        RequestCategory.valueOf(d.getString("category")),
        RequestStatus.valueOf(d.getString("status")),
        d.getDate("openedAt").toInstant(),
        instant(d.getDate("deadline")),
        instant(d.getDate("acknowledgedAt")),
        instant(d.getDate("outcomeAt")),
        reasons);
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }

  /** Applies {@code change} unless the document already reflects this event. */
  private void update(String requestId, TrackingToken token, Consumer<Document> change) {
    long seq = position(token);
    Document d = figures.find(Filters.eq("_id", requestId)).first();
    if (d == null || d.get("lastSeq", Number.class).longValue() >= seq) {
      return;
    }
    change.accept(d);
    d.append("lastSeq", seq);
    figures.replaceOne(Filters.eq("_id", requestId), d);
  }

  private static long position(TrackingToken token) {
    if (token == null || token.position().isEmpty()) {
      throw new IllegalStateException("projections run in tracking processors with positions");
    }
    return token.position().getAsLong();
  }
}
