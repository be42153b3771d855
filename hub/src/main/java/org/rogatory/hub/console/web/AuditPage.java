package org.rogatory.hub.console.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
import org.rogatory.hub.infra.replay.ReadModelReplay;
import org.rogatory.hub.infra.replay.ReplayReport;
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
  private final ReadModelReplay replay;

  AuditPage(
      QueryGateway queries,
      EventGateway events,
      EventLog log,
      ChainVerificationProjection verifications,
      Clock clock,
      ReadModelReplay replay) {
    this.replay = replay;
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
        .POST("/audit/replay", this::replay)
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
                  <h2>Read models</h2>
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
                      : Html.EMPTY,
                  replaySection(s, mayRun));
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

  /** The latest replay of the read models, and the button that runs one. */
  private Html replaySection(Session s, boolean mayRun) {
    ReplayReport last = replay.latest().orElse(null);
    Html report;
    if (last == null) {
      report = Html.of("<p>The read models have not been replayed yet.</p>");
    } else {
      List<String> differing =
          last.collections().stream()
              .filter(c -> !c.matches())
              .map(
                  c ->
                      c.name()
                          + " ("
                          + (c.differing() + c.onlyLive() + c.onlyReplayed())
                          + " documents differ, first "
                          + c.firstDifference()
                          + ")")
              .toList();
      report =
          Html.of(
              "<p id=\"replay\">Last replayed {} by {}: {} events, {} collections;"
                  + " <strong>{}</strong>{}.</p>",
              Dates.format(last.at()),
              last.by(),
              last.events(),
              last.collections().size(),
              last.matches()
                  ? "the read models match"
                  : "MISMATCH: " + String.join(", ", differing),
              last.consistent() ? "" : " (events arrived meanwhile: run again to confirm)");
    }
    return mayRun
        ? Html.of(
            """
            {}
            <form method="post" action="/audit/replay">
            {}
            <button type="submit">Replay the read models and compare</button>
            </form>
            """,
            report,
            Layout.csrf(s))
        : report;
  }

  private Mono<ServerResponse> replay(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR, StaffRole.OBSERVER);
    return Blocking.call(() -> replay.run("console:" + s.username()))
        .flatMap(r -> Responses.redirect("/audit"));
  }
}
