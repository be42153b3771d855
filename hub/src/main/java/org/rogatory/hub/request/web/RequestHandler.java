package org.rogatory.hub.request.web;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.infra.web.IdempotencyStore;
import org.rogatory.hub.party.api.PartyKind;
import org.rogatory.hub.party.api.PartyQueries.FindPartyQuery;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.hub.request.api.RequestCommands.AcknowledgeRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.CloseRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.OpenRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.ReportOutcomeCommand;
import org.rogatory.hub.request.api.RequestCommands.RequestConsultationCommand;
import org.rogatory.hub.request.api.RequestCommands.ResolveConsultationCommand;
import org.rogatory.hub.request.api.RequestCommands.StartExecutionCommand;
import org.rogatory.hub.request.api.RequestQueries.FindRequestQuery;
import org.rogatory.hub.request.api.RequestQueries.InboxPageView;
import org.rogatory.hub.request.api.RequestQueries.ListInboxQuery;
import org.rogatory.hub.request.api.RequestQueries.MessageView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.query.RequestViewProjection;
import org.rogatory.hub.request.query.ViewFreshness;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Cooperation requests over HTTP: open, read, move through statuses, and the inbox. */
@RestController
class RequestHandler {
  private final CommandGateway commands;
  private final QueryGateway queries;
  private final IdempotencyStore idempotency;
  private final Clock clock;
  private final ViewFreshness freshness;
  private final RequestViewProjection views;

  RequestHandler(
      CommandGateway commands,
      QueryGateway queries,
      IdempotencyStore idempotency,
      ViewFreshness freshness,
      RequestViewProjection views,
      Clock clock) {
    this.freshness = freshness;
    this.views = views;
    this.commands = commands;
    this.queries = queries;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  @PostMapping(path = "/v1/requests", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<String>> open(
      @RequestBody RequestDtos.OpenRequestBody body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    String k = IdempotencyStore.requireKey(key);
    if (body.addressee() == null || body.category() == null || body.classification() == null) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "addressee, category and classification are required");
    }
    return idempotency.once(
        party,
        k,
        "POST /v1/requests " + body,
        () ->
            Blocking.call(
                () -> {
                  PartyView me = party(party);
                  if (me != null && me.kind() == PartyKind.AUDITOR) {
                    throw new ApiException(
                        ErrorCode.FORBIDDEN,
                        "an auditor oversees the exchange and may not open cooperation requests");
                  }
                  if (me == null || me.kind() != PartyKind.COURT_ORGAN) {
                    throw new ApiException(
                        ErrorCode.FORBIDDEN, "only a Court organ may open cooperation requests");
                  }
                  PartyView to = party(body.addressee());
                  if (to == null || !to.enrolled()) {
                    throw new ApiException(
                        ErrorCode.INVALID_FIELD,
                        "addressee " + body.addressee() + " is not an enrolled party");
                  }
                  if (to.kind() == PartyKind.AUDITOR) {
                    throw new ApiException(
                        ErrorCode.INVALID_FIELD,
                        "addressee "
                            + body.addressee()
                            + " is an auditor; auditors cannot be addressed");
                  }
                  Long retrievalPeriod = retrievalPeriodSeconds(body.retrievalPeriod());
                  String requestId = "req-" + UUID.randomUUID();
                  commands.sendAndWait(
                      new OpenRequestCommand(
                          requestId,
                          party,
                          body.addressee(),
                          body.category(),
                          body.classification(),
                          body.courtReference(),
                          body.deadline(),
                          retrievalPeriod,
                          clock.instant()));
                  awaitView(requestId, party);
                  return ResponseEntity.status(HttpStatus.CREATED)
                      .body(new RequestDtos.RequestOpened(requestId));
                }));
  }

  /** Messages a request's answer holds unless asked otherwise; a thread under it comes whole. */
  static final int DEFAULT_MESSAGES = 200;

  static final int MAX_MESSAGES = 500;

  @GetMapping("/v1/requests/{requestId}")
  Mono<RequestDtos.RequestThread> get(
      @PathVariable String requestId,
      @RequestParam(name = "messagesFrom", required = false) String messagesFrom,
      @RequestParam(name = "messagesLimit", required = false) String messagesLimit,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    long first = QueryParameters.number("messagesFrom", messagesFrom, 0, 0, Integer.MAX_VALUE);
    long limit =
        QueryParameters.number("messagesLimit", messagesLimit, DEFAULT_MESSAGES, 1, MAX_MESSAGES);
    return Blocking.call(
            () -> {
              RequestView v = view(requestId, party, (int) first, (int) limit);
              return v == null ? null : RequestDtos.RequestThread.of(v, (int) first);
            })
        .switchIfEmpty(
            Mono.error(
                new ApiException(
                    ErrorCode.NOT_FOUND,
                    "no request " + requestId + ", or you are not a party to it")));
  }

