package org.rogatory.hub.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rogatory.hub.request.deadline.DeadlineWatch;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubApiClient.Sse;
import org.rogatory.hub.support.HubTestBase;
import org.rogatory.hub.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Overdue requests are escalated by the hub's clock, once, and both parties are told; requests
 * answered in time are not. The clock is a test clock moved forward by hand.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.deadlines.check-interval=1h")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(MovableClock.Config.class)
class DeadlineIT extends HubTestBase {
  @Autowired MovableClock clock;
  @Autowired DeadlineWatch watch;
  Party court;
  Party state;

  @BeforeAll
  void enrolParties() throws Exception {
    connectAdministrator();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    court = enrol("court.presidency-" + suffix, "COURT_ORGAN");
    state = enrol("state.es-" + suffix, "CENTRAL_AUTHORITY");
  }

  @Test
  void overdueRequest_isEscalatedOnce_andBothPartiesAreTold() throws Exception {
    Instant deadline = clock.instant().plus(Duration.ofDays(30));
    String overdue = open(deadline);
    String answered = open(deadline);
    String noDeadline = open(null);
    act(answered, "ACKNOWLEDGE", Map.of());
    act(answered, "START_EXECUTION", Map.of());
    act(answered, "REPORT_OUTCOME", Map.of("outcome", "EXECUTED"));

    BlockingQueue<Sse> stateEvents = new LinkedBlockingQueue<>();
    try (AutoCloseable s = state.client().events(null, stateEvents)) {
      // Before the deadline nothing happens.
      awaitProjection();
      assertThat(watch.checkOnce()).isZero();

      clock.advance(Duration.ofDays(31));
      awaitProjection();
      assertThat(watch.checkOnce()).isEqualTo(1);
      // The stream may first carry earlier changes of the three requests, if the push channel's
      // tail reached them only after the subscription: the first escalation must be the overdue
      // one.
      Sse e = stateEvents.poll(20, TimeUnit.SECONDS);
      while (e != null && !e.event().equals("request-escalated")) {
        e = stateEvents.poll(20, TimeUnit.SECONDS);
      }
      assertThat(e).isNotNull();
      assertThat(e.event()).isEqualTo("request-escalated");
      assertThat(e.data().get("requestId").asText()).isEqualTo(overdue);
    }
    // The push channel tails the log itself; the request view follows a moment later.
    long viewUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!view(overdue).get("escalated").asBoolean() && System.nanoTime() < viewUntil) {
      Thread.sleep(50);
    }
    assertThat(view(overdue).get("escalated").asBoolean()).isTrue();
    assertThat(view(answered).get("escalated").asBoolean()).isFalse();
    assertThat(view(noDeadline).get("escalated").asBoolean()).isFalse();
    // Escalated requests leave the watch: a second round asks nothing.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int again;
    do {
      again = watch.checkOnce();
    } while (again != 0 && System.nanoTime() < until);
    assertThat(again).isZero();
  }

  @Test
  void enrolmentCode_expiredByTheHubsClock_isRefusedOverTheApi() throws Exception {
    String id = "state.pt-" + UUID.randomUUID().toString().substring(0, 8);
    Response created =
        admin.postJson(
            "/v1/admin/parties",
            Map.of("partyId", id, "kind", "CENTRAL_AUTHORITY", "displayName", "Portugal"),
            UUID.randomUUID().toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String code = created.json().get("enrolmentCode").asText();

    clock.advance(Duration.ofDays(8)); // codes live 7 days

    java.security.KeyPair tls = org.rogatory.crypto.HubCertificateAuthority.newKeyPair();
    org.rogatory.crypto.PartyKeys keys =
        org.rogatory.crypto.PartyKeys.generator(org.rogatory.crypto.PartyId.of(id)).generate();
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    Response late =
        anonymous.postJson(
            "/v1/enrolment",
            Map.of(
                "partyId",
                id,
                "enrolmentCode",
                code,
                "certificateRequest",
                b64.encodeToString(
                    org.rogatory.crypto.HubCertificateAuthority.certificateRequest(
                        tls, org.rogatory.crypto.PartyId.of(id))),
                "keyBundle",
                b64.encodeToString(keys.bundle().encode())),
            null);
    assertThat(late.status()).as(late.toString()).isEqualTo(403);
    assertThat(late.code()).isEqualTo("ENROLMENT_CODE_EXPIRED");
    assertThat(late.json().get("message").asText()).contains("expired");
  }

  private void awaitProjection() throws InterruptedException {
    // The deadline projection is eventually consistent; give it a moment to apply the opens.
    Thread.sleep(1500);
  }

  private String open(Instant deadline) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("addressee", state.id());
    body.put("category", "IDENTIFICATION_TRACING_FREEZING_OF_ASSETS");
    body.put("classification", "CONFIDENTIAL");
    body.put("courtReference", "ICC-02/05-01/09");
    if (deadline != null) {
      body.put("deadline", deadline.toString());
    }
    Response r = court.client().postJson("/v1/requests", body, UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("requestId").asText();
  }

  private void act(String requestId, String action, Map<String, Object> extra) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>(extra);
    body.put("action", action);
    Response r =
        state
            .client()
            .postJson("/v1/requests/" + requestId + "/actions", body, UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  private com.fasterxml.jackson.databind.JsonNode view(String requestId) throws Exception {
    Response r = court.client().get("/v1/requests/" + requestId);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }
}
