package org.rogatory.hub.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.crash.StoreAudit.SubmittedMessage;
import org.rogatory.hub.infra.eventstore.ChainVerification;
import org.rogatory.hub.support.Enrolment;
import org.rogatory.hub.support.EnvelopeFixtures;
import org.rogatory.hub.support.EnvelopeFixtures.Sealed;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubProcess;
import org.rogatory.hub.support.HubTestBase.Party;
import org.rogatory.hub.support.RequestBodies;
import org.rogatory.hub.support.RetryingLoad.Route;

/**
 * The crash test of the hub issue: a load of submissions, {@code kill -9} of the hub at random
 * moments, restart; then every acknowledged message is present exactly once, the hash chain
 * verifies, and every projection matches a rebuild from the event history.
 *
 * <p>The real hub jar runs as a child process on the embedded store. Settings (system properties):
 * {@code rogatory.crash.kills} (default 20), {@code rogatory.crash.threads} (6), {@code
 * rogatory.crash.requests} (4), {@code rogatory.crash.seed} (random, printed), {@code
 * rogatory.crash.max-load-ms} (3000: the longest stretch of load before a kill), {@code
 * rogatory.crash.hub-jvm-args} (JVM options of the hub). docs/testing.md describes it.
 */
class CrashIT {
  private static final int KILLS = Integer.getInteger("rogatory.crash.kills", 20);
  private static final int THREADS = Integer.getInteger("rogatory.crash.threads", 6);
  private static final int REQUESTS = Integer.getInteger("rogatory.crash.requests", 4);
  private static final long MAX_LOAD_MS = Long.getLong("rogatory.crash.max-load-ms", 3000);
  private static final long MIN_LOAD_MS = 200;

  /** Share of kills that hit the hub while it starts and recovers, before it reports ready. */
  private static final double STARTUP_KILLS = 0.2;

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  @Test
  void hub_killedAtRandomUnderLoad_losesNoAcknowledgedMessage_andItsHistoryStaysSound()
      throws Exception {
    long seed = Long.getLong("rogatory.crash.seed", new Random().nextLong());
    Random random = new Random(seed);
    Path runDir =
        Path.of("target", "crash-test")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
            .toAbsolutePath();
    System.out.printf(
        "[crash] seed %d (rerun with -Drogatory.crash.seed=%d); %d kills, %d threads, %d requests;"
            + " files in %s%n",
        seed, seed, KILLS, THREADS, REQUESTS, runDir);
    long started = System.nanoTime();

    HubProcess hub = hub(runDir.resolve("data"));
    HubProcess rebuilder = hub(runDir.resolve("rebuild"));
    try {
      run(hub, rebuilder, random, seed, started);
    } finally {
      // Never leave a hub behind, whatever failed.
      hub.kill();
      rebuilder.kill();
    }
  }

