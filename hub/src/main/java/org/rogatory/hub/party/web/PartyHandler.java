package org.rogatory.hub.party.web;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyId;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.party.api.EnrolmentCodes;
import org.rogatory.hub.party.api.EnrolmentResult;
import org.rogatory.hub.party.api.PartyCommands.CompleteEnrolmentCommand;
import org.rogatory.hub.party.api.PartyCommands.EnrolPartyCommand;
import org.rogatory.hub.party.api.PartyCommands.IssueEnrolmentCodeCommand;
import org.rogatory.hub.party.api.PartyCommands.ReinstatePartyCommand;
import org.rogatory.hub.party.api.PartyCommands.RevokeCertificateCommand;
import org.rogatory.hub.party.api.PartyCommands.SuspendPartyCommand;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.hub.party.query.PartyDirectoryProjection;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Enrolment, the key directory, and the administrators' party operations. */
@RestController
class PartyHandler {
  private static final Duration CODE_LIFETIME = Duration.ofDays(7);
  private static final Duration CERTIFICATE_LIFETIME = Duration.ofDays(365);
  private final CommandGateway commands;
  private final PartyDirectoryProjection directory;
  private final HubPki pki;
  private final Clock clock;

  PartyHandler(
      CommandGateway commands, PartyDirectoryProjection directory, HubPki pki, Clock clock) {
    this.commands = commands;
    this.directory = directory;
    this.pki = pki;
    this.clock = clock;
  }

