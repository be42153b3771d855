package org.rogatory.hub.request.web;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeHeader;
import org.rogatory.crypto.EnvelopeRecipient;
import org.rogatory.hub.infra.blob.BlobStore;
import org.rogatory.hub.infra.metrics.HubMetrics;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.party.api.PartyDirectory;
import org.rogatory.hub.party.api.PartyKind;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageDeliveredCommand;
import org.rogatory.hub.request.api.RequestCommands.RecordRequestDeliveredCommand;
import org.rogatory.hub.request.api.RequestCommands.SubmitMessageCommand;
import org.rogatory.hub.request.api.RequestQueries.MessageView;
import org.rogatory.hub.request.query.RequestViewProjection;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Messages: the envelope (ciphertext) is streamed into the blob store, its header checked against
 * the request and the sender's registered keys, and the submission recorded; recipients download it
 * as it was stored. The hub never sees plaintext.
 */
@RestController
class MessageHandler {
  static final String ENVELOPE_TYPE = "application/vnd.rogatory.envelope";
  private final HubMetrics metrics;
  private final CommandGateway commands;
  private final BlobStore blobs;
  private final RequestHandler requests;

  /** The party that submitted a fetched envelope, as the hub recorded it. */
  static final String SENDER_HEADER = "Rogatory-Message-Sender";

  /** When the hub recorded a fetched envelope's submission (ISO-8601 instant). */
  static final String SUBMITTED_AT_HEADER = "Rogatory-Message-Submitted-At";

  private final RequestViewProjection views;
  private final AttachmentHandler attachments;
  private final Clock clock;
  private final long maxEnvelope;
  private final RetrievalPeriod retrievalPeriod;
  private final RecipientKeys recipientKeys;
  private final PartyDirectory directory;

  /**
   * The entity tag of the sender's directory entry as it stands when the envelope is served (the
   * directory's {@code ETag}): a client holding the entry with this tag need not read it again.
   */
  static final String SENDER_DIRECTORY_TAG_HEADER = "Rogatory-Sender-Directory-Tag";

  MessageHandler(
      CommandGateway commands,
      BlobStore blobs,
      RequestHandler requests,
      RequestViewProjection views,
      AttachmentHandler attachments,
      PartyDirectory directory,
      HubMetrics metrics,
      Clock clock,
      @Value("${rogatory.messages.max-envelope-bytes:1073741824}") long maxEnvelope,
      @Value("${rogatory.evidence.retrieval-period:7d}") Duration retrievalPeriod) {
    this.metrics = metrics;
    this.commands = commands;
    this.blobs = blobs;
    this.requests = requests;
    this.views = views;
    this.attachments = attachments;
    this.clock = clock;
    this.maxEnvelope = maxEnvelope;
    this.retrievalPeriod = new RetrievalPeriod(retrievalPeriod);
    this.directory = directory;
    this.recipientKeys = new RecipientKeys(directory);
  }

  @PostMapping(path = "/v1/requests/{requestId}/messages", consumes = ENVELOPE_TYPE)
  Mono<ResponseEntity<RequestDtos.MessageAccepted>> submit(
      @PathVariable String requestId,
      @RequestBody Flux<DataBuffer> body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key,
      @RequestHeader(name = AttachmentHandler.ATTACHMENTS_HEADER, required = false)
          String attachmentIds,
      ServerWebExchange exchange) {
    Caller caller = Caller.of(exchange);
    String party = caller.requireParty();
    PartyView me = caller.directoryEntry();
    BlobStore.Writer writer = blobs.writer(maxEnvelope);
    return body.map(AttachmentHandler::copyAndRelease)
        .publishOn(Schedulers.boundedElastic(), 32)
        .doOnNext(bytes -> writer.write(bytes, 0, bytes.length))
        .then(Mono.fromCallable(writer::finish).subscribeOn(Schedulers.boundedElastic()))
        .flatMap(
            blob -> Blocking.call(() -> record(requestId, party, me, blob, writer, attachmentIds)))
        .doOnError(
            e ->
                Blocking.call(
                        () -> {
                          writer.abort();
                          return true;
                        })
                    .subscribe());
  }

