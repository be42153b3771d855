package org.rogatory.hub.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.ConsistencyProof;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.TreeHash;
import org.rogatory.hub.crash.StoreAudit;
import org.rogatory.hub.crash.StoreAudit.SubmittedMessage;
import org.rogatory.hub.infra.eventstore.ChainVerification;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.support.Enrolment;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubApiClient.Sse;
import org.rogatory.hub.support.HubProcess;
import org.rogatory.hub.support.HubTestBase.Party;
import org.rogatory.hub.support.RequestBodies;
import org.rogatory.hub.support.RetryingLoad.Route;

/**
 * Scale-out, proven with processes: the embedded store runs alone as a server, and three real hub
 * processes share it through {@code MONGODB_URI}, exactly as they would share a replica set. A
 * round-robin client drives them; one node is killed with SIGKILL under load, another is stopped
 * gracefully and the killed one restarted; then the store is audited. docs/testing.md describes
 * what each step proves.
 *
 * <p>The nodes share one PKI and one log key: the first node creates them in its data directory,
 * and the others start on a copy of {@code pki/} and {@code log/} (deploy/README.md: in production
 * the same files come from a secret). Settings (system properties): {@code
 * rogatory.multinode.threads} (4), {@code rogatory.multinode.seed} (random, printed), {@code
 * rogatory.multinode.hub-jvm-args}.
 */
class MultiNodeIT {
  private static final int THREADS = Integer.getInteger("rogatory.multinode.threads", 4);
  private static final int STATES = 3;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

  /** Processors split in two segments with one thread per node, so that two nodes share each. */
  private static final List<String> SPLIT = List.of("request-views", "inboxes");

  private static final List<String> PROCESSORS =
      List.of(
          "request-views",
          "inboxes",
          "party-directory",
          "deadlines",
          "console-proposals",
          "console-audit",
          "console-statistics");

  private final Map<String, Set<String>> ownersSeen = new ConcurrentHashMap<>();
  private final List<Map<String, String>> ownerSamples = new ArrayList<>();

  @Test
  void threeHubsOnOneStore_shareTheWork_surviveAKilledNode_andKeepTheHistorySound()
      throws Exception {
    long seed = Long.getLong("rogatory.multinode.seed", new Random().nextLong());
    Path runDir =
        Path.of("target", "multinode-test")
            .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
            .toAbsolutePath();
    Files.createDirectories(runDir);
    System.out.printf("[multinode] seed %d; files in %s%n", seed, runDir);
    long started = System.nanoTime();
    // The build may repackage the jar while this test runs: every process runs from a copy.
    Path jar = runDir.resolve("rogatory-hub.jar");
    Files.copy(hubJar(), jar, StandardCopyOption.REPLACE_EXISTING);
    List<String> jvm = jvmArgs();

    try (StandaloneStore store = StandaloneStore.start(jar, runDir, HubProcess.freePort(), jvm)) {
      HubProcess a = node("node-a", jar, runDir, store.uri(), jvm);
      HubProcess b = node("node-b", jar, runDir, store.uri(), jvm);
      HubProcess c = node("node-c", jar, runDir, store.uri(), jvm);
      try (StoreAudit audit = StoreAudit.connect(store.uri());
          EventLog log = new EventLog(audit.database())) {
        run(a, b, c, audit, log, seed, started);
      } finally {
        a.kill();
        b.kill();
        c.kill();
      }
    }
    System.out.printf("[multinode] done in %.1f s%n", seconds(started));
  }

