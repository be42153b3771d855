package org.rogatory.hub.audit.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.rogatory.crypto.EventRecord;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.TreeProver;
import org.rogatory.hub.audit.log.LogStore;
import org.rogatory.hub.infra.eventstore.EventChain;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRegisteredEvent;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Key transparency: the proof that a key bundle the directory shows was registered in the log. The
 * answer carries the registration event (as the event chain hashes it), the hash of the event
 * before it, the latest signed checkpoint and the inclusion path of the event's leaf. A party about
 * to seal to the key recomputes the event's chain hash and leaf, checks the event registers exactly
 * that bundle for that party, and verifies the path to the checkpoint's root: a hub that showed a
 * key it never logged could not answer, and one it logged is visible to every auditor and to the
 * party itself.
 */
@RestController
class KeyProofHandler {
  private static final String REGISTERED = KeyBundleRegisteredEvent.class.getName();
  private static final int PAGE = 64;

  private final EventLog events;
  private final LogStore log;
  private final ObjectMapper json = new ObjectMapper();

  KeyProofHandler(EventLog events, LogStore log) {
    this.events = events;
    this.log = log;
  }

  record KeyProofView(
      String partyId,
      String keyFingerprint,
      long leafIndex,
      EventRecord event, // its fields as the event chain hashes them; byte arrays as base64
      String previousHash,
      String checkpoint,
      List<String> inclusionPath) {}

  @GetMapping("/v1/directory/{partyId}/keys/{fingerprint}/proof")
  Mono<ResponseEntity<KeyProofView>> proof(
      @PathVariable String partyId, @PathVariable String fingerprint, ServerWebExchange exchange) {
    Caller.of(exchange);
    String party;
    try {
      party = PartyId.of(partyId).value();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "partyId: " + e.getMessage());
    }
    if (!fingerprint.matches("[0-9a-f]{64}")) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "fingerprint: 64 lower-case hex digits (SHA-256)");
    }
    return Blocking.call(
        () -> {
          StoredEvent registration = find(party, fingerprint);
          if (registration == null) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "party " + party + " never registered key " + fingerprint);
          }
          long index = registration.globalSequence();
          LogStore.PublishedCheckpoint checkpoint = log.latest().orElse(null);
          if (checkpoint == null || index >= checkpoint.size()) {
            throw new ApiException(
                ErrorCode.UNAVAILABLE,
                "the key's registration is not yet covered by a signed checkpoint; retry in a"
                    + " second");
          }
          byte[] previous =
              index == 0
                  ? new byte[32]
                  : events.readFrom(index - 1, 1).stream()
                      .filter(e -> e.globalSequence() == index - 1)
                      .findFirst()
                      .orElseThrow(() -> new IllegalStateException("event " + (index - 1)))
                      .hash();
          Base64.Encoder b64 = Base64.getEncoder();
          List<String> path =
              TreeProver.over(log).inclusion(index, checkpoint.size()).path().stream()
                  .map(TreeHash::toBase64)
                  .toList();
          return ResponseEntity.ok()
              .cacheControl(CacheControl.noCache())
              .body(
                  new KeyProofView(
                      party,
                      fingerprint,
                      index,
                      EventChain.record(registration),
                      b64.encodeToString(previous),
                      checkpoint.note(),
                      path));
        });
  }

  /** The event of {@code party}'s stream that registered {@code fingerprint}, or null. */
  private StoredEvent find(String party, String fingerprint) throws IOException {
    long from = 0;
    for (List<StoredEvent> page = events.readAggregate(party, from, PAGE);
        !page.isEmpty();
        page = events.readAggregate(party, from, PAGE)) {
      for (StoredEvent e : page) {
        from = e.aggregateSequence() + 1;
        if (REGISTERED.equals(e.payloadType())) {
          JsonNode p = json.readTree(e.payload());
          if (fingerprint.equals(p.path("keyFingerprint").asText())
              && party.equals(p.path("partyId").asText())) {
            return e;
          }
        }
      }
    }
    return null;
  }
}
