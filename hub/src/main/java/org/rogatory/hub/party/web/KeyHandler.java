package org.rogatory.hub.party.web;

import java.time.Clock;
import java.util.Base64;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.party.api.PartyCommands.RegisterKeyBundleCommand;
import org.rogatory.hub.party.api.PartyCommands.RevokeKeyBundleCommand;
import org.rogatory.hub.party.api.PartyQueries.KeyView;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.hub.party.query.PartyDirectoryProjection;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Key rotation and revocation. A party registers a new key bundle (a newer version for a device, or
 * a new device) and revokes its own bundles; administrators revoke any bundle (a compromise). Each
 * is an event in the log, so the directory's history is auditable (key transparency).
 *
 * <p>Both calls are safe to repeat: registering a bundle already registered answers as the first
 * time did, and revoking a bundle already revoked succeeds without a second event.
 */
@RestController
class KeyHandler {
  private final CommandGateway commands;
  private final PartyDirectoryProjection directory;
  private final Clock clock;

  KeyHandler(CommandGateway commands, PartyDirectoryProjection directory, Clock clock) {
    this.commands = commands;
    this.directory = directory;
    this.clock = clock;
  }

  /** Answer of a registration: the bundle's fingerprint and version. */
  record KeyRegistered(String keyFingerprint, String deviceId, long keyVersion) {}

  @PostMapping(path = "/v1/keys", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<KeyRegistered>> register(
      @RequestBody PartyDtos.KeyBundleBody body, ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    KeyBundle bundle;
    try {
      bundle = KeyBundle.decode(PartyHandler.base64(body.keyBundle(), "keyBundle"));
    } catch (CryptoException e) {
      throw new ApiException(ErrorCode.BAD_KEY_BUNDLE, e.getMessage());
    }
    if (!bundle.party().value().equals(party) || !bundle.isValidAt(clock.instant())) {
      throw new ApiException(
          ErrorCode.BAD_KEY_BUNDLE,
          "the key bundle must name your party (" + party + ") and be valid now");
    }
    String fingerprint = bundle.fingerprint().toHex();
    KeyRegistered answer = new KeyRegistered(fingerprint, bundle.deviceId(), bundle.keyVersion());
    return Blocking.call(
        () -> {
          if (find(party, fingerprint) != null) {
            return ResponseEntity.ok(answer); // a repeat of an accepted registration
          }
          commands.sendAndWait(
              new RegisterKeyBundleCommand(
                  party,
                  Base64.getEncoder().encodeToString(bundle.encode()),
                  fingerprint,
                  bundle.deviceId(),
                  bundle.keyVersion(),
                  clock.instant()));
          PartyHandler.await(() -> find(party, fingerprint) != null);
          return ResponseEntity.status(HttpStatus.CREATED).body(answer);
        });
  }

  @PostMapping("/v1/keys/{fingerprint}/revoke")
  Mono<ResponseEntity<Void>> revokeOwn(
      @PathVariable String fingerprint,
      @RequestBody PartyDtos.ReasonBody body,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    return revoke(party, fingerprint, body, party);
  }

  @PostMapping("/v1/admin/parties/{partyId}/keys/{fingerprint}/revoke")
  Mono<ResponseEntity<Void>> revokeByAdministrator(
      @PathVariable String partyId,
      @PathVariable String fingerprint,
      @RequestBody PartyDtos.ReasonBody body,
      ServerWebExchange exchange) {
    String admin = Caller.of(exchange).requireAdministrator();
    return revoke(PartyHandler.validParty(partyId), fingerprint, body, admin);
  }

  private Mono<ResponseEntity<Void>> revoke(
      String party, String fingerprint, PartyDtos.ReasonBody body, String by) {
    if (body == null || body.reason() == null || body.reason().isBlank()) {
      throw new ApiException(ErrorCode.REASONS_REQUIRED, "give the reason for the revocation");
    }
    if (body.reason().length() > 500) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "reason: at most 500 characters");
    }
    return Blocking.call(
        () -> {
          KeyView key = find(party, fingerprint);
          if (key == null) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "party " + party + " has no key " + fingerprint);
          }
          if (!key.revoked()) {
            commands.sendAndWait(
                new RevokeKeyBundleCommand(party, fingerprint, body.reason(), by, clock.instant()));
            PartyHandler.await(
                () -> {
                  KeyView now = find(party, fingerprint);
                  return now != null && now.revoked();
                });
          }
          return ResponseEntity.noContent().build();
        });
  }

  private KeyView find(String party, String fingerprint) {
    PartyView view = directory.find(party);
    return view == null ? null : view.key(fingerprint);
  }
}
