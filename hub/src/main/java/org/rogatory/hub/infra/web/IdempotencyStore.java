package org.rogatory.hub.infra.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bson.Document;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Makes state-changing calls safe to retry: the first call with a given {@code Idempotency-Key}
 * runs and its response is stored; a retry with the same key and the same request gets the same
 * response without running again; the same key with a different request is refused.
 */
@Component
public class IdempotencyStore {
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final MongoCollection<Document> calls;

  IdempotencyStore(MongoDatabase database) {
    this.calls = database.getCollection("idempotent_calls");
  }

  /** Checks the header's syntax; throws the API's error if absent or malformed. */
  public static String requireKey(String header) {
    if (header == null || !KEY.matcher(header).matches()) {
      throw new ApiException(
          ErrorCode.IDEMPOTENCY_KEY_REQUIRED,
          "send an Idempotency-Key header of 1-128 printable ASCII characters");
    }
    return header;
  }

  /**
   * Runs {@code call} once per ({@code caller}, {@code key}); {@code request} identifies what was
   * asked (method, path, body), so that a key reused for something else is caught.
   */
  public Mono<ResponseEntity<String>> once(
      String caller, String key, String request, Supplier<Mono<ResponseEntity<?>>> call) {
    String id = caller + "#" + key;
    String fingerprint = sha256(request);
    return Mono.fromCallable(
            () -> java.util.Optional.ofNullable(calls.find(Filters.eq("_id", id)).first()))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            existing -> {
              if (existing.isPresent()) {
                Document d = existing.get();
                if (!fingerprint.equals(d.getString("fingerprint"))) {
                  return Mono.error(
                      new ApiException(
                          ErrorCode.IDEMPOTENCY_KEY_REUSED,
                          "Idempotency-Key " + key + " was used for a different request"));
                }
                return Mono.just(replay(d));
              }
              return call.get().flatMap(response -> store(id, fingerprint, response));
            });
  }

  private Mono<ResponseEntity<String>> store(String id, String fingerprint, ResponseEntity<?> r) {
    return Mono.fromCallable(
            () -> {
              String body = r.getBody() == null ? null : JSON.writeValueAsString(r.getBody());
              Document d =
                  new Document("_id", id)
                      .append("fingerprint", fingerprint)
                      .append("status", r.getStatusCode().value())
                      .append("body", body);
              try {
                calls.insertOne(d);
              } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                  throw e;
                }
                // A concurrent retry stored first: answer as it did.
                Document first = calls.find(Filters.eq("_id", id)).first();
                if (first != null) {
                  return replay(first);
                }
              }
              return replay(d);
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static ResponseEntity<String> replay(Document d) {
    ResponseEntity.BodyBuilder b = ResponseEntity.status(d.getInteger("status"));
    String body = d.getString("body");
    return body == null ? b.build() : b.contentType(MediaType.APPLICATION_JSON).body(body);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
