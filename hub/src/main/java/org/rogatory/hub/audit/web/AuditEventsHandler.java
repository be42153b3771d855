package org.rogatory.hub.audit.web;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.audit.log.LogStore;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.party.api.PartyKind;
import org.rogatory.hub.party.api.PartyQueries.FindPartyQuery;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The event history for oversight bodies (docs/spec/audit-bundle.md section 2): every stored event
 * with the fields the event chain hashes, and the stored history of signed checkpoints. Events hold
 * metadata only (ids, parties, digests, sizes, public keys), never plaintext or key material;
 * still, they describe every exchange, so only parties enrolled as {@link PartyKind#AUDITOR} may
 * read them ({@code 403 AUDITOR_ONLY} for anyone else, administrators included).
 */
@RestController
class AuditEventsHandler {
  static final int MAX_PAGE = 1000;

  private final EventLog events;
  private final LogStore log;
  private final QueryGateway queries;

  AuditEventsHandler(EventLog events, LogStore log, QueryGateway queries) {
    this.events = events;
    this.log = log;
    this.queries = queries;
  }

  /** One event as stored; byte fields base64. */
  record AuditEventView(
      long n,
      String eventId,
      String aggregateType,
      String aggregateId,
      long aggregateSequence,
      String timestamp,
      String payloadType,
      String payloadRevision,
      String payload,
      String metadata,
      String hash) {}

  record AuditEventsView(long start, long end, List<AuditEventView> events) {}

  record CheckpointView(long size, String note) {}

  record CheckpointsView(List<CheckpointView> checkpoints) {}

  @GetMapping("/v1/audit/events")
  Mono<ResponseEntity<AuditEventsView>> events(
      @RequestParam("start") long start,
      @RequestParam("end") long end,
      ServerWebExchange exchange) {
    String party = callerParty(exchange);
    if (start < 0 || start > end || end - start > MAX_PAGE) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "start must be between 0 and end, and at most " + MAX_PAGE + " events apart");
    }
    return Blocking.call(
        () -> {
          requireAuditor(party);
          Base64.Encoder b64 = Base64.getEncoder();
          List<AuditEventView> out = new ArrayList<>();
          if (end > start) {
            for (StoredEvent e : events.readFrom(start, (int) (end - start))) {
              long n = e.globalSequence();
              if (n >= start && n < end) {
                out.add(
                    new AuditEventView(
                        n,
                        e.eventId(),
                        e.aggregateType(),
                        e.aggregateId(),
                        e.aggregateSequence(),
                        e.timestamp(),
                        e.payloadType(),
                        e.payloadRevision(),
                        b64.encodeToString(e.payload()),
                        b64.encodeToString(e.metadata()),
                        b64.encodeToString(e.hash())));
              }
            }
          }
          return ResponseEntity.ok()
              .cacheControl(CacheControl.noStore())
              .body(new AuditEventsView(start, end, out));
        });
  }

  @GetMapping("/v1/audit/checkpoints")
  Mono<ResponseEntity<CheckpointsView>> checkpoints(
      @RequestParam("from") long from, ServerWebExchange exchange) {
    String party = callerParty(exchange);
    if (from < 0) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "from must be at least 0");
    }
    return Blocking.call(
        () -> {
          requireAuditor(party);
          List<CheckpointView> out =
              log.publishedFrom(from, MAX_PAGE).stream()
                  .map(c -> new CheckpointView(c.size(), c.note()))
                  .toList();
          return ResponseEntity.ok()
              .cacheControl(CacheControl.noStore())
              .body(new CheckpointsView(out));
        });
  }

  /** The calling party; an administrator is not an auditor either. */
  private static String callerParty(ServerWebExchange exchange) {
    String party = Caller.of(exchange).party();
    if (party == null) {
      throw new ApiException(
          ErrorCode.AUDITOR_ONLY,
          "the event history is for parties enrolled as AUDITOR, not for administrators");
    }
    return party;
  }

  private void requireAuditor(String party) throws Exception {
    PartyView me =
        queries
            .query(new FindPartyQuery(party), ResponseTypes.instanceOf(PartyView.class))
            .get(10, TimeUnit.SECONDS);
    if (me == null || me.kind() != PartyKind.AUDITOR) {
      throw new ApiException(
          ErrorCode.AUDITOR_ONLY,
          "the event history is for parties enrolled as AUDITOR; " + party + " is not one");
    }
  }
}
