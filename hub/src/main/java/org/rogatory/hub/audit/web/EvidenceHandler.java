package org.rogatory.hub.audit.web;

import java.util.Base64;
import java.util.List;
import org.rogatory.crypto.TreeHash;
import org.rogatory.hub.audit.evidence.MessageEvidence;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The evidence of a message (docs/spec/evidence.md section 4), for its sender and its recipients:
 * the hub's signed statements, each with the inclusion proof of its event under the latest signed
 * checkpoint, which is returned with them.
 */
@RestController
class EvidenceHandler {
  private final MessageEvidence evidence;

  EvidenceHandler(MessageEvidence evidence) {
    this.evidence = evidence;
  }

  record StatementView(
      String type, long leafIndex, String statement, List<String> inclusionPath, String receipt) {}

  record EvidenceView(
      String requestId, String messageId, String checkpoint, List<StatementView> statements) {}

  @GetMapping("/v1/requests/{requestId}/messages/{messageId}/evidence")
  Mono<ResponseEntity<EvidenceView>> evidence(
      @PathVariable String requestId, @PathVariable String messageId, ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    if (!messageId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "messageId: a UUID in lower-case hex, as the hub returned it");
    }
    return Blocking.call(
        () -> {
          MessageEvidence.Evidence e = evidence.of(requestId, messageId, party);
          Base64.Encoder b64 = Base64.getEncoder();
          List<StatementView> statements =
              e.items().stream()
                  .map(
                      i ->
                          new StatementView(
                              i.statement().statement().type().name(),
                              i.statement().statement().logIndex(),
                              b64.encodeToString(i.statement().encode()),
                              i.inclusionPath().stream().map(TreeHash::toBase64).toList(),
                              i.receipt() == null ? null : b64.encodeToString(i.receipt())))
                  .toList();
          return ResponseEntity.ok()
              .cacheControl(CacheControl.noCache())
              .body(new EvidenceView(requestId, messageId, e.checkpoint(), statements));
        });
  }
}