  @PostMapping(path = "/v1/admin/parties", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<PartyDtos.PartyCreated>> create(
      @RequestBody PartyDtos.CreatePartyBody body, ServerWebExchange exchange) {
    String admin = Caller.of(exchange).requireAdministrator();
    String partyId = validParty(body.partyId());
    if (body.kind() == null || body.displayName() == null || body.displayName().isBlank()) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "kind and displayName are required");
    }
    String code = EnrolmentCodes.generate();
    Instant now = clock.instant();
    Instant expires = now.plus(CODE_LIFETIME);
    return Blocking.call(
        () -> {
          if (directory.find(partyId) != null) {
            throw new ApiException(ErrorCode.CONFLICT, "party " + partyId + " already exists");
          }
          commands.sendAndWait(
              new EnrolPartyCommand(
                  partyId,
                  body.kind(),
                  body.displayName(),
                  EnrolmentCodes.digest(code),
                  expires,
                  admin,
                  now));
          await(() -> directory.find(partyId) != null);
          return ResponseEntity.status(HttpStatus.CREATED)
              .body(new PartyDtos.PartyCreated(partyId, code, expires));
        });
  }

  /**
   * A fresh one-time code for an existing party (the first was lost or expired, or the party must
   * enrol again after its certificate was revoked); the previous code stops working.
   */
  @PostMapping("/v1/admin/parties/{partyId}/enrolment-code")
  Mono<ResponseEntity<PartyDtos.PartyCreated>> issueCode(
      @PathVariable String partyId, ServerWebExchange exchange) {
    String admin = Caller.of(exchange).requireAdministrator();
    String id = validParty(partyId);
    String code = EnrolmentCodes.generate();
    Instant now = clock.instant();
    Instant expires = now.plus(CODE_LIFETIME);
    return Blocking.call(
        () -> {
          if (directory.find(id) == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no party " + id);
          }
          commands.sendAndWait(
              new IssueEnrolmentCodeCommand(id, EnrolmentCodes.digest(code), expires, admin, now));
          return ResponseEntity.status(HttpStatus.CREATED)
              .body(new PartyDtos.PartyCreated(id, code, expires));
        });
  }

  @PostMapping(path = "/v1/enrolment", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<PartyDtos.Enrolled> enrol(@RequestBody PartyDtos.EnrolmentBody body) {
    String partyId = validParty(body.partyId());
    KeyBundle bundle;
    try {
      bundle = KeyBundle.decode(base64(body.keyBundle(), "keyBundle"));
    } catch (CryptoException e) {
      throw new ApiException(ErrorCode.BAD_KEY_BUNDLE, e.getMessage());
    }
    if (!bundle.party().value().equals(partyId) || !bundle.isValidAt(clock.instant())) {
      throw new ApiException(
          ErrorCode.BAD_KEY_BUNDLE,
          "the key bundle must name party " + partyId + " and be valid now");
    }
    X509Certificate cert;
    try {
      cert =
          pki.ca()
              .issueClientCertificate(
                  base64(body.certificateRequest(), "certificateRequest"),
                  PartyId.of(partyId),
                  CERTIFICATE_LIFETIME);
    } catch (CryptoException e) {
      throw new ApiException(ErrorCode.BAD_CSR, e.getMessage());
    }
    String serial = cert.getSerialNumber().toString(16);
    return Blocking.call(
        () -> {
          if (directory.find(partyId) == null) {
            throw new ApiException(
                ErrorCode.ENROLMENT_CODE_INVALID, "no enrolment is pending for party " + partyId);
          }
          EnrolmentResult result =
              commands.sendAndWait(
                  new CompleteEnrolmentCommand(
                      partyId,
                      EnrolmentCodes.digest(body.enrolmentCode()),
                      serial,
                      Base64.getEncoder().encodeToString(bundle.encode()),
                      bundle.fingerprint().toHex(),
                      bundle.keyVersion(),
                      clock.instant()));
          if (!result.accepted()) {
            throw new ApiException(
                switch (result.code()) {
                  case ENROLMENT_CODE_EXPIRED -> ErrorCode.ENROLMENT_CODE_EXPIRED;
                  case ENROLMENT_CODE_USED -> ErrorCode.ENROLMENT_CODE_USED;
                  default -> ErrorCode.ENROLMENT_CODE_INVALID;
                },
                result.message());
          }
          await(() -> directory.check(partyId, serial) == PartyDirectoryProjection.Verdict.OK);
          return new PartyDtos.Enrolled(
              partyId, Pem.of(cert), Pem.of(pki.ca().certificate()), bundle.fingerprint().toHex());
        });
  }

  /**
   * A party's directory entry, with an entity tag that changes whenever anything in it does: a
   * client that sends it back in {@code If-None-Match} gets {@code 304 Not Modified} and keeps the
   * entry (and the key bundles it has already verified).
   */
  @GetMapping("/v1/directory/{partyId}")
  Mono<ResponseEntity<PartyView>> directory(
      @PathVariable String partyId, ServerWebExchange exchange) {
    Caller.of(exchange);
    return Blocking.call(() -> directory.find(partyId))
        .switchIfEmpty(Mono.error(new ApiException(ErrorCode.NOT_FOUND, "no party " + partyId)))
        .map(
            view -> {
              String tag = view.entityTag();
              String ifNoneMatch = exchange.getRequest().getHeaders().getFirst("If-None-Match");
              if (tag.equals(ifNoneMatch)) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(tag).build();
              }
              return ResponseEntity.ok().eTag(tag).body(view);
            });
  }

  @PostMapping("/v1/admin/parties/{partyId}/suspend")
  Mono<ResponseEntity<Void>> suspend(
      @PathVariable String partyId,
      @RequestBody PartyDtos.ReasonBody body,
      ServerWebExchange exchange) {
    String admin = Caller.of(exchange).requireAdministrator();
    return Blocking.call(
        () -> {
          commands.sendAndWait(
              new SuspendPartyCommand(partyId, reason(body), admin, clock.instant()));
          await(() -> directory.find(partyId).suspended());
          return ResponseEntity.noContent().build();
        });
  }

  @PostMapping("/v1/admin/parties/{partyId}/reinstate")
  Mono<ResponseEntity<Void>> reinstate(@PathVariable String partyId, ServerWebExchange exchange) {
    String admin = Caller.of(exchange).requireAdministrator();
    return Blocking.call(
        () -> {
          commands.sendAndWait(new ReinstatePartyCommand(partyId, admin, clock.instant()));
          await(() -> !directory.find(partyId).suspended());
          return ResponseEntity.noContent().build();
        });
  }

  @PostMapping("/v1/admin/parties/{partyId}/certificates/{serial}/revoke")
  Mono<ResponseEntity<Void>> revokeCertificate(
      @PathVariable String partyId,
      @PathVariable String serial,
      @RequestBody PartyDtos.ReasonBody body,
      ServerWebExchange exchange) {
    String admin = Caller.of(exchange).requireAdministrator();
    return Blocking.call(
        () -> {
          commands.sendAndWait(
              new RevokeCertificateCommand(partyId, serial, reason(body), admin, clock.instant()));
          await(() -> directory.check(partyId, serial) == PartyDirectoryProjection.Verdict.REVOKED);
          return ResponseEntity.noContent().build();
        });
  }

  private static String reason(PartyDtos.ReasonBody body) {
    if (body == null || body.reason() == null || body.reason().isBlank()) {
      throw new ApiException(ErrorCode.REASONS_REQUIRED, "give the reason for this action");
    }
    return body.reason();
  }

  static String validParty(String partyId) {
    try {
      return PartyId.of(partyId).value();
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "partyId: " + e.getMessage());
    }
  }

  static byte[] base64(String value, String field) {
    if (value == null) {
      throw new ApiException(ErrorCode.INVALID_FIELD, field + " is required (base64)");
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.INVALID_FIELD, field + " is not valid base64");
    }
  }

  /** Waits until the (asynchronous) directory reflects a change, so the caller can rely on it. */
  static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new ApiException(
            ErrorCode.UNAVAILABLE,
            "the change was recorded but is not visible yet; retry the read");
      }
      Thread.sleep(20);
    }
  }
}
