package org.rogatory.hub.audit.web;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.SignedNote;
import org.rogatory.hub.audit.log.CosignatureStore;
import org.rogatory.hub.audit.log.LogStore;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.party.api.PartyCommands.RegisterWitnessKeyCommand;
import org.rogatory.hub.party.api.PartyQueries.FindPartyQuery;
import org.rogatory.hub.party.api.PartyQueries.FindWitnessQuery;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Witnesses of the transparency log (docs/spec/transparency-log.md 3.1): a party registers its
 * witness key (an event in the log, like its key bundles), then submits the checkpoints it
 * cosigned. The hub accepts a cosignature only on a checkpoint it published, byte for byte, and
 * only if the log's two signatures and the line of the caller's registered key verify. Both calls
 * are idempotent by their content and need no Idempotency-Key.
 */
@RestController
class WitnessHandler {
  private final CommandGateway commands;
  private final QueryGateway queries;
  private final LogStore store;
  private final CosignatureStore cosignatures;
  private final LogSigningKey key;
  private final Clock clock;

  WitnessHandler(
      CommandGateway commands,
      QueryGateway queries,
      LogStore store,
      CosignatureStore cosignatures,
      LogSigningKey key,
      Clock clock) {
    this.commands = commands;
    this.queries = queries;
    this.store = store;
    this.cosignatures = cosignatures;
    this.key = key;
    this.clock = clock;
  }

  record CosignatureAccepted(long treeSize, String witness, boolean stored) {}

  @PutMapping(path = "/v1/log/witness-key", consumes = MediaType.TEXT_PLAIN_VALUE)
  Mono<ResponseEntity<Void>> register(@RequestBody String body, ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    NoteVerifierKey witness;
    try {
      witness = NoteVerifierKey.parse(body.strip());
    } catch (CryptoException e) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "the body is not a verifier key: " + e.getMessage());
    }
    if (witness.type() != NoteVerifierKey.Type.COSIGNATURE_V1) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "a witness key is a tlog-cosignature v1 key (signature type 0x04), not "
              + witness.type());
    }
    if (witness.name().equals(key.origin())) {
      // Verifiers tell keys apart by name and key ID; the log's name is the log's.
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "a witness key is not named as the log, " + key.origin());
    }
    String encoded = witness.encode();
    return Blocking.call(
        () -> {
          PartyView holder =
              queries
                  .query(new FindWitnessQuery(encoded), ResponseTypes.instanceOf(PartyView.class))
                  .get(10, TimeUnit.SECONDS);
          if (holder != null && !holder.partyId().equals(party)) {
            // Its lines would be attributed to two parties; one key, one witness.
            throw new ApiException(
                ErrorCode.CONFLICT, "this witness key is registered by another party");
          }
          commands.sendAndWait(new RegisterWitnessKeyCommand(party, encoded, clock.instant()));
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
          while (!encoded.equals(witnessKeyOf(party))) {
            if (System.nanoTime() > until) {
              throw new ApiException(
                  ErrorCode.UNAVAILABLE, "the key was registered but is not visible yet; retry");
            }
            Thread.sleep(20);
          }
          return ResponseEntity.noContent().build();
        });
  }

  @PostMapping(path = "/v1/log/cosignatures", consumes = MediaType.TEXT_PLAIN_VALUE)
  Mono<CosignatureAccepted> submit(@RequestBody String body, ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    SignedNote note;
    Checkpoint checkpoint;
    try {
      note = SignedNote.parse(body);
      checkpoint = Checkpoint.parse(note.text());
    } catch (CryptoException e) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "the body is not a signed checkpoint: " + e.getMessage());
    }
    if (!checkpoint.origin().equals(key.origin())) {
      throw new ApiException(
          ErrorCode.UNKNOWN_CHECKPOINT,
          "the checkpoint is of the log " + checkpoint.origin() + ", not of " + key.origin());
    }
    return Blocking.call(() -> accept(party, note, checkpoint));
  }

  private CosignatureAccepted accept(String party, SignedNote note, Checkpoint checkpoint)
      throws Exception {
    long size = checkpoint.size();
    LogStore.PublishedCheckpoint published =
        store
            .at(size)
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.UNKNOWN_CHECKPOINT,
                        "the hub published no checkpoint of size "
                            + size
                            + "; cosign one served by GET /v1/log/checkpoint"));
    if (!SignedNote.parse(published.note()).text().equals(note.text())) {
      throw new ApiException(
          ErrorCode.UNKNOWN_CHECKPOINT,
          "the hub's checkpoint of size " + size + " has another root; it never published this");
    }
    String registered = witnessKeyOf(party);
    if (registered == null) {
      throw new ApiException(
          ErrorCode.WITNESS_KEY_NOT_REGISTERED,
          "party " + party + " has no witness key; register one with PUT /v1/log/witness-key");
    }
    NoteVerifierKey witness = NoteVerifierKey.parse(registered);
    try {
      CheckpointVerifier.forLog(key.origin(), key.verifierKeys())
          .withWitnesses(1, List.of(witness))
          .verify(note);
    } catch (CryptoException | IllegalArgumentException e) {
      // One answer for every verification failure: the caller learns nothing about which check.
      throw new ApiException(
          ErrorCode.BAD_COSIGNATURE,
          "the note has no valid cosignature by the witness key " + witness + " of " + party);
    }
    SignedNote.Signature line =
        note.signatures().stream()
            .filter(s -> s.keyName().equals(witness.name()) && s.keyId() == witness.keyId())
            .findFirst()
            .orElseThrow();
    boolean stored = cosignatures.add(size, party, line.line());
    return new CosignatureAccepted(size, witness.toString(), stored);
  }

  private String witnessKeyOf(String party) throws Exception {
    PartyView view =
        queries
            .query(new FindPartyQuery(party), ResponseTypes.instanceOf(PartyView.class))
            .get(10, TimeUnit.SECONDS);
    return view == null ? null : Objects.toString(view.witnessKey(), null);
  }
}
