package org.rogatory.hub.request.web;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.request.api.RequestQueries.ListPartyRequestsQuery;
import org.rogatory.hub.request.api.RequestQueries.PartyRequestPageView;
import org.rogatory.hub.request.api.RequestStatus;
import org.rogatory.hub.request.query.ViewFreshness;
import org.rogatory.protocol.ErrorCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/requests}: the requests the calling party opened or that are addressed to it, a
 * page at a time, by their stable place in the party's list. Metadata only. A party sees only its
 * own list (an auditor, never a party to a request, sees an empty one); administrators use the
 * console's board.
 */
@RestController
class RequestListHandler {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final QueryGateway queries;
  private final ViewFreshness freshness;
  private final Clock clock;

  RequestListHandler(QueryGateway queries, ViewFreshness freshness, Clock clock) {
    this.queries = queries;
    this.freshness = freshness;
    this.clock = clock;
  }

  /** The direction of a listing: newest first (the default) or oldest first. */
  enum Order {
    NEWEST,
    OLDEST
  }

  @GetMapping("/v1/requests")
  Mono<PartyRequestPageView> list(
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "order", required = false) String order,
      @RequestParam(name = "status", required = false) String status,
      @RequestParam(name = "counterpart", required = false) String counterpart,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    Long start =
        from == null || from.isEmpty()
            ? null
            : QueryParameters.number("from", from, 0, 0, Long.MAX_VALUE);
    int size = (int) QueryParameters.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    Order direction = QueryParameters.oneOf("order", order, Order.class);
    RequestStatus wanted = QueryParameters.oneOf("status", status, RequestStatus.class);
    if (counterpart != null && counterpart.isBlank()) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "counterpart must be a party id, or be left out");
    }
    ListPartyRequestsQuery query =
        new ListPartyRequestsQuery(
            party, start, size, direction != Order.OLDEST, wanted, counterpart, clock.instant());
    return Blocking.call(
        () -> {
          // A request opened (or moved) before this call is in the answer, as it is now.
          freshness.awaitRequestLists();
          return queries
              .query(query, ResponseTypes.instanceOf(PartyRequestPageView.class))
              .get(10, TimeUnit.SECONDS);
        });
  }
}