  @PostMapping(
      path = "/v1/requests/{requestId}/actions",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<String>> act(
      @PathVariable String requestId,
      @RequestBody RequestDtos.ActionBody body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    String k = IdempotencyStore.requireKey(key);
    if (body.action() == null) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "action is required");
    }
    return idempotency.once(
        party,
        k,
        "POST /v1/requests/" + requestId + "/actions " + body,
        () ->
            Blocking.call(
                () -> {
                  if (summary(requestId, party) == null) {
                    throw new ApiException(
                        ErrorCode.NOT_FOUND,
                        "no request " + requestId + ", or you are not a party to it");
                  }
                  var now = clock.instant();
                  Object command =
                      switch (body.action()) {
                        case ACKNOWLEDGE -> new AcknowledgeRequestCommand(requestId, party, now);
                        case START_EXECUTION -> new StartExecutionCommand(requestId, party, now);
                        case REQUEST_CONSULTATION ->
                            new RequestConsultationCommand(requestId, party, body.reason(), now);
                        case RESOLVE_CONSULTATION ->
                            new ResolveConsultationCommand(requestId, party, now);
                        case REPORT_OUTCOME ->
                            new ReportOutcomeCommand(
                                requestId, party, body.outcome(), body.reasons(), now);
                        case CLOSE -> new CloseRequestCommand(requestId, party, false, now);
                        case WITHDRAW -> new CloseRequestCommand(requestId, party, true, now);
                      };
                  commands.sendAndWait(command);
                  return ResponseEntity.noContent().build();
                }));
  }

  @GetMapping("/v1/inbox")
  Mono<InboxPageView> inbox(
      @RequestParam(name = "from", defaultValue = "0") long from,
      @RequestParam(name = "limit", defaultValue = "50") int limit,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    if (from < 0 || limit < 1 || limit > 200) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "from must be >= 0 and limit 1-200");
    }
    return Blocking.call(
        () ->
            queries
                .query(
                    new ListInboxQuery(party, from, limit),
                    ResponseTypes.instanceOf(InboxPageView.class))
                .get(10, TimeUnit.SECONDS));
  }

  /**
   * The request as {@code party} sees it with {@code limit} of its messages from the {@code
   * first}-th, or null if there is none or the party is not a party to it; a miss is confirmed
   * against a request view that has caught up with the log.
   */
  private RequestView view(String requestId, String party, int first, int limit) throws Exception {
    return freshness.find(() -> storedView(requestId, party, first, limit));
  }

  /**
   * As {@link #view(String, String, int, int)} without the messages: one small read, whatever the
   * size of the request.
   */
  RequestView summary(String requestId, String party) throws Exception {
    return freshness.find(() -> views.summary(requestId, party));
  }

  /**
   * Whether request {@code requestId} exists and {@code party} is a party to it; a miss is
   * confirmed against a request view that has caught up with the log.
   */
  boolean isParty(String requestId, String party) throws Exception {
    return freshness.found(() -> views.isParty(requestId, party));
  }

  /**
   * One message of a request {@code party} is a party to, or null; a miss is confirmed against a
   * request view that has caught up with the log.
   */
  MessageView message(String requestId, String messageId, String party) throws Exception {
    RequestViewProjection.StoredMessage stored = storedMessage(requestId, messageId, party);
    return stored == null ? null : stored.view();
  }

  /** As {@link #message}, with where the message's envelope is stored. */
  RequestViewProjection.StoredMessage storedMessage(
      String requestId, String messageId, String party) throws Exception {
    if (!isParty(requestId, party)) {
      return null;
    }
    return freshness.find(() -> views.storedMessage(requestId, messageId));
  }

  private RequestView storedView(String requestId, String party, int first, int limit) {
    try {
      return queries
          .query(
              new FindRequestQuery(requestId, party, first, limit),
              ResponseTypes.instanceOf(RequestView.class))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading request " + requestId, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  /** A request's own retrieval period, in seconds, or null for the hub's. */
  private static Long retrievalPeriodSeconds(String iso) {
    if (iso == null) {
      return null;
    }
    java.time.Duration d;
    try {
      d = java.time.Duration.parse(iso);
    } catch (java.time.format.DateTimeParseException e) {
      d = null;
    }
    if (d == null
        || d.compareTo(OpenRequestCommand.MIN_RETRIEVAL_PERIOD) < 0
        || d.compareTo(OpenRequestCommand.MAX_RETRIEVAL_PERIOD) > 0) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "retrievalPeriod must be an ISO-8601 duration from PT1H to P90D (e.g. PT48H or P3D), not "
              + iso);
    }
    return d.toSeconds();
  }

  private PartyView party(String partyId) throws Exception {
    return queries
        .query(new FindPartyQuery(partyId), ResponseTypes.instanceOf(PartyView.class))
        .get(10, TimeUnit.SECONDS);
  }

  private void awaitView(String requestId, String party) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (views.summary(requestId, party) == null) {
      if (System.nanoTime() > until) {
        throw new ApiException(
            ErrorCode.UNAVAILABLE, "the request was opened but is not visible yet; read it again");
      }
      Thread.sleep(20);
    }
  }
}
