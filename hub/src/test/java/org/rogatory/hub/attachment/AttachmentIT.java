package org.rogatory.hub.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.hub.infra.blob.BlobStore;
import org.rogatory.hub.request.web.AttachmentSweep;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Attachments over the real API: a resumable upload that survives a connection cut mid-body, offset
 * and digest checks, a message that references the attachment, and ranged downloads by the
 * recipient only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachmentIT extends HubTestBase {
  static final int CHUNK = 255 * 1024;
  @org.springframework.beans.factory.annotation.Autowired com.mongodb.client.MongoDatabase database;
  @org.springframework.beans.factory.annotation.Autowired AttachmentSweep sweep;
  @org.springframework.beans.factory.annotation.Autowired BlobStore blobs;

  @org.springframework.beans.factory.annotation.Autowired
  io.micrometer.core.instrument.MeterRegistry meters;

  Party court;
  Party state;
  Party other;

  @BeforeAll
  void enrolParties() throws Exception {
    connectAdministrator();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    court = enrol("court.registry-" + suffix, "COURT_ORGAN");
    state = enrol("state.pt-" + suffix, "CENTRAL_AUTHORITY");
    other = enrol("state.pl-" + suffix, "CENTRAL_AUTHORITY");
  }

  @Test
  void resumableUpload_survivesACut_thenRecipientDownloadsInRanges() throws Exception {
    String requestId = openRequest(court, state);
    byte[] content = new byte[3 * CHUNK + 12_345];
    new Random(7).nextBytes(content);
    String id = create(requestId, content.length, sha256(content));
    String base = "/v1/requests/" + requestId + "/attachments/" + id;

    // The connection breaks after two and a half chunks: whole chunks are kept.
    int cutAt = 2 * CHUNK + CHUNK / 2;
    try {
      court
          .client()
          .send(
              court
                  .client()
                  .request(base + "?offset=0")
                  .header("Content-Type", "application/octet-stream")
                  .PUT(
                      HttpRequest.BodyPublishers.fromPublisher(
                          failingAfter(Arrays.copyOf(content, cutAt)), content.length)));
    } catch (java.io.IOException expected) {
      // the client gave up mid-body, as a broken connection would
    }
    Response status = awaitOffset(base + "/upload", 2L * CHUNK);
    for (int i = 0; i < 2; i++) {
      org.bson.Document c =
          database
              .getCollection("blob_chunks")
              .find(new org.bson.Document("_id", id + "#" + i))
              .first();
      byte[] stored = c.get("data", org.bson.types.Binary.class).getData();
      assertThat(stored)
          .as("chunk " + i)
          .isEqualTo(Arrays.copyOfRange(content, i * CHUNK, (i + 1) * CHUNK));
    }
    assertThat(status.json().get("complete").asBoolean()).isFalse();

    // Resuming from anywhere but the stored offset is refused with the offset to use.
    Response wrong =
        put(court, base + "?offset=" + cutAt, Arrays.copyOfRange(content, cutAt, content.length));
    assertThat(wrong.status()).isEqualTo(409);
    assertThat(wrong.code()).isEqualTo("UPLOAD_OFFSET_MISMATCH");
    assertThat(wrong.json().get("message").asText()).contains(Long.toString(2L * CHUNK));

    // The recipient cannot read it before a message references it; nor can anyone else.
    Response done =
        put(
            court,
            base + "?offset=" + 2 * CHUNK,
            Arrays.copyOfRange(content, 2 * CHUNK, content.length));
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().get("complete").asBoolean()).isTrue();
    assertThat(state.client().get(base).status()).isEqualTo(404);

    // A message references it; the recipient downloads it whole and from an offset.
    postMessageWith(requestId, id);
    Response whole = state.client().get(base);
    assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(content);
    Response tail =
        state.client().send(state.client().request(base).header("Range", "bytes=300000-").GET());
    assertThat(tail.status()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, 300_000, content.length));
    assertThat(tail.headers().firstValue("Content-Range"))
        .hasValue("bytes 300000-" + (content.length - 1) + "/" + content.length);
    Response badRange =
        state
            .client()
            .send(
                state
                    .client()
                    .request(base)
                    .header("Range", "bytes=" + content.length + "-")
                    .GET());
    assertThat(badRange.status()).isEqualTo(416);
    assertThat(other.client().get(base).status()).isEqualTo(404);
  }

  @Test
  void wrongDigest_isRefusedAndDiscarded_incompleteAttachmentCannotBeReferenced() throws Exception {
    String requestId = openRequest(court, state);
    byte[] content = new byte[CHUNK + 10];
    new Random(8).nextBytes(content);
    String bad = create(requestId, content.length, "00".repeat(32));
    Response r =
        put(court, "/v1/requests/" + requestId + "/attachments/" + bad + "?offset=0", content);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.code()).isEqualTo("DIGEST_MISMATCH");

    String incomplete = create(requestId, content.length, sha256(content));
    Response sent = sealAndPost(requestId, incomplete);
    assertThat(sent.status()).isEqualTo(409);
    assertThat(sent.code()).isEqualTo("UPLOAD_INCOMPLETE");

    // Another party cannot upload into it, or see it.
    Response foreign =
        put(
            other,
            "/v1/requests/" + requestId + "/attachments/" + incomplete + "?offset=0",
            content);
    assertThat(foreign.status()).isEqualTo(404);
    // Too many bytes for the declared size.
    Response tooMany =
        put(
            court,
            "/v1/requests/" + requestId + "/attachments/" + incomplete + "?offset=0",
            Arrays.copyOf(content, content.length + 1));
    assertThat(tooMany.status()).isEqualTo(413);
  }

  /**
   * Uploads no message references are removed after the retention period, in two rounds at least an
   * hour apart; once marked, an upload can no longer be referenced or resumed; a referenced one is
   * never removed.
   */
  @Test
  void unusedUploads_areRemovedAfterTheRetention_referencedOnesNever() throws Exception {
    String requestId = openRequest(court, state);
    byte[] content = new byte[CHUNK + 99];
    new Random(9).nextBytes(content);
    String used = create(requestId, content.length, sha256(content));
    assertThat(put(court, path(requestId, used) + "?offset=0", content).status()).isEqualTo(200);
    postMessageWith(requestId, used);
    byte[] other = Arrays.copyOf(content, content.length);
    other[0] ^= 1;
    String unused = create(requestId, other.length, sha256(other));
    assertThat(put(court, path(requestId, unused) + "?offset=0", other).status()).isEqualTo(200);
    String abandoned = create(requestId, content.length, sha256(other) /* never uploaded */);

    Instant now = java.time.Instant.now();
    // Within the retention (14 days) nothing is touched.
    assertThat(sweep.sweepOnce(now.plus(Duration.ofDays(13))))
        .extracting(AttachmentSweep.Round::marked, AttachmentSweep.Round::removed)
        .containsExactly(0, 0);
    // After it: the referenced one is kept for good, the two others are marked.
    AttachmentSweep.Round first = sweep.sweepOnce(now.plus(Duration.ofDays(15)));
    assertThat(first.ran()).isTrue();
    assertThat(first.kept()).isGreaterThanOrEqualTo(1);
    assertThat(first.marked()).isGreaterThanOrEqualTo(2);
    Response late = sealAndPost(requestId, unused);
    assertThat(late.status()).as(late.toString()).isEqualTo(400);
    assertThat(late.body()).asString().contains("upload the attachment again");
    assertThat(put(court, path(requestId, abandoned) + "?offset=0", content).status())
        .isEqualTo(404);
    // Less than an hour after the mark: still there.
    assertThat(
            sweep.sweepOnce(now.plus(Duration.ofDays(15)).plus(Duration.ofMinutes(30))).removed())
        .isZero();
    assertThat(database.getCollection("attachments").countDocuments(Filters.eq("_id", unused)))
        .isEqualTo(1);
    // Later: removed, blob and all (and counted); the referenced one still downloads.
    double removedBytesBefore = removedBytes();
    AttachmentSweep.Round second =
        sweep.sweepOnce(now.plus(Duration.ofDays(15)).plus(Duration.ofHours(2)));
    assertThat(second.removed()).isGreaterThanOrEqualTo(2);
    for (String gone : List.of(unused, abandoned)) {
      assertThat(database.getCollection("attachments").countDocuments(Filters.eq("_id", gone)))
          .isZero();
      assertThat(blobs.uploadState(gone)).isNull();
      assertThat(court.client().get(path(requestId, gone) + "/upload").status()).isEqualTo(404);
    }
    // At least the complete unused upload's bytes (the abandoned one stored none).
    assertThat(removedBytes() - removedBytesBefore).isGreaterThanOrEqualTo(other.length);
    Response stillThere = state.client().get(path(requestId, used));
    assertThat(stillThere.status()).isEqualTo(200);
    assertThat(stillThere.body()).isEqualTo(content);
    assertThat(sweep.sweepOnce(now.plus(Duration.ofDays(400))).removed()).isZero();
  }

  private double removedBytes() {
    return meters.counter("rogatory.attachment.uploads.removed.bytes").count();
  }

  private static String path(String requestId, String attachmentId) {
    return "/v1/requests/" + requestId + "/attachments/" + attachmentId;
  }

  private Response awaitOffset(String path, long offset) throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    Response r;
    do {
      r = court.client().get(path);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      if (r.json().get("offset").asLong() == offset) {
        return r;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    throw new AssertionError(
        "upload offset stayed at " + r.json().get("offset") + ", not " + offset);
  }

  private String create(String requestId, long size, String sha256) throws Exception {
    Response r =
        court
            .client()
            .postJson(
                "/v1/requests/" + requestId + "/attachments",
                Map.of("size", size, "sha256", sha256),
                UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("offset").asLong()).isZero();
    return r.json().get("attachmentId").asText();
  }

  private static Response put(Party p, String path, byte[] body) throws Exception {
    return p.client()
        .send(
            p.client()
                .request(path)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private void postMessageWith(String requestId, String attachmentId) throws Exception {
    Response r = sealAndPost(requestId, attachmentId);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  private Response sealAndPost(String requestId, String attachmentId) throws Exception {
    Response dir = state.client().get("/v1/directory/" + state.id());
    KeyBundle stateBundle =
        KeyBundle.decode(
            java.util.Base64.getDecoder()
                .decode(dir.json().get("keys").get(0).get("keyBundle").asText()));
    byte[] envelope =
        EnvelopeSealer.create(
                EnvelopePreset.HYBRID_V1_64K, court.keys(), java.time.Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), requestId, "text/plain"),
                List.of(stateBundle),
                "covering note".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return court
        .client()
        .send(
            court
                .client()
                .request("/v1/requests/" + requestId + "/messages")
                .header("Content-Type", "application/vnd.rogatory.envelope")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Rogatory-Attachments", attachmentId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)));
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** Publishes {@code prefix} in small pieces, then fails: the client aborts mid-body. */
  private static Flow.Publisher<ByteBuffer> failingAfter(byte[] prefix) {
    return subscriber ->
        subscriber.onSubscribe(
            new Flow.Subscription() {
              int sent;
              boolean done;

              @Override
              public synchronized void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                  if (sent >= prefix.length) {
                    done = true;
                    try {
                      Thread.sleep(500); // let the server store what it has
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    subscriber.onError(new java.io.IOException("cut"));
                    return;
                  }
                  int from = sent;
                  int len = Math.min(16 * 1024, prefix.length - from);
                  sent += len; // before onNext, which may call request() again
                  subscriber.onNext(ByteBuffer.wrap(prefix, from, len));
                }
              }

              @Override
              public void cancel() {
                done = true;
              }
            });
  }
}
