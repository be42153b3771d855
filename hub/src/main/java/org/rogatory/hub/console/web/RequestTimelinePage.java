package org.rogatory.hub.console.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.request.api.RequestEvents.ConsultationRequestedEvent;
import org.rogatory.hub.request.api.RequestEvents.ConsultationResolvedEvent;
import org.rogatory.hub.request.api.RequestEvents.ExecutionStartedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageNotRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestEvents.OutcomeReportedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestAcknowledgedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestClosedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestEscalatedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestQueries.FindRequestQuery;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * One request's timeline, read from its events in the history: who did what when, message sizes,
 * deliveries, retrievals, status changes and consultations. Each line is written from named
 * metadata fields, so nothing else an event might carry reaches the page.
 */
@Component
class RequestTimelinePage {
  private final EventStore events;
  private final QueryGateway queries;

  /** One line of the timeline. */
  record Step(Instant at, String what, String who, String details) {}

  RequestTimelinePage(EventStore events, QueryGateway queries) {
    this.events = events;
    this.queries = queries;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route().GET("/requests/{requestId}", this::timeline).build();
  }

  private Mono<ServerResponse> timeline(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    String requestId = request.pathVariable("requestId");
    if (!requestId.matches("[A-Za-z0-9._-]{1,128}")) {
      throw new ConsoleRejectedException(Code.INVALID_INPUT, "that is not a request id");
    }
    return Blocking.call(
            () -> {
              RequestView view =
                  queries
                      .query(new FindRequestQuery(requestId, null), RequestView.class)
                      .get(10, TimeUnit.SECONDS);
              if (view == null) {
                throw new ConsoleRejectedException(Code.NOT_FOUND, "no request " + requestId);
              }
              List<Step> steps = new ArrayList<>();
              // From the first event, not from a snapshot: the timeline is the whole history.
              DomainEventStream stream = events.readEvents(requestId, 0);
              while (stream.hasNext()) {
                Step step = describe(stream.next());
                if (step != null) {
                  steps.add(step);
                }
              }
              return page(s, view, steps);
            })
        .flatMap(body -> Responses.html(HttpStatus.OK, body));
  }

  static Step describe(DomainEventMessage<?> message) {
    Object e = message.getPayload();
    if (e instanceof RequestOpenedEvent o) {
      return new Step(
          o.at(),
          "opened",
          o.openedBy(),
          "to "
              + o.addressee()
              + ", "
              + PartyPages.words(o.category().name())
              + ", "
              + PartyPages.words(o.classification().name()));
    }
    if (e instanceof RequestDeliveredEvent d) {
      return new Step(d.at(), "delivered", "hub", "to " + d.addressee());
    }
    if (e instanceof RequestAcknowledgedEvent a) {
      return new Step(a.at(), "acknowledged", a.acknowledgedBy(), "");
    }
    if (e instanceof ExecutionStartedEvent x) {
      return new Step(x.at(), "execution started", x.actingParty(), "");
    }
    if (e instanceof ConsultationRequestedEvent c) {
      return new Step(
          c.at(),
          "consultation requested",
          c.requestedBy(),
          c.reason() == null ? "" : "reason: " + PartyPages.words(c.reason().name()));
    }
    if (e instanceof ConsultationResolvedEvent c) {
      return new Step(c.at(), "consultation resolved", c.resolvedBy(), "");
    }
    if (e instanceof OutcomeReportedEvent o) {
      return new Step(
          o.at(),
          "outcome reported",
          o.reportedBy(),
          PartyPages.words(o.outcome().name())
              + (o.reasons() == null || o.reasons().isEmpty()
                  ? ""
                  : " (" + o.reasons().size() + " reasons given)"));
    }
    if (e instanceof RequestClosedEvent c) {
      return new Step(c.at(), c.withdrawn() ? "withdrawn" : "closed", c.closedBy(), "");
    }
    if (e instanceof MessageSubmittedEvent m) {
      int attachments = m.attachmentDigests() == null ? 0 : m.attachmentDigests().size();
      return new Step(
          m.at(),
          "message submitted",
          m.sender(),
          "message "
              + m.messageId()
              + ", sealed envelope of "
              + m.envelopeSize()
              + " bytes"
              + (attachments == 0 ? "" : ", " + attachments + " attachments")
              + ", for "
              + String.join(", ", m.recipientParties()));
    }
    if (e instanceof MessageDeliveredEvent d) {
      return new Step(d.at(), "message delivered", "hub", d.messageId() + " to " + d.recipient());
    }
    if (e instanceof MessageRetrievedEvent r) {
      return new Step(
          r.at(), "message retrieved", r.recipient(), r.messageId() + ", signed receipt recorded");
    }
    if (e instanceof MessageNotRetrievedEvent n) {
      return new Step(
          n.at(),
          n.delivered() ? "message not retrieved" : "message not delivered",
          "hub",
          n.messageId() + " by " + n.recipient() + ", deadline " + Dates.format(n.deadline()));
    }
    if (e instanceof RequestEscalatedEvent x) {
      return new Step(
          x.at(), "escalated", "hub", "deadline " + Dates.format(x.deadline()) + " passed");
    }
    return null;
  }

  private static Html page(Session s, RequestView v, List<Step> steps) {
    return Layout.page(
        "Request " + v.requestId(),
        s,
        Html.of(
            """
            <dl class="summary">
            <dt>Status</dt><dd>{}</dd>
            <dt>Category</dt><dd>{}</dd>
            <dt>Classification</dt><dd>{}</dd>
            <dt>Opened by</dt><dd>{}</dd>
            <dt>Addressee</dt><dd>{}</dd>
            <dt>Opened</dt><dd>{}</dd>
            <dt>Deadline</dt><dd>{}</dd>
            </dl>
            <table>
            <caption>Timeline ({} steps, metadata only)</caption>
            <thead><tr><th scope="col">When</th><th scope="col">What</th>
            <th scope="col">Who</th><th scope="col">Details</th></tr></thead>
            <tbody>{}</tbody>
            </table>
            <p><a href="/requests">Back to the board</a></p>
            """,
            PartyPages.words(v.status().name()),
            PartyPages.words(v.category().name()),
            PartyPages.words(v.classification().name()),
            v.openedBy(),
            v.addressee(),
            Dates.format(v.openedAt()),
            v.deadline() == null ? "none" : Dates.format(v.deadline()),
            steps.size(),
            Html.join(
                steps,
                st ->
                    Html.of(
                        "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                        Dates.format(st.at()),
                        st.what(),
                        st.who(),
                        st.details()))));
  }
}