  private void run(HubProcess hub, HubProcess rebuilder, Random random, long seed, long started)
      throws Exception {
    hub.start();
    hub.awaitReady(START_TIMEOUT);
    List<Route> routes = parties(hub);
    SubmissionLoad load = new SubmissionLoad(routes, seed);
    load.start(THREADS);

    int startupKills = 0;
    long lastStartMillis = 10_000;
    try {
      for (int kill = 1; kill <= KILLS; kill++) {
        boolean duringStartup = kill > 1 && random.nextDouble() < STARTUP_KILLS;
        if (duringStartup) {
          startupKills++;
          Thread.sleep((long) (random.nextDouble() * lastStartMillis));
        } else {
          long t0 = System.nanoTime();
          hub.awaitReady(START_TIMEOUT);
          if (kill > 1) {
            lastStartMillis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
          }
          Thread.sleep(MIN_LOAD_MS + (long) (random.nextDouble() * (MAX_LOAD_MS - MIN_LOAD_MS)));
        }
        hub.kill();
        System.out.printf(
            "[crash] kill %d/%d (%s) at %.1f s: %d acknowledged so far%n",
            kill,
            KILLS,
            duringStartup ? "while starting" : "under load",
            seconds(started),
            load.acknowledged.size());
        hub.start();
      }
      hub.awaitReady(START_TIMEOUT);
      Thread.sleep(1000); // load on the recovered hub, then the clients stop
    } finally {
      load.stop();
    }

    // The hub still answers after the last restart: a new message goes in, and comes out.
    Route route = routes.get(0);
    Sealed last =
        EnvelopeFixtures.seal(
            route.from(), List.of(route.to()), route.requestId(), EnvelopeFixtures.PAYLOAD, random);
    Response accepted =
        route
            .from()
            .client()
            .post(
                "/v1/requests/" + route.requestId() + "/messages",
                "application/vnd.rogatory.envelope",
                last.bytes(),
                last.messageId().toString());
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
    load.attempted.put(last.messageId(), last);
    load.acknowledged.add(last.messageId());
    // The request view is a projection: the message shows once it has caught up.
    String path = "/v1/requests/" + route.requestId() + "/messages/" + last.messageId();
    Response fetched = route.to().client().get(path);
    long until = System.nanoTime() + START_TIMEOUT.toNanos();
    while (fetched.status() == 404 && System.nanoTime() < until) {
      Thread.sleep(100);
      fetched = route.to().client().get(path);
    }
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(last.bytes());

    hub.awaitProcessorsCaughtUp(START_TIMEOUT);
    hub.stop(Duration.ofSeconds(60));
    double loadSeconds = seconds(started);

    System.out.printf(
        "[crash] %d kills (%d while starting) in %.1f s; %d envelopes acknowledged, %d sent without"
            + " an answer, %d calls failed without an answer, %d refused%n",
        KILLS,
        startupKills,
        loadSeconds,
        load.acknowledged.size(),
        load.attempted.size() - load.acknowledged.size(),
        load.failedCalls.get(),
        load.refusals.size());
    assertThat(load.refusals).as("answers other than 201 Created").isEmpty();
    assertThat(load.acknowledged.size()).as("acknowledged submissions").isGreaterThan(KILLS);

    Path rebuildDir = rebuilder.dataDir();
    HubProcess.copyTree(hub.dataDir(), rebuildDir);
    Map<String, Map<Object, Document>> live;
    long head;
    try (StoreAudit audit = StoreAudit.open(hub.dataDir())) {
      ChainVerification.Result chain = audit.verifyChain();
      assertThat(chain.intact()).as(chain.problem()).isTrue();
      head = chain.headSequence();
      checkMessages(audit, load);
      live = audit.projections();
      assertThat(audit.tokenPositions())
          .as("every processor has handled the whole log")
          .isNotEmpty()
          .allSatisfy((processor, position) -> assertThat(position).isEqualTo(head));
      checkViewsHoldEachMessageOnce(live, load);
      System.out.printf(
          "[crash] chain intact over %d events; every acknowledged message stored once%n",
          chain.eventsChecked());
    }

    // Rebuild every projection from the history: a hub on a copy of the store, with projections
    // and tokens dropped, replays the log; the result must equal what the crashed hub kept.
    try (StoreAudit copy = StoreAudit.open(rebuildDir)) {
      copy.dropProjections();
    }
    rebuilder.start();
    try {
      rebuilder.awaitReady(START_TIMEOUT);
      rebuilder.awaitProcessorsCaughtUp(START_TIMEOUT);
    } finally {
      rebuilder.stop(Duration.ofSeconds(60));
    }
    try (StoreAudit rebuilt = StoreAudit.open(rebuildDir)) {
      assertThat(rebuilt.verifyChain().headSequence())
          .as("the rebuild added no events")
          .isEqualTo(head);
      assertThat(rebuilt.tokenPositions())
          .allSatisfy((processor, position) -> assertThat(position).isEqualTo(head));
      Map<String, Map<Object, Document>> replayed = rebuilt.projections();
      for (String collection : StoreAudit.PROJECTION_COLLECTIONS) {
        assertThat(live.get(collection))
            .as("projection %s after the crashes against its rebuild", collection)
            .containsExactlyInAnyOrderEntriesOf(replayed.get(collection));
      }
    }
    System.out.printf(
        "[crash] done in %.1f s: projections equal their rebuild from %d events%n",
        seconds(started), head + 1);
  }

