package org.rogatory.hub.console.web;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.audit.api.AuditQueries.CheckpointView;
import org.rogatory.hub.audit.api.AuditQueries.FindLatestCheckpointQuery;
import org.rogatory.hub.console.api.ConsoleEvents.EventChainVerifiedEvent;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.query.ChainVerificationProjection;
import org.rogatory.hub.console.query.ChainVerificationProjection.VerificationView;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.eventstore.ChainVerification;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.web.Blocking;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Audit status: the transparency log's latest signed checkpoint (with its witnesses' cosignature
 * lines), and the latest walk of the event chain, which administrators and observers can run again;
 * each run is itself an event.
 */
@Component
class AuditPage {
  private final QueryGateway queries;
  private final EventGateway events;
  private final EventLog log;
  private final ChainVerificationProjection verifications;
  private final Clock clock;

  AuditPage(
      QueryGateway queries,
      EventGateway events,
      EventLog log,
      ChainVerificationProjection verifications,
      Clock clock) {
    this.queries = queries;
    this.events = events;
    this.log = log;
    this.verifications = verifications;
    this.clock = clock;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/audit", this::page)
        .POST("/audit/verifications", this::verify)
        .build();
  }

  private Mono<ServerResponse> page(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    boolean mayRun = s.role() != StaffRole.CASE_OFFICER;
    return Blocking.call(
            () -> {
              CheckpointView checkpoint =
                  queries
                      .query(new FindLatestCheckpointQuery(), CheckpointView.class)
                      .get(10, TimeUnit.SECONDS);
              VerificationView last = verifications.latest();
              return Html.of(
                  """
                  <h2>Latest signed checkpoint</h2>
                  {}
                  <h2>Event chain</h2>
                  {}
                  {}
                  """,
                  checkpoint == null
                      ? Html.of("<p>No checkpoint is published yet.</p>")
                      : Html.of(
                          """
                          <p>Covers the first {} events. The signed note (signature lines: the log's keys, then \
                          any witnesses' cosignatures):</p>
                          <pre id="checkpoint">{}</pre>
                          """,
                          checkpoint.size(),
                          checkpoint.note()),
                  last == null
                      ? Html.of("<p>The chain has not been verified from the console yet.</p>")
                      : Html.of(
                          "<p id=\"verification\">Last verified {} by {}: {} events checked"
                              + " (up to global sequence {}); <strong>{}</strong>.</p>",
                          Dates.format(last.at()),
                          last.by(),
                          last.eventsChecked(),
                          last.headSequence(),
                          last.problem() == null ? "intact" : "BROKEN: " + last.problem()),
                  mayRun
                      ? Html.of(
                          """
                          <form method="post" action="/audit/verifications">
                          {}
                          <button type="submit">Verify the event chain now</button>
                          </form>
                          <p class="hint">Reads every event from the first; on a large store \
                          this takes a while.</p>
                          """,
                          Layout.csrf(s))
                      : Html.EMPTY);
            })
        .flatMap(body -> Responses.html(HttpStatus.OK, Layout.page("Audit", s, body)));
  }

  private Mono<ServerResponse> verify(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR, StaffRole.OBSERVER);
    return Blocking.call(
            () -> {
              ChainVerification.Result r = ChainVerification.verify(log);
              // Whole milliseconds: the read model stores BSON dates, and the wait compares with
              // it.
              Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
              events.publish(
                  new EventChainVerifiedEvent(
                      s.username(), r.eventsChecked(), r.headSequence(), r.problem(), at));
              ConsoleCaller.awaitVisible(
                  () -> {
                    VerificationView v = verifications.latest();
                    return v != null && !v.at().isBefore(at);
                  });
              return r;
            })
        .flatMap(r -> Responses.redirect("/audit"));
  }
}
