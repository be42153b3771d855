package org.rogatory.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopeOpener;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.TrustedKeys;
import org.rogatory.hub.access.api.AccessRefusedEvent;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.rogatory.hub.support.HubTestBase.CodePresented;
import org.rogatory.hub.support.RequestBodies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Drives the real hub over real TLS 1.3 with client certificates: enrolment, a request's life, an
 * end-to-end encrypted message, and the refusals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubApiIT extends HubTestBase {
  @Autowired org.axonframework.eventsourcing.eventstore.EventStore eventStore;
  @Autowired com.mongodb.client.MongoDatabase mongo;

  Party court;
  Party state;
  Party stranger;

  @BeforeAll
  void enrolParties() throws Exception {
    connectAdministrator();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    court = enrol("court.registry-" + suffix, "COURT_ORGAN");
    state = enrol("state.nl-" + suffix, "CENTRAL_AUTHORITY");
    stranger = enrol("state.fr-" + suffix, "CENTRAL_AUTHORITY");
  }

  private String openRequest() throws Exception {
    Response r =
        court
            .client()
            .postJson(
                "/v1/requests",
                Map.of(
                    "addressee", state.id(),
                    "category", "ARREST_AND_SURRENDER",
                    "classification", "UNDER_SEAL",
                    "courtReference", "ICC-01/04-02/06"),
                UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("requestId").asText();
  }

  @org.springframework.boot.test.web.server.LocalManagementPort int managementPort;

  @Test
  void health_onTheManagementPort_isPlainHttpOnLoopback_andChecksStoreAndProcessors()
      throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + managementPort + "/actuator/health"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    var health = HubApiClient.JSON.readTree(r.body());
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/store/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/eventProcessors/status").asText()).isEqualTo("UP");
    assertThat(managementPort).isNotEqualTo(port);
  }

  @Test
  void prometheusMetrics_countSubmissionsAndRefusalsByCode_withoutNamingParties() throws Exception {
    String requestId = openRequest();
    assertThat(stranger.client().get("/v1/requests/" + requestId).status()).isEqualTo(404);
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, court.keys(), Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), requestId, "text/plain"),
                List.of(directoryBundle(state.id()), court.keys().bundle()),
                "metrics".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Response submitted =
        court
            .client()
            .post(
                "/v1/requests/" + requestId + "/messages",
                "application/vnd.rogatory.envelope",
                envelope,
                UUID.randomUUID().toString());
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);

    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String metrics = r.body();
    assertThat(metricValue(metrics, "rogatory_submissions_total")).isGreaterThanOrEqualTo(1);
    assertThat(metricValue(metrics, "rogatory_errors_total{code=\"NOT_FOUND\",status=\"404\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics).contains("rogatory_processor_lag{processor=\"request-views\"}");
    assertThat(metrics).doesNotContain(requestId).doesNotContain(stranger.id());
  }

  private static double metricValue(String exposition, String series) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not exported"));
  }

  @Test
  void status_isPublic_overTls() throws Exception {
    Response r = anonymous.get("/v1/status");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void endToEnd_courtSendsEncryptedMessage_stateReadsIt_hubSeesOnlyCiphertext() throws Exception {
    String requestId = openRequest();
    KeyBundle stateBundle = directoryBundle(state.id());
    byte[] secret =
        "Arrest warrant: name, date of birth, last known address"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    UUID messageId = UUID.randomUUID();
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, court.keys(), Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(messageId, requestId, "application/pdf"),
                List.of(stateBundle, court.keys().bundle()),
                secret);
    Response submitted =
        court
            .client()
            .post(
                "/v1/requests/" + requestId + "/messages",
                "application/vnd.rogatory.envelope",
                envelope,
                UUID.randomUUID().toString());
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    assertThat(submitted.json().get("envelopeSize").asLong()).isEqualTo(envelope.length);

    // A retry of the same upload (a lost response) is accepted again, and stores nothing new.
    long blobsBefore = mongo.getCollection("blobs").countDocuments();
    Response retried =
        court
            .client()
            .post(
                "/v1/requests/" + requestId + "/messages",
                "application/vnd.rogatory.envelope",
                envelope,
                UUID.randomUUID().toString());
    assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
    assertThat(retried.json().get("messageId").asText()).isEqualTo(messageId.toString());
    assertThat(mongo.getCollection("blobs").countDocuments()).isEqualTo(blobsBefore);

    Response inbox = awaitInbox(state.client(), requestId);
    assertThat(inbox.json().get("entries").toString()).contains(messageId.toString());

    Response fetched = state.client().get("/v1/requests/" + requestId + "/messages/" + messageId);
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(envelope);
    byte[] opened =
        EnvelopeOpener.create(state.keys(), TrustedKeys.of(directoryBundle(court.id())))
            .open(fetched.body())
            .payload();
    assertThat(opened).isEqualTo(secret);

    // A party not addressed cannot see the request or the message.
    assertThat(stranger.client().get("/v1/requests/" + requestId).status()).isEqualTo(404);
    assertThat(
            stranger.client().get("/v1/requests/" + requestId + "/messages/" + messageId).status())
        .isEqualTo(404);
    // ... and each attempt is recorded in the event log, for auditors.
    List<AccessRefusedEvent> refused = new java.util.ArrayList<>();
    try (var stream = eventStore.openStream(null)) {
      while (stream.hasNextAvailable(2, java.util.concurrent.TimeUnit.SECONDS)) {
        if (stream.nextAvailable().getPayload() instanceof AccessRefusedEvent e
            && stranger.id().equals(e.party())
            && e.path().contains(requestId)) {
          refused.add(e);
        }
      }
    }
    assertThat(refused)
        .extracting(AccessRefusedEvent::path, AccessRefusedEvent::code)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("/v1/requests/" + requestId, "NOT_FOUND"),
            org.assertj.core.groups.Tuple.tuple(
                "/v1/requests/" + requestId + "/messages/" + messageId, "NOT_FOUND"));
    assertThat(refused)
        .allSatisfy(e -> assertThat(e.certificateSerial()).isEqualTo(stranger.certSerial()));
  }

  @Test
  void requestLife_acknowledgeThenIllegalTransition_isRefusedWithStableCode() throws Exception {
    String requestId = openRequest();
    Response ack =
        state
            .client()
            .postJson(
                "/v1/requests/" + requestId + "/actions",
                Map.of("action", "ACKNOWLEDGE"),
                "k-" + UUID.randomUUID());
    assertThat(ack.status()).as(ack.toString()).isEqualTo(204);
    Response again =
        state
            .client()
            .postJson(
                "/v1/requests/" + requestId + "/actions",
                Map.of("action", "ACKNOWLEDGE"),
                "k-" + UUID.randomUUID());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("ILLEGAL_TRANSITION");
    Response courtAck =
        court
            .client()
            .postJson(
                "/v1/requests/" + requestId + "/actions",
                Map.of("action", "START_EXECUTION"),
                "k-" + UUID.randomUUID());
    assertThat(courtAck.status()).isEqualTo(403);
    assertThat(courtAck.code()).isEqualTo("FORBIDDEN");
  }

  @Test
  void idempotency_retryReplays_andKeyReuseForOtherBodyIsRefused() throws Exception {
    String key = "open-" + UUID.randomUUID();
    Map<String, String> body = RequestBodies.evidenceRequest(state.id(), "ICC-X");
    Response first = court.client().postJson("/v1/requests", body, key);
    Response retry = court.client().postJson("/v1/requests", body, key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json().get("requestId")).isEqualTo(first.json().get("requestId"));
    Response reuse =
        court
            .client()
            .postJson(
                "/v1/requests",
                Map.of(
                    "addressee",
                    state.id(),
                    "category",
                    "DEFENCE_REQUEST",
                    "classification",
                    "PUBLIC",
                    "courtReference",
                    "other"),
                key);
    assertThat(reuse.status()).isEqualTo(422);
    assertThat(reuse.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    Response noKey = court.client().postJson("/v1/requests", body, null);
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
  }

  @Test
  void badInput_getsA4xxWithStableCodeAndSentence_neverA500() throws Exception {
    assertError(court.client().postJson("/v1/requests", "{not json", "k1"), 400, "MALFORMED_JSON");
    assertError(
        court.client().post("/v1/requests", "text/plain", "hello".getBytes(), "k2"),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    assertError(court.client().get("/v1/requests/req-does-not-exist"), 404, "NOT_FOUND");
    assertError(court.client().get("/v1/no/such/route"), 404, "NOT_FOUND");
    assertError(anonymous.get("/v1/inbox"), 401, "UNAUTHENTICATED");
    assertError(state.client().get("/v1/inbox?limit=5000"), 400, "INVALID_FIELD");
    assertError(
        state
            .client()
            .postJson(
                "/v1/requests",
                Map.of(
                    "addressee",
                    court.id(),
                    "category",
                    "DEFENCE_REQUEST",
                    "classification",
                    "PUBLIC",
                    "courtReference",
                    "x"),
                "k3"),
        403,
        "FORBIDDEN");
    String requestId = openRequest();
    assertError(
        court
            .client()
            .post(
                "/v1/requests/" + requestId + "/messages",
                "application/vnd.rogatory.envelope",
                "garbage".getBytes(),
                "k4"),
        422,
        "BAD_ENVELOPE");
    assertError(
        state
            .client()
            .postJson("/v1/requests/" + requestId + "/actions", "{\"action\":\"FLY\"}", "k5"),
        400,
        "MALFORMED_JSON");
    assertError(
        anonymous.postJson("/v1/enrolment", Map.of("partyId", "Not Valid"), null),
        400,
        "INVALID_FIELD");
    assertError(admin.get("/v1/inbox"), 403, "FORBIDDEN");
    assertError(
        court
            .client()
            .postJson(
                "/v1/requests",
                Map.of(
                    "addressee", state.id(),
                    "category", "EVIDENCE_AND_DOCUMENTS",
                    "classification", "PUBLIC"),
                null),
        400,
        "IDEMPOTENCY_KEY_REQUIRED");
    byte[] huge = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    assertError(
        court
            .client()
            .post(
                "/v1/requests",
                "application/json",
                ("{\"courtReference\":\""
                        + new String(huge, java.nio.charset.StandardCharsets.US_ASCII)
                        + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "k7"),
        413,
        "BODY_TOO_LARGE");
    assertError(
        court
            .client()
            .postJson(
                "/v1/admin/parties",
                Map.of("partyId", "x", "kind", "ORGANISATION", "displayName", "x"),
                "k6"),
        403,
        "FORBIDDEN");
  }

  @Test
  void enrolmentCode_wrongThenReused_isRefused() throws Exception {
    String id = "org.test-" + UUID.randomUUID().toString().substring(0, 8);
    Response created =
        admin.postJson(
            "/v1/admin/parties",
            Map.of("partyId", id, "kind", "ORGANISATION", "displayName", "Org"),
            "a1");
    String code = created.json().get("enrolmentCode").asText();
    PartyKeys keys = PartyKeys.generator(PartyId.of(id)).generate();
    Map<String, String> body =
        Map.of(
            "partyId",
            id,
            "enrolmentCode",
            "WRONG-CODE",
            "certificateRequest",
            Base64.getEncoder()
                .encodeToString(
                    HubCertificateAuthority.certificateRequest(
                        HubCertificateAuthority.newKeyPair(), PartyId.of(id))),
            "keyBundle",
            Base64.getEncoder().encodeToString(keys.bundle().encode()));
    assertError(anonymous.postJson("/v1/enrolment", body, null), 403, "ENROLMENT_CODE_INVALID");
    Map<String, String> right = new java.util.HashMap<>(body);
    right.put("enrolmentCode", code);
    assertThat(anonymous.postJson("/v1/enrolment", right, null).status()).isEqualTo(200);
    assertError(anonymous.postJson("/v1/enrolment", right, null), 409, "ENROLMENT_CODE_USED");
    Map<String, String> badBundle = new java.util.HashMap<>(right);
    badBundle.put("keyBundle", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
    assertError(anonymous.postJson("/v1/enrolment", badBundle, null), 422, "BAD_KEY_BUNDLE");
  }

  @Test
  void revokedCertificate_isRefusedOnTheNextRequest() throws Exception {
    Party victim =
        enrol("state.de-" + UUID.randomUUID().toString().substring(0, 8), "CENTRAL_AUTHORITY");
    assertThat(victim.client().get("/v1/inbox").status()).isEqualTo(200);
    Response revoked =
        admin.postJson(
            "/v1/admin/parties/" + victim.id() + "/certificates/" + victim.certSerial() + "/revoke",
            Map.of("reason", "laptop stolen"),
            "r1");
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
    assertError(victim.client().get("/v1/inbox"), 401, "CERTIFICATE_REVOKED");

    // The Registry issues a fresh code; the operator enrols again with the same keys and works.
    assertError(
        admin.postJson("/v1/admin/parties/state.nowhere/enrolment-code", Map.of(), null),
        404,
        "NOT_FOUND");
    assertError(
        victim
            .client()
            .postJson("/v1/admin/parties/" + victim.id() + "/enrolment-code", Map.of(), null),
        401,
        "CERTIFICATE_REVOKED");
    Response fresh =
        admin.postJson("/v1/admin/parties/" + victim.id() + "/enrolment-code", Map.of(), null);
    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);
    CodePresented again =
        presentCode(victim.id(), fresh.json().get("enrolmentCode").asText(), victim.keys());
    assertThat(again.response().status()).as(again.response().toString()).isEqualTo(200);
    assertThat(again.party().certSerial()).isNotEqualTo(victim.certSerial());
    assertThat(again.party().client().get("/v1/inbox").status()).isEqualTo(200);
    assertError(victim.client().get("/v1/inbox"), 401, "CERTIFICATE_REVOKED");
    // The fresh code worked once.
    CodePresented replay =
        presentCode(victim.id(), fresh.json().get("enrolmentCode").asText(), victim.keys());
    assertError(replay.response(), 409, "ENROLMENT_CODE_USED");
  }

  private static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.code()).as(r.toString()).isEqualTo(code);
    assertThat(r.json().get("message").asText())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(r.json().get("correlationId").asText()).isNotBlank();
  }

  @Test
  void directoryEntry_carriesAnEntityTag_andAnUnchangedEntryAnswers304() throws Exception {
    Response first = court.client().get("/v1/directory/" + state.id());
    String tag = first.headers().firstValue("ETag").orElseThrow();

    Response again =
        court
            .client()
            .send(
                court
                    .client()
                    .requestTo("/v1/directory/" + state.id())
                    .header("If-None-Match", tag)
                    .GET());
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    Response stale =
        court
            .client()
            .send(
                court
                    .client()
                    .requestTo("/v1/directory/" + state.id())
                    .header("If-None-Match", "\"0123456789abcdef0123456789abcdef\"")
                    .GET());
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.headers().firstValue("ETag")).hasValue(tag);
    // Another party's entry has another tag.
    assertThat(court.client().get("/v1/directory/" + court.id()).headers().firstValue("ETag"))
        .isPresent()
        .isNotEqualTo(java.util.Optional.of(tag));
  }

  private KeyBundle directoryBundle(String party) throws Exception {
    Response r = court.client().get("/v1/directory/" + party);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String b64 = r.json().get("keys").get(0).get("keyBundle").asText();
    return KeyBundle.decode(Base64.getDecoder().decode(b64));
  }

  private static Response awaitInbox(HubApiClient client, String requestId) throws Exception {
    long until = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Response r = client.get("/v1/inbox?from=0&limit=200");
      if (r.status() == 200 && r.json().get("entries").toString().contains(requestId)) {
        return r;
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("inbox never showed the message: " + r);
      }
      Thread.sleep(50);
    }
  }
}
