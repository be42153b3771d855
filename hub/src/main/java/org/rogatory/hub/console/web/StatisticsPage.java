package org.rogatory.hub.console.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.request.api.RequestQueries.ListRequestsQuery;
import org.rogatory.hub.request.api.RequestQueries.RequestListView;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Statistics per State and category, for a period of opening dates, as a table and as CSV. */
@Component
class StatisticsPage {
  static final int MAX_REQUESTS = 100_000;
  private final QueryGateway queries;
  private final Clock clock;

  /**
   * The period asked for: opening dates from {@code from} (inclusive) to {@code to} (inclusive).
   */
  record Period(LocalDate from, LocalDate to) {
    Instant start() {
      return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant end() {
      return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    String query() {
      return "from=" + (from == null ? "" : from) + "&to=" + (to == null ? "" : to);
    }
  }

  StatisticsPage(QueryGateway queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/statistics", this::page)
        .GET("/statistics.csv", this::csv)
        .build();
  }

  private Mono<List<RequestStatistics.Row>> rows(Period p) {
    return Blocking.call(
        () -> {
          RequestListView all =
              queries
                  .query(
                      new ListRequestsQuery(null, null, null, MAX_REQUESTS), RequestListView.class)
                  .get(30, TimeUnit.SECONDS);
          return RequestStatistics.of(all.requests(), p.start(), p.end(), clock.instant());
        });
  }

  private Mono<ServerResponse> page(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    Period p = period(request);
    return rows(p)
        .flatMap(
            rows ->
                Responses.html(
                    HttpStatus.OK,
                    Layout.page(
                        "Statistics",
                        s,
                        Html.of(
                            """
                            <form method="get" action="/statistics" class="filters">
                            <div><label for="from">Opened from</label>
                            <input id="from" name="from" type="date" value="{}"></div>
                            <div><label for="to">Opened until</label>
                            <input id="to" name="to" type="date" value="{}"></div>
                            <div><button type="submit">Show</button></div>
                            </form>
                            <p><a href="/statistics.csv?{}" download>Download as CSV</a></p>
                            <table>
                            <caption>Requests per requested State and category</caption>
                            <thead><tr>
                            <th scope="col">Requested State</th><th scope="col">Category</th>
                            <th scope="col">Sent</th><th scope="col">Acknowledged</th>
                            <th scope="col">Executed</th><th scope="col">Not executed</th>
                            <th scope="col">Pending</th><th scope="col">Overdue</th>
                            </tr></thead>
                            <tbody>{}</tbody>
                            </table>
                            <p class="hint">Executed counts full and partial execution. Response \
                            times and consultation reasons are not shown yet: the request views \
                            do not keep the time of each step.</p>
                            """,
                            p.from() == null ? "" : p.from().toString(),
                            p.to() == null ? "" : p.to().toString(),
                            p.query(),
                            Html.join(
                                rows,
                                r ->
                                    Html.of(
                                        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>"
                                            + "<td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                                            + "<td>{}</td></tr>",
                                        r.addressee(),
                                        PartyPages.words(r.category().name()),
                                        r.sent(),
                                        r.acknowledged(),
                                        r.executed(),
                                        r.notExecuted(),
                                        r.pending(),
                                        r.overdue()))))));
  }

  private Mono<ServerResponse> csv(ServerRequest request) {
    ConsoleCaller.require(request);
    Period p = period(request);
    return rows(p)
        .flatMap(
            rows ->
                ServerResponse.ok()
                    .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                    .header(
                        "Content-Disposition", "attachment; filename=\"rogatory-statistics.csv\"")
                    .bodyValue(RequestStatistics.csv(rows)));
  }

  private static Period period(ServerRequest request) {
    LocalDate from = date(request.queryParam("from").orElse(""), "from");
    LocalDate to = date(request.queryParam("to").orElse(""), "to");
    if (from != null && to != null && to.isBefore(from)) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT, "the end of the period is before its start");
    }
    return new Period(from, to);
  }

  private static LocalDate date(String value, String field) {
    if (value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT,
          "the "
              + (field.equals("from") ? "start" : "end")
              + " of the period must be a date"
              + " such as 2026-01-31");
    }
  }
}
