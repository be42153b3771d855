package org.rogatory.hub.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubApiClient.Sse;
import org.rogatory.hub.support.HubTestBase;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The push channel over real mTLS: a party hears of what happens on its requests, never of others',
 * and after a disconnect resumes from its last event id with nothing missed and nothing twice —
 * whether the gap is still in the node's memory or must be read back from the store (the ring here
 * holds only three notifications, so both paths run).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.push.ring-size=3")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushIT extends HubTestBase {
  Party court;
  Party state;
  Party other;

  @BeforeAll
  void enrolParties() throws Exception {
    connectAdministrator();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    court = enrol("court.otp-" + suffix, "COURT_ORGAN");
    state = enrol("state.be-" + suffix, "CENTRAL_AUTHORITY");
    other = enrol("state.it-" + suffix, "CENTRAL_AUTHORITY");
  }

  @Test
  void partyHearsOfItsRequests_andResumesWithoutLossOrDuplicate() throws Exception {
    BlockingQueue<Sse> stateEvents = new LinkedBlockingQueue<>();
    BlockingQueue<Sse> otherEvents = new LinkedBlockingQueue<>();
    String requestId;
    List<Sse> firstSession = new ArrayList<>();
    try (AutoCloseable s = state.client().events(null, stateEvents);
        AutoCloseable o = other.client().events(null, otherEvents)) {
      requestId = openRequest(court, state);
      acknowledge(requestId);
      firstSession.add(next(stateEvents));
      firstSession.add(next(stateEvents));
    }
    assertThat(firstSession)
        .extracting(Sse::event)
        .contains("request-opened", "request-acknowledged");
    assertThat(firstSession)
        .allSatisfy(e -> assertThat(e.data().get("requestId").asText()).isEqualTo(requestId));
    // Other parties are not told of this request.
    assertThat(otherEvents.poll(1, TimeUnit.SECONDS)).isNull();

    // While the state is away: a short gap (fits the ring), then reconnect.
    String lastSeen = firstSession.get(firstSession.size() - 1).id();
    startExecution(requestId);
    BlockingQueue<Sse> resumed = new LinkedBlockingQueue<>();
    List<Sse> secondSession = new ArrayList<>();
    try (AutoCloseable s = state.client().events(lastSeen, resumed)) {
      secondSession.addAll(drain(resumed, 1));
      lastSeen = secondSession.get(secondSession.size() - 1).id();
    }
    assertThat(secondSession).extracting(Sse::event).containsExactly("execution-started");

    // A long gap: more notifications than the ring holds, including other requests' noise.
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String noise = openRequest(court, other);
      assertThat(noise).isNotBlank();
      String r = openRequest(court, state);
      expected.add(r);
    }
    BlockingQueue<Sse> third = new LinkedBlockingQueue<>();
    List<Sse> thirdSession;
    try (AutoCloseable s = state.client().events(lastSeen, third)) {
      thirdSession = drain(third, 3);
      // Live events still arrive after the catch-up.
      String live = openRequest(court, state);
      expected.add(live);
      thirdSession.addAll(drain(third, 1));
    }
    assertThat(thirdSession)
        .extracting(e -> e.data().get("requestId").asText())
        .containsExactlyElementsOf(expected);
    // Ids are strictly increasing across all sessions: nothing twice, in log order.
    List<Long> ids = new ArrayList<>();
    for (List<Sse> session : List.of(firstSession, secondSession, thirdSession)) {
      session.forEach(e -> ids.add(Long.parseLong(e.id())));
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void badLastEventId_isRefusedWithStableCode() throws Exception {
    BlockingQueue<Sse> sink = new LinkedBlockingQueue<>();
    try {
      state.client().events("not-a-number", sink).close();
      throw new AssertionError("expected refusal");
    } catch (IllegalStateException e) {
      assertThat(e).hasMessageContaining("400");
    }
  }

  private void acknowledge(String requestId) throws Exception {
    Response r =
        state
            .client()
            .postJson(
                "/v1/requests/" + requestId + "/actions",
                Map.of("action", "ACKNOWLEDGE"),
                UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  private void startExecution(String requestId) throws Exception {
    Response r =
        state
            .client()
            .postJson(
                "/v1/requests/" + requestId + "/actions",
                Map.of("action", "START_EXECUTION"),
                UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  private static Sse next(BlockingQueue<Sse> q) throws InterruptedException {
    Sse e = q.poll(20, TimeUnit.SECONDS);
    assertThat(e).as("a push notification within 20 s").isNotNull();
    return e;
  }

  /** Exactly {@code n} events, then checks that no extra one follows shortly. */
  private static List<Sse> drain(BlockingQueue<Sse> q, int n) throws InterruptedException {
    List<Sse> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(next(q));
    }
    Sse extra = q.poll(Duration.ofMillis(700).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(extra).as("no duplicate or extra notification").isNull();
    return out;
  }
}
