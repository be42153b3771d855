package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rogatory.hub.sdk.SdkFixtures.openRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.Notification;
import org.rogatory.client.PushListener;
import org.rogatory.client.Subscription;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.sdk.SdkFixtures.Party;
import org.rogatory.hub.support.CuttingProxy;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The SDK's push subscription against the real hub, through a relay the test breaks: however the
 * connection is cut (before the first notification, repeatedly while notifications flow, for longer
 * than the hub's memory of recent notifications), the listener gets each notification exactly once
 * and in order. The ring holds three notifications, so long gaps are replayed from the store.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"rogatory.test.context=sdk-push", "rogatory.push.ring-size=3"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkPushIT {
  @LocalServerPort int port;
  @Autowired HubPki pki;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  CuttingProxy proxy;
  Party court;
  Party state;
  Party other;
  HubClient stateViaProxy;

  @BeforeAll
  void enrolParties() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    String suffix = SdkFixtures.suffix();
    court = fixtures.enrol("court.registry-" + suffix, "COURT_ORGAN");
    state = fixtures.enrol("state.sn-" + suffix, "CENTRAL_AUTHORITY");
    other = fixtures.enrol("state.ml-" + suffix, "CENTRAL_AUTHORITY");
    proxy = CuttingProxy.to(port);
    stateViaProxy = fixtures.clientVia(state, proxy.port());
  }

  @AfterAll
  void close() throws Exception {
    proxy.close();
    fixtures.close();
  }

  /** Collects what a subscription delivers, and counts its connections. */
  static class Recorder implements PushListener {
    final List<Notification> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger disconnections = new AtomicInteger();
    final CountDownLatch connected = new CountDownLatch(1);

    @Override
    public void onNotification(Notification n) {
      received.add(n);
    }

    @Override
    public void onConnected(long position) {
      connections.incrementAndGet();
      connected.countDown();
    }

    @Override
    public void onDisconnected(String reason, Duration retryIn) {
      disconnections.incrementAndGet();
    }

    List<String> openedRequests() {
      return received.stream()
          .filter(n -> n.type().equals("request-opened"))
          .map(Notification::requestId)
          .toList();
    }

    void awaitConnected() throws InterruptedException {
      assertThat(connected.await(20, TimeUnit.SECONDS)).as("connected within 20 s").isTrue();
    }

    /** Waits until {@code n} requests were reported opened, then a little more for extras. */
    List<String> awaitOpened(int n) throws InterruptedException {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (openedRequests().size() < n && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      Thread.sleep(1500); // a duplicate would show up now
      return openedRequests();
    }
  }

  private static void assertStrictlyIncreasing(List<Notification> received) {
    List<Long> sequences = received.stream().map(Notification::sequence).toList();
    assertThat(sequences).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void subscribeFromNow_cutBeforeTheFirstNotification_missesNothingThatHappenedMeanwhile()
      throws Exception {
    Recorder recorder = new Recorder();
    List<String> expected = new ArrayList<>();
    try (Subscription s = stateViaProxy.subscribe(recorder)) {
      recorder.awaitConnected();
      assertThat(s.position()).isPresent();
      proxy.down();
      for (int i = 0; i < 5; i++) {
        expected.add(openRequest(court.client(), state.id()));
        openRequest(court.client(), other.id()); // not for the state: must not show
      }
      proxy.up();
      assertThat(recorder.awaitOpened(5)).containsExactlyElementsOf(expected);
      assertThat(recorder.disconnections.get()).isPositive();
      assertThat(recorder.connections.get()).isGreaterThanOrEqualTo(2);
      assertStrictlyIncreasing(recorder.received);
      assertThat(s.failure()).isEmpty();
    }
  }

  @Test
  void cutsWhileNotificationsFlow_deliverEachExactlyOnceInOrder() throws Exception {
    Recorder recorder = new Recorder();
    List<String> expected = new CopyOnWriteArrayList<>();
    try (Subscription s = stateViaProxy.subscribe(recorder)) {
      recorder.awaitConnected();
      Thread producer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 16; i++) {
                    expected.add(openRequest(court.client(), state.id()));
                    if (i % 3 == 0) {
                      openRequest(court.client(), other.id());
                    }
                  }
                } catch (HubException e) {
                  throw new IllegalStateException(e);
                }
              });
      producer.start();
      // Short cuts (reconnect at once) and outages long enough to overflow the ring.
      for (int i = 0; i < 4 && producer.isAlive(); i++) {
        Thread.sleep(300);
        if (i % 2 == 0) {
          proxy.cutAll();
        } else {
          proxy.down();
          Thread.sleep(800);
          proxy.up();
        }
      }
      producer.join(TimeUnit.SECONDS.toMillis(120));
      assertThat(expected).hasSize(16);
      assertThat(recorder.awaitOpened(16)).containsExactlyElementsOf(expected);
      assertThat(recorder.disconnections.get()).isGreaterThanOrEqualTo(2);
      assertStrictlyIncreasing(recorder.received);
    }
  }

  @Test
  void newSubscriptionFromAnEarlierPosition_deliversExactlyWhatWasMissed() throws Exception {
    Recorder first = new Recorder();
    String seen;
    long position;
    try (Subscription s = stateViaProxy.subscribe(first)) {
      first.awaitConnected();
      seen = openRequest(court.client(), state.id());
      assertThat(first.awaitOpened(1)).containsExactly(seen);
      position = s.position().orElseThrow();
    }
    assertThat(position).isEqualTo(first.received.get(first.received.size() - 1).sequence());
    // While nobody listens: more than the ring holds.
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      missed.add(openRequest(court.client(), state.id()));
    }
    Recorder second = new Recorder();
    try (Subscription s = stateViaProxy.subscribe(position, second)) {
      assertThat(second.awaitOpened(4)).containsExactlyElementsOf(missed);
      assertThat(second.received).allSatisfy(n -> assertThat(n.sequence()).isGreaterThan(position));
      assertThat(s.position().orElseThrow())
          .isEqualTo(second.received.get(second.received.size() - 1).sequence());
    }
  }

  @Test
  void suspendedParty_subscriptionEndsWithTheHubsCode() throws Exception {
    Party suspended = fixtures.enrol("state.td-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    var r =
        fixtures
            .admin()
            .postJson(
                "/v1/admin/parties/" + suspended.id().value() + "/suspend",
                Map.of("reason", "test"),
                UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    List<Exception> failures = new CopyOnWriteArrayList<>();
    PushListener listener =
        new PushListener() {
          @Override
          public void onNotification(Notification n) {}

          @Override
          public void onFailure(Exception cause) {
            failures.add(cause);
          }
        };
    try (Subscription s = suspended.client().subscribe(-1, listener)) {
      assertThat(s.awaitTermination(Duration.ofSeconds(20))).isTrue();
      assertThat(s.failure())
          .get()
          .isInstanceOfSatisfying(
              HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PARTY_SUSPENDED));
      assertThat(failures).hasSize(1);
    }
  }

  /** A listener that records how its subscription went. */
  private static final class Ending extends Recorder {
    final List<Exception> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onFailure(Exception cause) {
      failures.add(cause);
    }
  }

  @Test
  void partySuspendedWhileListening_itsOpenStreamIsCut_andTheReconnectRefused() throws Exception {
    Party listener = fixtures.enrol("state.bf-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    Ending ending = new Ending();
    try (Subscription s = listener.client().subscribe(-1, ending)) {
      ending.awaitConnected();
      var r =
          fixtures
              .admin()
              .postJson(
                  "/v1/admin/parties/" + listener.id().value() + "/suspend",
                  Map.of("reason", "test: suspended while listening"),
                  UUID.randomUUID().toString());
      assertThat(r.status()).as(r.toString()).isEqualTo(204);
      assertThat(s.awaitTermination(Duration.ofSeconds(20)))
          .as("the stream of a suspended party ends")
          .isTrue();
      assertThat(s.failure())
          .get()
          .isInstanceOfSatisfying(
              HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PARTY_SUSPENDED));
      assertThat(ending.disconnections.get()).as("the open stream was cut").isPositive();
      assertThat(ending.failures).hasSize(1);
    }
  }

  @Test
  void certificateRevokedWhileListening_itsOpenStreamIsCut() throws Exception {
    Party listener = fixtures.enrol("state.ne-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    String serial = listener.store().tlsCredentials().orElseThrow().serial();
    Ending ending = new Ending();
    try (Subscription s = listener.client().subscribe(-1, ending)) {
      ending.awaitConnected();
      var r =
          fixtures
              .admin()
              .postJson(
                  "/v1/admin/parties/"
                      + listener.id().value()
                      + "/certificates/"
                      + serial
                      + "/revoke",
                  Map.of("reason", "test: key compromise"),
                  UUID.randomUUID().toString());
      assertThat(r.status()).as(r.toString()).isIn(200, 204);
      assertThat(s.awaitTermination(Duration.ofSeconds(20)))
          .as("the stream of a revoked certificate ends")
          .isTrue();
      assertThat(s.failure())
          .get()
          .isInstanceOfSatisfying(
              HubException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_REVOKED));
      assertThat(ending.disconnections.get()).as("the open stream was cut").isPositive();
    }
  }
}