  private static HubProcess hub(Path dataDir) throws IOException {
    // C1 only: the hub starts in about half the time on a small machine, and it starts 20 times.
    String jvm =
        System.getProperty(
            "rogatory.crash.hub-jvm-args", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    return HubProcess.builder()
        .dataDir(dataDir)
        .jvmArgs(List.of(jvm.trim().split("\\s+")))
        // A fixed node id lets the restarted hub take its processors' claims back at once.
        .hubArgs(List.of("--rogatory.node-id=crash-test"))
        .build();
  }

  /** Enrols a Court organ and one State per request; each pair exchanges in both directions. */
  private static List<Route> parties(HubProcess hub) throws Exception {
    Enrolment enrolment = hub.enrolment();
    Party court = enrolment.enrol("court.registry", "COURT_ORGAN");
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      Party state = enrolment.enrol("state.s" + i, "CENTRAL_AUTHORITY");
      Response opened =
          court
              .client()
              .postJson(
                  "/v1/requests",
                  RequestBodies.evidenceRequest(state.id(), "ICC-CRASH-" + i),
                  UUID.randomUUID().toString());
      assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
      String requestId = opened.json().get("requestId").asText();
      awaitVisible(court, requestId);
      routes.add(new Route(requestId, court, state));
      routes.add(new Route(requestId, state, court));
    }
    return routes;
  }

  private static void awaitVisible(Party party, String requestId) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (party.client().get("/v1/requests/" + requestId).status() != 200) {
      if (System.nanoTime() > until) {
        throw new AssertionError("request " + requestId + " never became visible");
      }
      Thread.sleep(50);
    }
  }

  private static void checkMessages(StoreAudit audit, SubmissionLoad load) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, SubmittedMessage> byId = new HashMap<>();
    for (SubmittedMessage m : audit.submittedMessages()) {
      counts.merge(m.messageId(), 1, Integer::sum);
      byId.put(m.messageId(), m);
    }
    List<String> duplicated = new ArrayList<>();
    counts.forEach(
        (id, n) -> {
          if (n > 1) {
            duplicated.add(id + " x" + n);
          }
        });
    assertThat(duplicated).as("messages recorded more than once").isEmpty();
    List<String> missing = new ArrayList<>();
    for (UUID id : load.acknowledged) {
      SubmittedMessage m = byId.get(id.toString());
      if (m == null) {
        missing.add(id.toString());
        continue;
      }
      Sealed sent = load.attempted.get(id);
      assertThat(m.requestId()).isEqualTo(sent.requestId());
      assertThat(m.envelopeDigest()).isEqualTo(sent.sha256());
      assertThat(audit.blobSha256(m.blobId()))
          .as("stored envelope of message %s", id)
          .isEqualTo(sent.sha256());
    }
    assertThat(missing).as("acknowledged messages missing from the event log").isEmpty();
    for (String id : counts.keySet()) {
      assertThat(load.attempted).as("a message nobody sent").containsKey(UUID.fromString(id));
    }
  }

  /** Each acknowledged message is in its request's view once, and in the inbox of its addressee. */
  private static void checkViewsHoldEachMessageOnce(
      Map<String, Map<Object, Document>> projections, SubmissionLoad load) {
    Map<String, Integer> inViews = StoreAudit.messagesInViews(projections);
    Map<String, Integer> inInboxes = new HashMap<>();
    for (Document entry : projections.get("inbox_entries").values()) {
      inInboxes.merge(entry.getString("messageId"), 1, Integer::sum);
    }
    for (UUID id : load.acknowledged) {
      assertThat(inViews.get(id.toString())).as("message %s in its request view", id).isEqualTo(1);
      assertThat(inInboxes.get(id.toString())).as("message %s in the inbox", id).isEqualTo(1);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
