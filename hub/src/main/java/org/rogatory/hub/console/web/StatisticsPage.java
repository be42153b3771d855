package org.rogatory.hub.console.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.query.RequestStatisticsProjection;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.request.api.ConsultationReason;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Statistics per State and category, for a period of opening dates: counts, response times and
 * consultations, as tables, as two server-drawn charts, and as CSV.
 */
@Component
class StatisticsPage {
  static final int MAX_REQUESTS = 100_000;
  private final RequestStatisticsProjection figures;
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

  StatisticsPage(RequestStatisticsProjection figures, Clock clock) {
    this.figures = figures;
    this.clock = clock;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/statistics", this::page)
        .GET("/statistics.csv", this::csv)
        .build();
  }

  private Mono<RequestStatistics.Report> report(Period p) {
    return Blocking.call(
        () ->
            RequestStatistics.report(
                figures.openedBetween(p.start(), p.end(), MAX_REQUESTS), clock.instant()));
  }

  private Mono<ServerResponse> page(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    Period p = period(request);
    return report(p)
        .flatMap(
            report ->
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
                            <table id="figures">
                            <caption>Requests per requested State and category</caption>
                            <thead><tr>
                            <th scope="col">Requested State</th><th scope="col">Category</th>
                            <th scope="col">Sent</th><th scope="col">Acknowledged</th>
                            <th scope="col">Executed</th><th scope="col">Not executed</th>
                            <th scope="col">Pending</th><th scope="col">Overdue</th>
                            <th scope="col">To acknowledgement, median / 90th pct.</th>
                            <th scope="col">To outcome, median / 90th pct.</th>
                            <th scope="col">Consultations</th>
                            </tr></thead>
                            <tbody>{}</tbody>
                            </table>
                            <p class="hint">Executed counts full and partial execution. Response \
                            times run from the opening of a request to its first acknowledgement \
                            and to its first outcome (executed, partially or not executed), over \
                            the requests that reached that step; median and 90th percentile by \
                            nearest rank (always one of the measured times).</p>
                            <h2 id="times">Response times per requested State</h2>
                            <div class="figure">{}
                            <table id="times-table">
                            <caption>Median response time per requested State, all categories</caption>
                            <thead><tr><th scope="col">Requested State</th>
                            <th scope="col">To acknowledgement (median)</th>
                            <th scope="col">To outcome (median)</th></tr></thead>
                            <tbody>{}</tbody>
                            </table></div>
                            <h2 id="consultations">Consultations by reason</h2>
                            <div class="figure">{}
                            <table id="reasons-table">
                            <caption>Consultations asked for, by reason</caption>
                            <thead><tr><th scope="col">Reason</th>\
                            <th scope="col">Consultations</th></tr></thead>
                            <tbody>{}</tbody>
                            </table></div>
                            """,
                            p.from() == null ? "" : p.from().toString(),
                            p.to() == null ? "" : p.to().toString(),
                            p.query(),
                            Html.join(report.rows(), StatisticsPage::row),
                            timesChart(report.states()),
                            Html.join(
                                report.states(),
                                r ->
                                    Html.of(
                                        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                                        r.addressee(),
                                        ResponseTimes.words(r.toAcknowledgement().median()),
                                        ResponseTimes.words(r.toOutcome().median()))),
                            reasonsChart(report.reasons()),
                            Html.join(
                                List.copyOf(report.reasons().entrySet()),
                                e ->
                                    Html.of(
                                        "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                                        PartyPages.words(e.getKey().name()),
                                        e.getValue()))))));
  }

  private static Html row(RequestStatistics.Row r) {
    return Html.of(
        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            + "<td>{}</td><td>{}</td><td>{} / {}</td><td>{} / {}</td><td>{}{}</td></tr>",
        r.addressee(),
        PartyPages.words(r.category().name()),
        r.sent(),
        r.acknowledged(),
        r.executed(),
        r.notExecuted(),
        r.pending(),
        r.overdue(),
        ResponseTimes.words(r.toAcknowledgement().median()),
        ResponseTimes.words(r.toAcknowledgement().p90()),
        ResponseTimes.words(r.toOutcome().median()),
        ResponseTimes.words(r.toOutcome().p90()),
        r.consultationCount(),
        r.consultations().isEmpty()
            ? Html.EMPTY
            : Html.of(
                " ({})",
                String.join(
                    ", ",
                    r.consultations().entrySet().stream()
                        .map(e -> PartyPages.words(e.getKey().name()) + ": " + e.getValue())
                        .toList())));
  }

  private static Html timesChart(List<RequestStatistics.Row> states) {
    List<BarChart.Bar> bars = new ArrayList<>();
    for (RequestStatistics.Row r : states) {
      bars.add(bar(r.addressee(), "ack", "to acknowledgement", r.toAcknowledgement().median()));
      bars.add(bar("", "outcome", "to outcome", r.toOutcome().median()));
    }
    return BarChart.of(
        "times-chart",
        "Median response time per requested State",
        "For each requested State two bars: the median time from opening to acknowledgement, then"
            + " from opening to outcome. The table next to the chart gives the same figures.",
        bars,
        24);
  }

  private static BarChart.Bar bar(String label, String series, String what, Duration median) {
    return new BarChart.Bar(
        label,
        series,
        median == null ? 0 : median.toSeconds() / 3600.0,
        median == null ? "none yet " + what : ResponseTimes.words(median) + " " + what);
  }

  private static Html reasonsChart(Map<ConsultationReason, Integer> reasons) {
    List<BarChart.Bar> bars = new ArrayList<>();
    for (Map.Entry<ConsultationReason, Integer> e : reasons.entrySet()) {
      bars.add(
          new BarChart.Bar(
              PartyPages.words(e.getKey().name()),
              "reason",
              e.getValue(),
              String.valueOf(e.getValue())));
    }
    return BarChart.of(
        "reasons-chart",
        "Consultations by reason",
        "One bar per reason a State gave for asking for consultation, as long as the number of"
            + " consultations with that reason. The table next to the chart gives the numbers.",
        bars,
        1);
  }

  private Mono<ServerResponse> csv(ServerRequest request) {
    ConsoleCaller.require(request);
    Period p = period(request);
    return report(p)
        .flatMap(
            report ->
                ServerResponse.ok()
                    .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                    .header(
                        "Content-Disposition", "attachment; filename=\"rogatory-statistics.csv\"")
                    .bodyValue(RequestStatistics.csv(report.rows())));
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
