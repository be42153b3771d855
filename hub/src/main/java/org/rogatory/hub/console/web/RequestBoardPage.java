package org.rogatory.hub.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestQueries.ListRequestsQuery;
import org.rogatory.hub.request.api.RequestQueries.RequestListView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The requests board: every cooperation request (metadata only) with its status, category, parties,
 * age and deadline; overdue and soon-due requests are marked in words as well as colour. Filters
 * are GET parameters, so a filtered board can be bookmarked.
 */
@Component
class RequestBoardPage {
  static final int LIMIT = 100;
  static final Duration SOON = Duration.ofDays(7);
  private final QueryGateway queries;
  private final Clock clock;

  RequestBoardPage(QueryGateway queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route().GET("/requests", this::board).build();
  }

  private Mono<ServerResponse> board(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    RequestStatus status =
        parse(RequestStatus.class, request.queryParam("status").orElse(null), "status");
    RequestCategory category =
        parse(RequestCategory.class, request.queryParam("category").orElse(null), "category");
    String party = request.queryParam("party").map(String::strip).orElse("");
    if (party.length() > 128) {
      throw new ConsoleRejectedException(Code.INVALID_INPUT, "the party filter is too long");
    }
    Cursor cursor = Cursor.parse(request.queryParam("before").orElse(""));
    ListRequestsQuery q =
        new ListRequestsQuery(
            status,
            category,
            party.isEmpty() ? null : party,
            LIMIT,
            cursor == null ? null : cursor.openedAt(),
            cursor == null ? null : cursor.requestId());
    String filters =
        "status="
            + (status == null ? "" : status.name())
            + "&category="
            + (category == null ? "" : category.name())
            + "&party="
            + URLEncoder.encode(party, StandardCharsets.UTF_8);
    return Blocking.call(() -> queries.query(q, RequestListView.class).get(10, TimeUnit.SECONDS))
        .flatMap(
            view -> {
              Instant now = clock.instant();
              Html body =
                  Html.of(
                      """
                      <form method="get" action="/requests" class="filters" role="search">
                      <div><label for="status">Status</label>
                      <select id="status" name="status">{}</select></div>
                      <div><label for="category">Category</label>
                      <select id="category" name="category">{}</select></div>
                      <div><label for="party">Party id</label>
                      <input id="party" name="party" value="{}"></div>
                      <div><button type="submit">Filter</button></div>
                      </form>
                      <table>
                      <caption>{}, newest first{}</caption>
                      <thead><tr>
                      <th scope="col">Request</th><th scope="col">Status</th>
                      <th scope="col">Category</th><th scope="col">Opened by</th>
                      <th scope="col">Addressee</th><th scope="col">Age</th>
                      <th scope="col">Deadline</th><th scope="col">Escalation</th>
                      </tr></thead>
                      <tbody>{}</tbody>
                      </table>
                      <nav aria-label="Pages of requests" class="pages">{}{}</nav>
                      """,
                      options(RequestStatus.values(), status),
                      options(RequestCategory.values(), category),
                      party,
                      view.requests().size() == 1
                          ? "1 request"
                          : view.requests().size() + " requests",
                      (cursor == null ? "" : ", older than the first page")
                          + (view.more() ? "; older ones on the next page" : ""),
                      Html.join(view.requests(), r -> row(r, now)),
                      cursor == null
                          ? Html.EMPTY
                          : Html.of("<a href=\"/requests?{}\">Newest requests</a> ", filters),
                      view.more()
                          ? Html.of(
                              "<a href=\"/requests?{}&amp;before={}\">Older requests</a>",
                              filters,
                              URLEncoder.encode(
                                  Cursor.of(view.requests().get(view.requests().size() - 1)).text(),
                                  StandardCharsets.UTF_8))
                          : Html.EMPTY);
              return Responses.html(HttpStatus.OK, Layout.page("Requests", s, body));
            });
  }

  private static Html row(RequestView r, Instant now) {
    Urgency urgency = urgency(r, now);
    return Html.of(
        """
        <tr class="{}"><th scope="row"><a href="/requests/{}"><code>{}</code></a></th><td>{}</td><td>{}</td><td>{}</td>\
        <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>
        """,
        urgency.cssClass(),
        r.requestId(),
        r.requestId(),
        PartyPages.words(r.status().name()),
        PartyPages.words(r.category().name()),
        r.openedBy(),
        r.addressee(),
        Dates.age(Duration.between(r.openedAt(), now)),
        r.deadline() == null
            ? Html.of("none")
            : Html.of(
                "{}{}",
                Dates.format(r.deadline()),
                urgency.words().isEmpty()
                    ? Html.EMPTY
                    : Html.of(" <span class=\"flag\">{}</span>", urgency.words())),
        r.escalated() ? Html.of("escalated") : Html.EMPTY);
  }

  /**
   * Where a page of the board ends: the opening time (epoch milliseconds) and id of its last row,
   * as {@code <millis>~<id>} in the {@code before} parameter.
   */
  record Cursor(Instant openedAt, String requestId) {
    static Cursor of(RequestView last) {
      return new Cursor(last.openedAt(), last.requestId());
    }

    String text() {
      return openedAt.toEpochMilli() + "~" + requestId;
    }

    /** Null for a blank value; a 400 page for anything else that is not a cursor. */
    static Cursor parse(String value) {
      String v = value.strip();
      if (v.isEmpty()) {
        return null;
      }
      int at = v.indexOf('~');
      if (at <= 0 || at == v.length() - 1 || v.length() > 200) {
        throw invalid();
      }
      try {
        return new Cursor(
            Instant.ofEpochMilli(Long.parseLong(v.substring(0, at))), v.substring(at + 1));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        throw invalid();
      }
    }

    private static ConsoleRejectedException invalid() {
      return new ConsoleRejectedException(
          Code.INVALID_INPUT,
          "the page asked for does not exist; start again from the newest requests");
    }
  }

  /** How a deadline stands; said in words, coloured by its CSS class. */
  record Urgency(String cssClass, String words) {}

  static Urgency urgency(RequestView r, Instant now) {
    boolean finished = r.status().isFinished();
    if (r.deadline() == null || finished) {
      return new Urgency("", "");
    }
    if (!r.deadline().isAfter(now)) {
      return new Urgency("overdue", "OVERDUE by " + Dates.age(Duration.between(r.deadline(), now)));
    }
    if (r.deadline().isBefore(now.plus(SOON))) {
      return new Urgency("soon", "DUE within " + Dates.age(Duration.between(now, r.deadline())));
    }
    return new Urgency("", "");
  }

  private static <E extends Enum<E>> Html options(E[] values, E selected) {
    return Html.of(
        "<option value=\"\">any</option>{}",
        Html.join(
            Arrays.asList(values),
            v ->
                Html.of(
                    "<option value=\"{}\"{}>{}</option>",
                    v.name(),
                    v == selected ? Html.of(" selected") : Html.EMPTY,
                    PartyPages.words(v.name()))));
  }

  /** An enum from a form or query value; blank is null; anything else unknown is a 400 page. */
  static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT, "there is no " + field + " called " + value.strip());
    }
  }
}