  private void run(
      HubProcess a,
      HubProcess b,
      HubProcess c,
      StoreAudit audit,
      EventLog log,
      long seed,
      long started)
      throws Exception {
    // One node creates the PKI and the log key; the others start on copies of them.
    a.start();
    a.awaitReady(START_TIMEOUT);
    for (HubProcess other : List.of(b, c)) {
      HubProcess.copyTree(a.pki(), other.pki());
      HubProcess.copyTree(a.dataDir().resolve("log"), other.dataDir().resolve("log"));
      other.start();
    }
    b.awaitReady(START_TIMEOUT);
    c.awaitReady(START_TIMEOUT);
    System.out.printf("[multinode] three nodes ready at %.1f s%n", seconds(started));
    Map<Integer, String> names =
        Map.of(a.apiPort(), "node-a", b.apiPort(), "node-b", c.apiPort(), "node-c");

    checkStructuredLog(c);

    // Parties enrol on node A; each request is opened on another node and read on a third.
    Enrolment enrolment = a.enrolment();
    Party court = enrolment.enrol("court.registry", "COURT_ORGAN");
    List<Party> parties = new ArrayList<>(List.of(court));
    List<Route> routes = new ArrayList<>();
    List<HubProcess> nodes = List.of(a, b, c);
    for (int i = 0; i < STATES; i++) {
      Party state = enrolment.enrol("state.m" + i, "CENTRAL_AUTHORITY");
      parties.add(state);
      String requestId = open(court.client().at(nodes.get(i % 3).apiPort()), state.id(), i);
      awaitVisible(court.client().at(nodes.get((i + 1) % 3).apiPort()), requestId);
      routes.add(new Route(requestId, court, state));
      routes.add(new Route(requestId, state, court));
    }

    // Every party listens on every node.
    List<PushWatcher> watchers = new ArrayList<>();
    for (Party p : parties) {
      for (HubProcess n : nodes) {
        PushWatcher w = new PushWatcher(p);
        w.connect(n.apiPort());
        watchers.add(w);
      }
    }

    Thread sampler = sampler(audit);
    RoundRobinLoad load =
        new RoundRobinLoad(routes, List.of(a.apiPort(), b.apiPort(), c.apiPort()), seed);
    load.start(THREADS);
    Checkpoint beforeKill;
    int ackedBeforeKill;
    CheckpointVerifier verifier = verifier(court.client().at(a.apiPort()));
    try {
      // Phase 1: three nodes under load, until both halves of each split processor have been
      // worked by two different nodes and node A has published a checkpoint.
      awaitCondition(
          "the split processors shared between two nodes",
          SETTLE_TIMEOUT,
          () -> SPLIT.stream().allMatch(this::sharedByTwoNodes));
      Thread.sleep(3000);
      assertThat(leaseHolder(audit))
          .as("the first node started holds the log lease")
          .isEqualTo("node-a");
      beforeKill = latestCheckpoint(court.client().at(a.apiPort()), verifier);
      Set<String> claimedByA = claims(audit, "node-a");
      assertThat(claimedByA).as("segments node A works before it dies").isNotEmpty();

      // Phase 2: kill node A (SIGKILL) under load; the balancer takes it out of the rotation and
      // its push clients resume on node B.
      a.kill();
      load.markDown(a.apiPort());
      ackedBeforeKill = load.acknowledged.size();
      long killedAt = System.nanoTime();
      System.out.printf(
          "[multinode] killed node A at %.1f s (%d acknowledged); it held %s and the log lease%n",
          seconds(started), load.acknowledged.size(), claimedByA);
      for (PushWatcher w : watchers) {
        if (w.port() == a.apiPort()) {
          w.resumeOn(b.apiPort());
        }
      }
      awaitCondition(
          "node A's segments and the log lease taken over by node B or C",
          SETTLE_TIMEOUT,
          () ->
              claimedByA.stream()
                      .allMatch(s -> Set.of("node-b", "node-c").contains(owner(audit, s)))
                  && Set.of("node-b", "node-c").contains(leaseHolder(audit)));
      System.out.printf(
          "[multinode] takeover after %.1f s%n", (System.nanoTime() - killedAt) / 1e9);
      Thread.sleep(2000); // load on the two survivors
    } finally {
      load.stop();
    }
    long acknowledged = load.acknowledged.size();
    System.out.printf(
        "[multinode] %d acknowledged (by node %s), %d calls without answer, %d conflicts (409),"
            + " %d unavailable (503), %d refused%n",
        acknowledged,
        byName(load, names),
        load.unanswered.get(),
        load.conflicts.get(),
        load.unavailable.get(),
        load.refusals.size());
    assertThat(load.refusals).as("answers other than 201 or a retryable refusal").isEmpty();
    // Races between nodes for one request are retried inside the hub, never shown to the client.
    assertThat(load.conflicts.get()).as("409 CONCURRENT_MODIFICATION answers").isZero();
    assertThat(ackedBeforeKill).as("acknowledged before the kill").isPositive();
    assertThat(acknowledged).as("acknowledged by the survivors").isGreaterThan(ackedBeforeKill);
    assertThat(load.acceptedBy.keySet())
        .as("every node accepted submissions")
        .containsExactlyInAnyOrder(a.apiPort(), b.apiPort(), c.apiPort());

    // Every processor catches up on the survivors; node A's claims are all gone.
    long head = log.head();
    awaitCondition(
        "every segment of every processor at the head of the log",
        SETTLE_TIMEOUT,
        () -> positions(audit).values().stream().allMatch(p -> p >= head));
    assertThat(positions(audit).keySet())
        .as("every processor, the split ones in two segments")
        .containsExactlyInAnyOrder(
            "request-views/0",
            "request-views/1",
            "inboxes/0",
            "inboxes/1",
            "party-directory/0",
            "deadlines/0",
            "console-proposals/0",
            "console-audit/0",
            "console-statistics/0");

    // Push: every party, on every node it listened to, heard of every message of its requests
    // exactly once and in log order, whichever node accepted it.
    List<SubmittedMessage> stored = audit.submittedMessages();
    checkPush(watchers, stored, routes);
    checkRequestLists(parties, routes, c.apiPort());
    for (PushWatcher w : watchers) {
      w.close();
    }

    // The transparency log went on under its new publisher, consistent with what A published.
    Checkpoint last = checkpointCovering(court.client().at(c.apiPort()), verifier, head);
    checkLogTree(court.client().at(c.apiPort()), log, beforeKill, last);

    // Graceful stop of node B: it releases its segments and the lease at once (no expiry wait).
    Set<String> claimedByB = claims(audit, "node-b");
    b.stop(Duration.ofSeconds(60));
    assertThat(claims(audit, "node-b"))
        .as("claims node B still holds after a clean stop")
        .isEmpty();
    assertThat(leaseHolder(audit)).isNotEqualTo("node-b");
    // Node A comes back (same node id, same files) and picks up what node B released; node C
    // already works one segment of each split processor, and has one thread for it.
    a.start();
    a.awaitReady(START_TIMEOUT);
    awaitCondition(
        "node B's released segments worked by a live node",
        SETTLE_TIMEOUT,
        () ->
            claimedByB.stream()
                .allMatch(s -> Set.of("node-a", "node-c").contains(owner(audit, s))));
    long finalHead = log.head();
    awaitCondition(
        "every segment at the head of the log on nodes A and C",
        SETTLE_TIMEOUT,
        () -> positions(audit).values().stream().allMatch(p -> p >= finalHead));
    sampler.interrupt();
    sampler.join();
    System.out.printf("[multinode] segment owners seen: %s%n", ownersSeen);
    a.stop(Duration.ofSeconds(60));
    c.stop(Duration.ofSeconds(60));

    // The store, read directly.
    ChainVerification.Result chain = audit.verifyChain();
    assertThat(chain.intact()).as(chain.problem()).isTrue();
    assertThat(audit.tokenPositions())
        .as("every segment handled the whole log")
        .allSatisfy((segment, position) -> assertThat(position).isEqualTo(chain.headSequence()));
    checkMessagesOnce(audit, stored, load);
    checkProjections(audit.projections(), stored, load, parties);
    System.out.printf(
        "[multinode] chain intact over %d events; %d messages stored once each; %.1f s%n",
        chain.eventsChecked(), stored.size(), seconds(started));
  }

