package org.rogatory.hub.request.web;

import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.Fingerprint;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.hub.infra.metrics.HubMetrics;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.party.api.PartyQueries.KeyView;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageRetrievedCommand;
import org.rogatory.hub.request.api.RequestQueries.MessageView;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Retrieval receipts: a recipient that opened a message returns a statement signed with its own
 * keys (docs/spec/evidence.md). The hub checks that it names this request, message, envelope and
 * party, and that it verifies against a key the party registered and has not revoked, then records
 * it — the receipt itself, not only its digest — in an event, and so in the transparency log.
 */
@RestController
class RetrievalHandler {
  private final CommandGateway commands;
  private final RequestHandler requests;
  private final HubMetrics metrics;
  private final Clock clock;

  RetrievalHandler(
      CommandGateway commands, RequestHandler requests, HubMetrics metrics, Clock clock) {
    this.commands = commands;
    this.requests = requests;
    this.metrics = metrics;
    this.clock = clock;
  }

  @PostMapping(
      path = "/v1/requests/{requestId}/messages/{messageId}/retrieval",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Void>> retrieved(
      @PathVariable String requestId,
      @PathVariable String messageId,
      @RequestBody RequestDtos.RetrievalBody body,
      ServerWebExchange exchange) {
    Caller caller = Caller.of(exchange);
    String party = caller.requireParty();
    SignedStatement receipt = parse(body.receipt());
    EvidenceStatement s = receipt.statement();
    if (s.type() != EvidenceStatement.Type.RETRIEVAL_RECEIPT) {
      throw bad("the statement is a " + s.type() + ", not a RETRIEVAL_RECEIPT");
    }
    if (!s.requestId().equals(requestId) || !s.messageId().toString().equals(messageId)) {
      throw bad("the receipt is for message " + s.messageId() + " of request " + s.requestId());
    }
    if (!s.actor().value().equals(party)) {
      throw bad("the receipt must name your party (" + party + "), not " + s.actor());
    }
    return Blocking.call(
        () -> {
          MessageView message = message(requestId, messageId, party);
          if (!HexFormat.of().formatHex(s.envelopeDigest()).equals(message.envelopeDigest())
              || s.envelopeSize() != message.envelopeSize()) {
            throw bad("the receipt names another envelope than the one stored for this message");
          }
          try {
            receipt.verifyByParty(registeredKey(caller.directoryEntry(), party, s.actorKey()));
          } catch (CryptoException e) {
            throw bad("the receipt's signature does not verify: " + e.getMessage());
          }
          commands.sendAndWait(
              new RecordMessageRetrievedCommand(
                  requestId,
                  messageId,
                  party,
                  HexFormat.of().formatHex(receipt.digest()),
                  clock.instant(),
                  Base64.getEncoder().encodeToString(receipt.encode())));
          metrics.retrieval();
          return ResponseEntity.noContent().build();
        });
  }

  private static SignedStatement parse(String base64) {
    if (base64 == null || base64.isEmpty()) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "receipt: the base64 of your signed retrieval receipt (docs/spec/evidence.md)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "receipt: not valid base64");
    }
    try {
      return SignedStatement.decode(bytes);
    } catch (CryptoException e) {
      throw bad(e.getMessage());
    }
  }

  private MessageView message(String requestId, String messageId, String party) throws Exception {
    MessageView message = requests.message(requestId, messageId, party);
    if (message == null || !message.recipientParties().contains(party)) {
      throw new ApiException(
          ErrorCode.NOT_FOUND, "no message " + messageId + " for you in request " + requestId);
    }
    return message;
  }

  /** The caller's registered, unrevoked key {@code key}, as the directory showed it at sign-in. */
  private static KeyBundle registeredKey(PartyView me, String party, Fingerprint key) {
    KeyView found = me == null ? null : me.key(key.toHex());
    if (found == null || found.revoked()) {
      throw bad("the receipt is signed with a key not registered (or revoked) for " + party);
    }
    try {
      return KeyBundle.decode(Base64.getDecoder().decode(found.keyBundle()));
    } catch (CryptoException e) {
      throw new IllegalStateException("a registered key bundle no longer decodes", e);
    }
  }

  private static ApiException bad(String why) {
    return new ApiException(ErrorCode.BAD_RECEIPT, why);
  }
}