  private ResponseEntity<RequestDtos.MessageAccepted> record(
      String requestId,
      String party,
      PartyView me,
      BlobStore.Blob blob,
      BlobStore.Writer written,
      String attachmentIds)
      throws Exception {
    // The directory entry the caller was authenticated with, a moment ago: its kind and keys.
    if (me != null && me.kind() == PartyKind.AUDITOR) {
      blobs.delete(blob.id());
      throw new ApiException(
          ErrorCode.FORBIDDEN, "an auditor oversees the exchange and may not send messages");
    }
    EnvelopeHeader header;
    try (InputStream in = written.readBack()) {
      header = EnvelopeHeader.read(in);
    } catch (CryptoException e) {
      blobs.delete(blob.id());
      throw new ApiException(ErrorCode.BAD_ENVELOPE, e.getMessage());
    }
    try {
      if (!requests.isParty(requestId, party)) {
        throw new ApiException(
            ErrorCode.NOT_FOUND, "no request " + requestId + ", or you are not a party to it");
      }
      if (!header.requestId().equals(requestId)) {
        throw new ApiException(
            ErrorCode.BAD_ENVELOPE, "the envelope is for request " + header.requestId());
      }
      if (!header.sender().value().equals(party)) {
        throw new ApiException(
            ErrorCode.BAD_ENVELOPE, "the envelope's sender must be your party (" + party + ")");
      }
      String fp = header.senderFingerprint().toHex();
      boolean keyKnown = me != null && me.hasActiveKey(fp);
      if (!keyKnown) {
        throw new ApiException(
            ErrorCode.BAD_ENVELOPE,
            "the envelope is signed with a key not registered for " + party);
      }
      Instant at = clock.instant();
      List<String> parties = views.parties(requestId);
      recipientKeys.check(
          parties == null ? List.of() : parties, party, me, header.recipients(), at);
      Set<String> recipients = new LinkedHashSet<>();
      for (EnvelopeRecipient r : header.recipients()) {
        recipients.add(r.party().value());
      }
      Object recorded =
          commands.sendAndWait(
              new SubmitMessageCommand(
                  requestId,
                  header.messageId().toString(),
                  party,
                  fp,
                  new ArrayList<>(recipients),
                  blob.sha256(),
                  blob.size(),
                  blob.id(),
                  attachments.referencedDigests(attachmentIds, requestId, party),
                  at,
                  retrievalPeriod.deadline(at)));
      if (Boolean.FALSE.equals(recorded)) {
        // A retry of a submission already recorded: the first upload's blob is the one the event
        // points to, so this copy is not needed.
        blobs.delete(blob.id());
      } else {
        metrics.submission();
      }
    } catch (RuntimeException e) {
      blobs.delete(blob.id());
      throw e;
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new RequestDtos.MessageAccepted(
                requestId, header.messageId().toString(), blob.sha256(), blob.size()));
  }

  @GetMapping(path = "/v1/requests/{requestId}/messages/{messageId}", produces = ENVELOPE_TYPE)
  Mono<ResponseEntity<Flux<DataBuffer>>> fetch(
      @PathVariable String requestId, @PathVariable String messageId, ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    return Blocking.call(
        () -> {
          RequestViewProjection.StoredMessage stored =
              requests.storedMessage(requestId, messageId, party);
          MessageView message = stored == null ? null : stored.view();
          if (message == null || !message.recipientParties().contains(party)) {
            throw new ApiException(
                ErrorCode.NOT_FOUND,
                "no message " + messageId + " for you in request " + requestId);
          }
          String blobId = stored.blobId();
          // The request's own delivery is recorded once, on the addressee's first download; the
          // aggregate ignores a repeat, and the view says when there is none to record.
          if (party.equals(views.addresseeOf(requestId)) && views.stillOpen(requestId)) {
            commands.sendAndWait(
                new RecordRequestDeliveredCommand(requestId, party, clock.instant()));
          }
          commands.sendAndWait(
              new RecordMessageDeliveredCommand(requestId, messageId, party, clock.instant()));
          metrics.delivery();
          Flux<DataBuffer> content =
              DataBufferUtils.readInputStream(
                      () -> blobs.open(blobId), DefaultDataBufferFactory.sharedInstance, 64 * 1024)
                  .subscribeOn(Schedulers.boundedElastic());
          PartyView sender = directory.find(message.sender());
          var response =
              ResponseEntity.ok()
                  .contentType(MediaType.parseMediaType(ENVELOPE_TYPE))
                  .contentLength(message.envelopeSize())
                  .header("X-Envelope-Digest", message.envelopeDigest())
                  .header(SENDER_HEADER, message.sender())
                  .header(SUBMITTED_AT_HEADER, message.submittedAt().toString());
          if (sender != null) {
            response.header(SENDER_DIRECTORY_TAG_HEADER, sender.entityTag());
          }
          return response.body(content);
        });
  }
}
