package org.rogatory.hub.request.web;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.rogatory.hub.infra.blob.BlobStore;
import org.rogatory.hub.infra.blob.BlobStore.UploadState;
import org.rogatory.hub.infra.blob.BlobTooLargeException;
import org.rogatory.hub.infra.metrics.HubMetrics;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.infra.web.IdempotencyStore;
import org.rogatory.hub.request.query.RequestViewProjection;
import org.rogatory.hub.request.query.ViewFreshness;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Attachments: encrypted documents of any size (each one a Rogatory envelope sealed by the sender),
 * uploaded in resumable parts and downloaded in ranges, streamed through a few chunks of memory.
 *
 * <p>The sender declares the size and SHA-256 of the sealed bytes, uploads them with {@code PUT
 * ?offset=}, asks for the stored offset after a broken connection and goes on from there. The hub
 * checks the digest when the last byte arrives. A message then references its attachments (header
 * {@code Rogatory-Attachments}), and the message's recipients may download them.
 */
@RestController
class AttachmentHandler {
  static final String ATTACHMENTS_HEADER = "Rogatory-Attachments";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,19})-");

  record CreateBody(Long size, String sha256) {}

  record AttachmentStatus(
      String attachmentId,
      String requestId,
      long size,
      String sha256,
      long offset,
      boolean complete) {}

  private final BlobStore blobs;
  private final RequestHandler requests;
  private final RequestViewProjection views;
  private final ViewFreshness freshness;
  private final HubMetrics metrics;
  private final IdempotencyStore idempotency;
  private final MongoCollection<Document> attachments;
  private final Clock clock;
  private final long maxBytes;
  private final Set<String> uploading = ConcurrentHashMap.newKeySet();

  AttachmentHandler(
      BlobStore blobs,
      RequestHandler requests,
      RequestViewProjection views,
      ViewFreshness freshness,
      HubMetrics metrics,
      IdempotencyStore idempotency,
      MongoDatabase database,
      Clock clock,
      @Value("${rogatory.attachments.max-bytes:17179869184}") long maxBytes) {
    this.blobs = blobs;
    this.requests = requests;
    this.views = views;
    this.freshness = freshness;
    this.metrics = metrics;
    this.idempotency = idempotency;
    this.attachments = database.getCollection("attachments");
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  @PostMapping(
      path = "/v1/requests/{requestId}/attachments",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<String>> create(
      @PathVariable String requestId,
      @RequestBody CreateBody body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    String k = IdempotencyStore.requireKey(key);
    if (body.size() == null || body.size() < 1 || body.size() > maxBytes) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "size: the sealed attachment's length, 1 to " + maxBytes);
    }
    if (body.sha256() == null || !SHA256.matcher(body.sha256()).matches()) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "sha256: 64 lower-case hex digits of the sealed attachment");
    }
    return idempotency.once(
        party,
        k,
        "POST /v1/requests/" + requestId + "/attachments " + body,
        () ->
            Blocking.call(
                () -> {
                  if (requests.summary(requestId, party) == null) {
                    throw notFound(requestId);
                  }
                  UploadState state = blobs.createResumable(body.size(), body.sha256());
                  attachments.insertOne(
                      new Document("_id", state.id())
                          .append("requestId", requestId)
                          .append("party", party)
                          .append("createdAt", Date.from(clock.instant())));
                  return ResponseEntity.status(HttpStatus.CREATED).body(status(requestId, state));
                }));
  }

  @GetMapping("/v1/requests/{requestId}/attachments/{attachmentId}/upload")
  Mono<AttachmentStatus> uploadStatus(
      @PathVariable String requestId,
      @PathVariable String attachmentId,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    return Blocking.call(() -> status(requestId, ownUpload(requestId, attachmentId, party)));
  }

  @PutMapping(
      path = "/v1/requests/{requestId}/attachments/{attachmentId}",
      consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  Mono<AttachmentStatus> upload(
      @PathVariable String requestId,
      @PathVariable String attachmentId,
      @RequestParam(name = "offset", defaultValue = "0") long offset,
      @RequestBody Flux<DataBuffer> body,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    // The body is subscribed at once, on the event loop (as Reactor Netty expects); the checks
    // and the store writes run on the blocking scheduler before the first byte is written.
    java.util.concurrent.atomic.AtomicReference<BlobStore.Appender> appender =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean claimed =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.function.Supplier<BlobStore.Appender> start =
        () -> {
          if (appender.get() == null) {
            UploadState state = ownUpload(requestId, attachmentId, party);
            if (state.complete()) {
              throw new ApiException(
                  ErrorCode.CONFLICT, "attachment " + attachmentId + " is already complete");
            }
            if (!uploading.add(attachmentId)) {
              throw new ApiException(
                  ErrorCode.CONFLICT,
                  "another upload of this attachment is in progress; wait for it to end");
            }
            claimed.set(true);
            BlobStore.Appender a = blobs.appendAt(attachmentId, offset);
            if (a == null) {
              throw new ApiException(
                  ErrorCode.UPLOAD_OFFSET_MISMATCH,
                  "the upload is at offset "
                      + state.committed()
                      + ", not "
                      + offset
                      + "; resume from "
                      + state.committed());
            }
            appender.set(a);
          }
          return appender.get();
        };
    return body.map(AttachmentHandler::copyAndRelease)
        .publishOn(Schedulers.boundedElastic(), 32)
        .doOnNext(
            bytes -> {
              append(start, bytes);
              metrics.attachmentBytesIn(bytes.length);
            })
        .then(Mono.fromCallable(() -> start.get().finish()))
        .onErrorMap(
            IOException.class,
            e ->
                new ApiException(
                    ErrorCode.UNAVAILABLE, "the attachment could not be stored; resume the upload"))
        .map(state -> status(requestId, state))
        .doFinally(
            signal -> {
              if (claimed.get()) {
                uploading.remove(attachmentId);
              }
            });
  }

  /**
   * Copies a received buffer and releases it, on the thread that received it: Netty's buffers must
   * not outlive the event-loop callback that delivered them.
   */
  static byte[] copyAndRelease(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private static void append(java.util.function.Supplier<BlobStore.Appender> appender, byte[] b) {
    try {
      appender.get().write(b, 0, b.length);
    } catch (BlobTooLargeException e) {
      throw new ApiException(
          ErrorCode.BODY_TOO_LARGE, "more bytes than the declared size of the attachment");
    }
  }

  @GetMapping(path = "/v1/requests/{requestId}/attachments/{attachmentId}")
  Mono<ResponseEntity<Flux<DataBuffer>>> download(
      @PathVariable String requestId,
      @PathVariable String attachmentId,
      @RequestHeader(name = "Range", required = false) String range,
      ServerWebExchange exchange) {
    String party = Caller.of(exchange).requireParty();
    return Blocking.call(
        () -> {
          Document meta = attachments.find(Filters.eq("_id", attachmentId)).first();
          UploadState state = blobs.uploadState(attachmentId);
          if (meta == null || state == null || !requestId.equals(meta.getString("requestId"))) {
            throw notFound(requestId);
          }
          boolean mine = party.equals(meta.getString("party"));
          if (!mine
              && !freshness.found(
                  () -> views.mayReadAttachment(requestId, state.declaredSha256(), party))) {
            throw notFound(requestId);
          }
          if (!state.complete()) {
            throw new ApiException(
                ErrorCode.UPLOAD_INCOMPLETE, "attachment " + attachmentId + " is not complete yet");
          }
          long size = state.committed();
          long from = 0;
          if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || Long.parseLong(m.group(1)) >= size) {
              throw new ApiException(
                  ErrorCode.RANGE_NOT_SATISFIABLE,
                  "Range must be bytes=N- with N below the size " + size);
            }
            from = Long.parseLong(m.group(1));
          }
          long start = from;
          Flux<DataBuffer> content =
              DataBufferUtils.readInputStream(
                      () -> blobs.open(attachmentId, start),
                      DefaultDataBufferFactory.sharedInstance,
                      64 * 1024)
                  .doOnNext(b -> metrics.attachmentBytesOut(b.readableByteCount()))
                  .subscribeOn(Schedulers.boundedElastic());
          ResponseEntity.BodyBuilder builder =
              (range == null ? ResponseEntity.ok() : ResponseEntity.status(206))
                  .contentType(MediaType.parseMediaType(MessageHandler.ENVELOPE_TYPE))
                  .contentLength(size - start)
                  .header("Accept-Ranges", "bytes")
                  .header("X-Attachment-Digest", state.declaredSha256());
          if (range != null) {
            builder.header("Content-Range", "bytes " + start + "-" + (size - 1) + "/" + size);
          }
          return builder.body(content);
        });
  }

  /**
   * The SHA-256 digests of the listed attachments, after checking that each is a complete upload by
   * {@code party} to {@code requestId}. For a message that references them.
   */
  java.util.List<String> referencedDigests(String header, String requestId, String party) {
    java.util.List<String> digests = new java.util.ArrayList<>();
    if (header == null || header.isBlank()) {
      return digests;
    }
    String[] ids = header.split(",");
    if (ids.length > 100) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "at most 100 attachments per message");
    }
    for (String raw : ids) {
      String id = raw.trim();
      Document meta = attachments.find(Filters.eq("_id", id)).first();
      UploadState state = blobs.uploadState(id);
      if (meta == null
          || state == null
          || !requestId.equals(meta.getString("requestId"))
          || !party.equals(meta.getString("party"))) {
        throw new ApiException(
            ErrorCode.INVALID_FIELD,
            ATTACHMENTS_HEADER + ": " + id + " is not an attachment you uploaded to this request");
      }
      if (!state.complete()) {
        throw new ApiException(
            ErrorCode.UPLOAD_INCOMPLETE, "attachment " + id + " is not completely uploaded");
      }
      if (meta.get("expiringAt") != null) {
        throw new ApiException(ErrorCode.INVALID_FIELD, expiring(id));
      }
      digests.add(state.declaredSha256());
    }
    return digests;
  }

  /** Why an upload marked by {@link AttachmentSweep} can no longer be used. */
  private static String expiring(String attachmentId) {
    return "attachment upload "
        + attachmentId
        + " was left unused by any message for longer than the retention period and is being"
        + " removed; upload the attachment again";
  }

  private UploadState ownUpload(String requestId, String attachmentId, String party) {
    Document meta = attachments.find(Filters.eq("_id", attachmentId)).first();
    if (meta == null
        || !requestId.equals(meta.getString("requestId"))
        || !party.equals(meta.getString("party"))) {
      throw new ApiException(
          ErrorCode.NOT_FOUND,
          "no attachment upload " + attachmentId + " of yours in " + requestId);
    }
    if (meta.get("expiringAt") != null) {
      throw new ApiException(ErrorCode.NOT_FOUND, expiring(attachmentId));
    }
    UploadState state = blobs.uploadState(attachmentId);
    if (state == null) {
      throw new ApiException(ErrorCode.NOT_FOUND, "no attachment upload " + attachmentId);
    }
    return state;
  }

  private static AttachmentStatus status(String requestId, UploadState s) {
    return new AttachmentStatus(
        s.id(), requestId, s.declaredSize(), s.declaredSha256(), s.committed(), s.complete());
  }

  private static ApiException notFound(String requestId) {
    return new ApiException(
        ErrorCode.NOT_FOUND, "no such attachment in " + requestId + ", or it is not for you");
  }
}