  /**
   * Node C logs JSON: a call with a correlation id leaves one line whose {@code correlationId}
   * field is that id, and whose message names the call (its access line).
   */
  private static void checkStructuredLog(HubProcess node) throws Exception {
    String id = "multinode-" + UUID.randomUUID();
    HubApiClient anonymous = node.anonymous();
    Response status =
        anonymous.send(anonymous.request("/v1/status").header("X-Correlation-Id", id).GET());
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.headers().firstValue("X-Correlation-Id")).hasValue(id);
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (String line : Files.readAllLines(node.log(), StandardCharsets.UTF_8)) {
        if (line.startsWith("{") && line.contains(id)) {
          JsonNode json = HubApiClient.JSON.readTree(line);
          assertThat(json.path("correlationId").asText()).isEqualTo(id);
          assertThat(json.path("message").asText()).startsWith("GET /v1/status 200 ");
          assertThat(json.path("log").path("logger").asText()).isEqualTo("org.rogatory.hub.access");
          return;
        }
      }
      assertThat(System.nanoTime())
          .as("a JSON access line for %s in %s", id, node.log())
          .isLessThan(until);
      Thread.sleep(100);
    }
  }

  private static HubProcess node(String name, Path jar, Path runDir, String uri, List<String> jvm)
      throws IOException {
    List<String> args = new ArrayList<>();
    args.add("--rogatory.node-id=" + name);
    args.add("--rogatory.token-claim-timeout=4s");
    args.add("--rogatory.log.lease=4s");
    for (String p : PROCESSORS) {
      args.add("--axon.eventhandling.processors." + p + ".mode=tracking");
      args.add("--axon.eventhandling.processors." + p + ".token-claim-interval=500");
      args.add(
          "--axon.eventhandling.processors." + p + ".token-claim-interval-time-unit=MILLISECONDS");
    }
    for (String p : SPLIT) {
      args.add("--axon.eventhandling.processors." + p + ".initial-segment-count=2");
      args.add("--axon.eventhandling.processors." + p + ".thread-count=1");
    }
    if (name.equals("node-c")) {
      // One node logs JSON (ECS), as deploy/config/application-prod.yml has it.
      args.add("--logging.structured.format.console=ecs");
    }
    return HubProcess.builder()
        .jar(jar)
        .dataDir(runDir.resolve(name))
        .jvmArgs(jvm)
        .hubArgs(args)
        .environment("MONGODB_URI", uri)
        .build();
  }

  private static List<String> jvmArgs() {
    String jvm =
        System.getProperty(
            "rogatory.multinode.hub-jvm-args",
            "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1");
    return List.of(jvm.trim().split("\\s+"));
  }

  private static Path hubJar() {
    String configured = System.getProperty("rogatory.hub.jar");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path inModule = Path.of("target", "rogatory-hub.jar");
    return Files.exists(inModule) ? inModule : Path.of("hub", "target", "rogatory-hub.jar");
  }

  private static String open(HubApiClient court, String addressee, int i) throws Exception {
    Response opened =
        court.postJson(
            "/v1/requests",
            RequestBodies.evidenceRequest(addressee, "ICC-MULTI-" + i),
            UUID.randomUUID().toString());
    assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    return opened.json().get("requestId").asText();
  }

  private static void awaitVisible(HubApiClient client, String requestId) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (client.get("/v1/requests/" + requestId).status() != 200) {
      if (System.nanoTime() > until) {
        throw new AssertionError("request " + requestId + " never became visible");
      }
      Thread.sleep(50);
    }
  }

  // ---- token claims, read from the shared store

  /** Samples the owner of every segment four times a second, for the report and the checks. */
  private Thread sampler(StoreAudit audit) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  Map<String, String> sample = new LinkedHashMap<>();
                  for (Document d : audit.database().getCollection("tracking_tokens").find()) {
                    if (d.containsKey("processor") && d.getString("owner") != null) {
                      sample.put(d.getString("_id"), d.getString("owner"));
                      ownersSeen
                          .computeIfAbsent(d.getString("_id"), k -> ConcurrentHashMap.newKeySet())
                          .add(d.getString("owner"));
                    }
                  }
                  synchronized (ownerSamples) {
                    ownerSamples.add(sample);
                  }
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the store is busy or closing; sample again
                }
              }
            },
            "multinode-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Whether one sample saw segments 0 and 1 of {@code processor} held by two different nodes. */
  private boolean sharedByTwoNodes(String processor) {
    synchronized (ownerSamples) {
      for (Map<String, String> s : ownerSamples) {
        String zero = s.get(processor + "/0");
        String one = s.get(processor + "/1");
        if (zero != null && one != null && !zero.equals(one)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String owner(StoreAudit audit, String segment) {
    Document d =
        audit
            .database()
            .getCollection("tracking_tokens")
            .find(new Document("_id", segment))
            .first();
    return d == null ? null : d.getString("owner");
  }

  private static Set<String> claims(StoreAudit audit, String node) {
    Set<String> out = new HashSet<>();
    for (Document d : audit.database().getCollection("tracking_tokens").find()) {
      if (node.equals(d.getString("owner"))) {
        out.add(d.getString("_id"));
      }
    }
    return out;
  }

  private static Map<String, Long> positions(StoreAudit audit) {
    try {
      return audit.tokenPositions();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String leaseHolder(StoreAudit audit) {
    Document d =
        audit.database().getCollection("log_meta").find(new Document("_id", "publisher")).first();
    if (d == null || d.getString("owner") == null) {
      return null;
    }
    return d.getString("owner");
  }

  // ---- the transparency log

  private static CheckpointVerifier verifier(HubApiClient client) throws Exception {
    Response keys = client.get("/v1/log/keys");
    assertThat(keys.status()).as(keys.toString()).isEqualTo(200);
    List<NoteVerifierKey> published = new ArrayList<>();
    for (JsonNode k : keys.json().get("verifierKeys")) {
      published.add(NoteVerifierKey.parse(k.asText()));
    }
    return CheckpointVerifier.forLog(keys.json().get("origin").asText(), published);
  }

  private static Checkpoint latestCheckpoint(HubApiClient client, CheckpointVerifier verifier)
      throws Exception {
    Response r = client.get("/v1/log/checkpoint");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return verifier.verify(new String(r.body(), StandardCharsets.UTF_8));
  }

  private static Checkpoint checkpointCovering(
      HubApiClient client, CheckpointVerifier verifier, long head) throws Exception {
    long until = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (true) {
      Checkpoint c = latestCheckpoint(client, verifier);
      if (c.size() > head) {
        return c;
      }
      assertThat(System.nanoTime()).as("a checkpoint covering event %d", head).isLessThan(until);
      Thread.sleep(200);
    }
  }

  /**
   * The final checkpoint's root is the tree of every stored event, and it is consistent with the
   * checkpoint the killed node had published: the new publisher extended the same tree.
   */
  private static void checkLogTree(
      HubApiClient client, EventLog log, Checkpoint before, Checkpoint last) throws Exception {
    List<TreeHash> leaves = new ArrayList<>();
    long next = 0;
    while (next < last.size()) {
      List<StoredEvent> batch = log.readFrom(next, (int) Math.min(512, last.size() - next));
      for (StoredEvent e : batch) {
        leaves.add(EventLeaf.hash(e.globalSequence(), e.hash()));
        next = e.globalSequence() + 1;
      }
    }
    assertThat(TreeHash.rootOf(leaves)).isEqualTo(last.root());
    assertThat(last.size()).isGreaterThan(before.size());
    Response r =
        client.get("/v1/log/proof/consistency?from=" + before.size() + "&to=" + last.size());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<TreeHash> path = new ArrayList<>();
    r.json().get("consistencyPath").forEach(n -> path.add(TreeHash.ofBase64(n.asText())));
    ConsistencyProof.of(before.size(), last.size(), path).verify(before.root(), last.root());
  }

  // ---- what the store and the clients hold at the end

  private static void checkMessagesOnce(
      StoreAudit audit, List<SubmittedMessage> stored, RoundRobinLoad load) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    for (SubmittedMessage m : stored) {
      counts.merge(m.messageId(), 1, Integer::sum);
    }
    assertThat(counts)
        .as("messages recorded more than once")
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    Map<String, SubmittedMessage> byId = new HashMap<>();
    stored.forEach(m -> byId.put(m.messageId(), m));
    for (UUID id : load.acknowledged) {
      SubmittedMessage m = byId.get(id.toString());
      assertThat(m).as("acknowledged message %s in the event log", id).isNotNull();
      assertThat(m.envelopeDigest()).isEqualTo(load.attempted.get(id).sha256());
      assertThat(audit.blobSha256(m.blobId())).isEqualTo(load.attempted.get(id).sha256());
    }
    for (String id : counts.keySet()) {
      assertThat(load.attempted).as("a message nobody sent").containsKey(UUID.fromString(id));
    }
  }

  /**
   * Each stored message is once in its request's view and once in its addressee's inbox; each inbox
   * is numbered 0..n-1 without a gap, in the order of the log.
   */
  private static void checkProjections(
      Map<String, Map<Object, Document>> projections,
      List<SubmittedMessage> stored,
      RoundRobinLoad load,
      List<Party> parties) {
    Map<String, Integer> inViews = StoreAudit.messagesInViews(projections);
    Map<String, Long> sequenceOf = new HashMap<>();
    for (SubmittedMessage m : stored) {
      assertThat(inViews.get(m.messageId()))
          .as("message %s in its view", m.messageId())
          .isEqualTo(1);
      sequenceOf.put(m.messageId(), m.globalSequence());
    }
    assertThat(inViews.keySet()).containsExactlyInAnyOrderElementsOf(sequenceOf.keySet());
    Map<Object, Document> inbox = projections.get("inbox_entries");
    for (Party p : parties) {
      List<String> expected = new ArrayList<>();
      for (SubmittedMessage m : stored) {
        if (m.recipients().contains(p.id()) && !m.sender().equals(p.id())) {
          expected.add(m.messageId());
        }
      }
      List<String> actual = new ArrayList<>();
      for (int i = 0; inbox.containsKey(p.id() + "#" + i); i++) {
        actual.add(inbox.get(p.id() + "#" + i).getString("messageId"));
      }
      assertThat(actual)
          .as("inbox of %s, in log order", p.id())
          .containsExactlyElementsOf(expected);
    }
    long entries = inbox.size();
    long expectedEntries =
        stored.stream()
            .mapToLong(m -> m.recipients().stream().filter(r -> !r.equals(m.sender())).count())
            .sum();
    assertThat(entries).as("no inbox entry beyond the messages").isEqualTo(expectedEntries);
    assertThat(load.acknowledged).isNotEmpty();
  }

  /**
   * Each party lists, on a surviving node, exactly its requests in the order they were opened (the
   * lists are numbered by the split inboxes processor, in one sequence whichever node owns it).
   */
  private static void checkRequestLists(List<Party> parties, List<Route> routes, int port)
      throws Exception {
    for (Party p : parties) {
      List<String> expected = new ArrayList<>();
      for (Route r : routes) {
        if (r.from().id().equals(p.id()) && !expected.contains(r.requestId())) {
          expected.add(r.requestId());
        }
      }
      Response listed = p.client().at(port).get("/v1/requests?order=OLDEST&limit=200");
      assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
      List<String> actual = new ArrayList<>();
      listed.json().get("requests").forEach(r -> actual.add(r.get("requestId").asText()));
      assertThat(actual)
          .as("requests of %s, in opening order", p.id())
          .containsExactlyElementsOf(expected);
    }
  }

  private static void checkPush(
      List<PushWatcher> watchers, List<SubmittedMessage> stored, List<Route> routes)
      throws Exception {
    Map<String, Set<String>> partiesOf = new HashMap<>();
    for (Route r : routes) {
      partiesOf.computeIfAbsent(r.requestId(), k -> new HashSet<>()).add(r.from().id());
      partiesOf.computeIfAbsent(r.requestId(), k -> new HashSet<>()).add(r.to().id());
    }
    for (PushWatcher w : watchers) {
      List<String> expected = new ArrayList<>();
      for (SubmittedMessage m : stored) {
        if (partiesOf.get(m.requestId()).contains(w.party.id())) {
          expected.add(m.globalSequence() + ":" + m.messageId());
        }
      }
      long until = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
      List<String> actual = submittedNotifications(w);
      while (actual.size() < expected.size() && System.nanoTime() < until) {
        Thread.sleep(200);
        actual = submittedNotifications(w);
      }
      assertThat(actual)
          .as("message notifications to %s listening on port %d", w.party.id(), w.port())
          .containsExactlyElementsOf(expected);
      long previous = -1;
      for (Sse s : w.received()) {
        long id = Long.parseLong(s.id());
        assertThat(id).as("notification ids strictly increase").isGreaterThan(previous);
        previous = id;
      }
    }
  }

  private static List<String> submittedNotifications(PushWatcher w) {
    List<String> out = new ArrayList<>();
    for (Sse s : w.received()) {
      if ("message-submitted".equals(s.event())) {
        out.add(s.id() + ":" + s.data().path("messageId").asText());
      }
    }
    return out;
  }

  // ---- small things

  private static Map<String, Long> byName(RoundRobinLoad load, Map<Integer, String> names) {
    Map<String, Long> out = new LinkedHashMap<>();
    load.acceptedBy.forEach((port, n) -> out.put(names.get(port), n.get()));
    return out;
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitCondition(String what, Duration timeout, Condition condition)
      throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(200);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
