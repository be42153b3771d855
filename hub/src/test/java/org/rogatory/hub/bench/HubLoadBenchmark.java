package org.rogatory.hub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.rogatory.hub.bench.SubmissionDriver.Result;
import org.rogatory.hub.bench.SubmissionDriver.Submission;
import org.rogatory.hub.support.Enrolment;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubProcess;
import org.rogatory.hub.support.HubTestBase.Party;
import org.rogatory.hub.support.RequestBodies;

/**
 * The hub's load benchmark (hub/bench/run-load.sh; method and results in docs/benchmarks.md): the
 * real hub jar as a child process on the embedded store, many enrolled parties submitting sealed 4
 * KiB envelopes over mTLS. It measures sustained throughput and latency with a small history and
 * again after a large prefilled one, the raw insert rate of the same store for comparison, and the
 * hub's heap while a large attachment streams in and out. Not a test: nothing here runs in {@code
 * verify}.
 */
public final class HubLoadBenchmark {
  private static final int COURTS = 3;
  private static final Duration START = Duration.ofMinutes(5);

  private final int parties = Integer.getInteger("bench.parties", 100);
  private final int concurrency = Integer.getInteger("bench.concurrency", 64);
  private final int warmup = Integer.getInteger("bench.warmup", 1000);
  private final int maxCount = Integer.getInteger("bench.max-count", 6000);
  private final int rate = Integer.getInteger("bench.rate", 500);
  private final int rateSeconds = Integer.getInteger("bench.rate-seconds", 10);
  private final long prefillEvents = Long.getLong("bench.prefill-events", 1_000_000);
  private final long attachmentMib = Long.getLong("bench.attachment-mib", 1024);
  private final boolean skipLarge = Boolean.getBoolean("bench.skip-large");
  private final boolean skipAttachment = Boolean.getBoolean("bench.skip-attachment");
  private final String hubJvm = System.getProperty("bench.hub-jvm-args", "-Xmx1g");
  private final Path out =
      Path.of(System.getProperty("bench.out", "hub/target/bench-results")).toAbsolutePath();
  private final SubmissionDriver driver = new SubmissionDriver();
  private BenchReport report;

  /** One measured stage: a fresh set of requests, warm-up, then the two load shapes. */
  record Stage(
      String label,
      long headBefore,
      long headAfter,
      Result max,
      Result rated,
      double lag,
      Latencies checkpointLag) {}

  public static void main(String[] args) throws Exception {
    new HubLoadBenchmark().run();
  }

  private void run() throws Exception {
    Path runDir = out.resolve("run-" + Instant.now().toString().replace(':', '-'));
    Files.createDirectories(runDir);
    Path reportFile = out.resolve("hub-load.txt");
    report = BenchReport.to(reportFile);
    print(
        "settings: %d parties, %d concurrent clients, warm-up %d, max-throughput phase %d"
            + " submissions, %d/s for %d s, prefill to %,d events, attachment %d MiB, hub %s",
        parties,
        concurrency,
        warmup,
        maxCount,
        rate,
        rateSeconds,
        prefillEvents,
        attachmentMib,
        hubJvm);
    print("files in %s", runDir);

    HubProcess hub = hub(runDir.resolve("data"), hubJvm);
    try {
      hub.start();
      hub.awaitReady(START);
      long t0 = System.nanoTime();
      Enrolment enrolment = hub.enrolment();
      List<Party> courts = new ArrayList<>();
      List<Party> states = new ArrayList<>();
      for (int i = 0; i < parties; i++) {
        if (i < COURTS) {
          courts.add(enrolment.enrol("court.organ" + i, "COURT_ORGAN"));
        } else {
          states.add(enrolment.enrol("state.s" + i, "CENTRAL_AUTHORITY"));
        }
      }
      print("enrolled %d parties in %.0f s", parties, seconds(t0));

      Stage small = stage("small history", hub, courts, states);
      hub.stop(Duration.ofMinutes(2));

      int eventBytes = HistoryPrefill.averageMessageCommitBytes(hub.dataDir());
      double raw =
          RawInsertBaseline.insertRate(runDir.resolve("raw"), maxCount, concurrency, eventBytes);
      print(
          "raw: %,d event-sized documents (%d bytes) by %d clients into a fresh durable embedded"
              + " store: %.0f/s; load average %s",
          maxCount, eventBytes, concurrency, raw, loadAverage());

      Stage large = null;
      if (!skipLarge) {
        HistoryPrefill.Outcome filled =
            new HistoryPrefill(ids(courts), ids(states)).fill(hub.dataDir(), prefillEvents, 32);
        print(
            "prefill: %,d requests, events %,d -> %,d in %.0f s; store file %.1f GiB",
            filled.requests(),
            filled.headBefore() + 1,
            filled.headAfter() + 1,
            filled.seconds(),
            filled.fileBytes() / 1073741824.0);
        t0 = System.nanoTime();
        hub.start();
        hub.awaitReady(START);
        print("restart on the large store: ready in %.0f s", seconds(t0));
        checkPrefilledReadable(courts.get(0), states.get(0));
        // The prefill wrote past the log publisher, which now has the whole history to hash into
        // the tree; a hub that had been running would have kept up. Let it catch up first, so
        // that the stage measures the lag of new events.
        t0 = System.nanoTime();
        try (CheckpointLag catchUp = CheckpointLag.start(hub, courts.get(0).client())) {
          catchUp.awaitCovered(1_200_000);
          print(
              "the log publisher covered the prefilled history %.0f s after the restart's readiness"
                  + " (%,d events not covered)",
              seconds(t0), catchUp.uncovered());
        }
        large = stage("large history", hub, courts, states);
        ProofLatency.Result proofs = ProofLatency.measure(courts.get(0).client(), 1000, 5000);
        print(
            "proofs over HTTPS (one connection, sequential, the hub otherwise idle) on the %,d-leaf"
                + " tree, 5,000 of each: inclusion p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms;"
                + " consistency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms; the cheapest"
                + " authenticated call (GET /v1/log/keys) interleaved: p50 %.2f ms, p99 %.2f ms",
            proofs.treeSize(),
            proofs.inclusion().percentileMillis(50),
            proofs.inclusion().percentileMillis(99),
            proofs.inclusion().percentileMillis(99.9),
            proofs.consistency().percentileMillis(50),
            proofs.consistency().percentileMillis(99),
            proofs.consistency().percentileMillis(99.9),
            proofs.floor().percentileMillis(50),
            proofs.floor().percentileMillis(99));
        hub.stop(Duration.ofMinutes(2));
      }

      AttachmentRoundTrip.Result attachment = skipAttachment ? null : attachment(runDir);
      summary(small, large, raw, attachment);
    } finally {
      hub.kill();
      report.close();
    }
    System.out.println("report written to " + reportFile);
  }

  private Stage stage(String label, HubProcess hub, List<Party> courts, List<Party> states)
      throws Exception {
    List<Route> routes = openRequests(courts, states);
    long headBefore = head(hub);
    print("== %s: %,d events stored, %d requests opened", label, headBefore + 1, routes.size() / 2);
    List<Submission> warm = seal(routes, warmup);
    runPhase(hub, () -> driver.closedLoop("warm-up", warm, 16));
    hub.awaitProcessorsCaughtUp(START);
    List<Submission> most = seal(routes, maxCount);
    StoreCommands commandsBefore = StoreCommands.snapshot(hub);
    CheckpointLag sampler = CheckpointLag.start(hub, courts.get(0).client());
    Result max = runPhase(hub, () -> driver.closedLoop("max throughput", most, concurrency));
    sampler.awaitCovered(30_000);
    sampler.close();
    Latencies checkpointLag = sampler.lags();
    print(
        "  checkpoint lag over the %,d events stored in that phase (stored -> covered by a"
            + " published checkpoint, sampled every %d ms): p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
            + " %d not covered after 30 s",
        checkpointLag.count(),
        CheckpointLag.INTERVAL_MS,
        checkpointLag.percentileMillis(50),
        checkpointLag.percentileMillis(99),
        checkpointLag.percentileMillis(100),
        sampler.uncovered());
    long t0 = System.nanoTime();
    double cpu0 = hub.cpuSeconds();
    hub.awaitProcessorsCaughtUp(START);
    print(
        "  projections caught up %.1f s after the last acknowledgement (hub CPU meanwhile %.1f s)",
        seconds(t0), hub.cpuSeconds() - cpu0);
    double lag = seconds(t0);
    print(
        "  store round trips per submission over that phase and its catch-up (the sampler's"
            + " reads included: about %.2f per submission):",
        // each sample: one head metric read (no store command) and one checkpoint read
        (double) sampler.samples() / Math.max(1, max.acknowledged()));
    for (String line :
        StoreCommands.snapshot(hub).perUnitSince(commandsBefore, max.acknowledged())) {
      print("    %s", line);
    }
    List<Submission> paced = seal(routes, rate * rateSeconds);
    Result rated = runPhase(hub, () -> driver.fixedRate(rate + "/s offered", paced, rate));
    hub.awaitProcessorsCaughtUp(START);
    long headAfter = head(hub);
    print("  %,d events stored at the end of the stage", headAfter + 1);
    return new Stage(label, headBefore, headAfter, max, rated, lag, checkpointLag);
  }

  private interface Phase {
    Result run() throws Exception;
  }

  /** Runs a phase and prints its figures, with the CPU time the hub and this client used. */
  private Result runPhase(HubProcess hub, Phase phase) throws Exception {
    double hubCpu = hub.cpuSeconds();
    double clientCpu = clientCpuSeconds();
    Result r = phase.run();
    hubCpu = hub.cpuSeconds() - hubCpu;
    clientCpu = clientCpuSeconds() - clientCpu;
    print(
        "  %-16s %,6d offered, %,6d acknowledged in %6.1f s = %7.1f/s; latency p50 %6.1f ms,"
            + " p99 %7.1f ms, max %7.1f ms; CPU per submission: hub %.1f ms, client %.1f ms;"
            + " load average %s",
        r.name(),
        r.offered(),
        r.acknowledged(),
        r.seconds(),
        r.perSecond(),
        r.latencies().percentileMillis(50),
        r.latencies().percentileMillis(99),
        r.latencies().percentileMillis(100),
        1000 * hubCpu / Math.max(1, r.acknowledged()),
        1000 * clientCpu / Math.max(1, r.acknowledged()),
        loadAverage());
    List<String> failures = driver.drainFailures();
    if (!failures.isEmpty()) {
      print("  %d failures, first: %s", failures.size(), failures.get(0));
    }
    return r;
  }

  private List<Submission> seal(List<Route> routes, int count) throws Exception {
    long t0 = System.nanoTime();
    List<Submission> work = SubmissionDriver.seal(routes, count);
    print("  (sealed %,d envelopes in %.0f s, before the clock starts)", count, seconds(t0));
    return work;
  }

  /** One request per State, opened by the Court organs in turn; messages go both ways. */
  private static List<Route> openRequests(List<Party> courts, List<Party> states) throws Exception {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      Party court = courts.get(i % courts.size());
      Party state = states.get(i);
      Response opened =
          court
              .client()
              .postJson(
                  "/v1/requests",
                  RequestBodies.evidenceRequest(state.id(), "ICC-BENCH-" + i),
                  UUID.randomUUID().toString());
      if (opened.status() != 201) {
        throw new IllegalStateException("request not opened: " + opened);
      }
      String requestId = opened.json().get("requestId").asText();
      routes.add(new Route(requestId, court, state));
      routes.add(new Route(requestId, state, court));
    }
    for (Route r : routes) {
      awaitVisible(r.from().client(), "/v1/requests/" + r.requestId());
    }
    return routes;
  }

  /** The hub serves the prefilled history: a prefilled request and a deep inbox page. */
  private void checkPrefilledReadable(Party court, Party state) throws Exception {
    Response view = court.client().get("/v1/requests/" + HistoryPrefill.requestId(0));
    if (view.status() != 200
        || view.json().path("messages").size() != HistoryPrefill.MESSAGES_PER_REQUEST) {
      throw new IllegalStateException("the prefilled request is not served as written: " + view);
    }
    print(
        "  a prefilled request is served with its %d messages",
        view.json().path("messages").size());
  }

  private AttachmentRoundTrip.Result attachment(Path runDir) throws Exception {
    Path gcLog = runDir.resolve("attachment-gc.log");
    HubProcess hub =
        hub(runDir.resolve("attachment-data"), "-Xmx256m -Xlog:gc:file=" + gcLog.toAbsolutePath());
    try {
      hub.start();
      hub.awaitReady(START);
      Enrolment enrolment = hub.enrolment();
      Party court = enrolment.enrol("court.registry", "COURT_ORGAN");
      Party state = enrolment.enrol("state.nl", "CENTRAL_AUTHORITY");
      List<Route> routes = openRequests(List.of(court), List.of(state));
      AttachmentRoundTrip.Result r =
          AttachmentRoundTrip.run(
              hub, court, routes.get(0).requestId(), attachmentMib * 1048576L, gcLog);
      print(
          "attachment %,d MiB under -Xmx256m: upload %.1f s (%.1f MiB/s), download %.1f s"
              + " (%.1f MiB/s); hub heap: max %.0f MiB, peak used %.0f MiB (sampled every 100 ms),"
              + " largest after a collection %d MiB; content checked by SHA-256",
          attachmentMib,
          r.uploadSeconds(),
          r.uploadMibPerSecond(),
          r.downloadSeconds(),
          r.downloadMibPerSecond(),
          r.heapMaxMib(),
          r.peakHeapUsedMib(),
          r.maxHeapAfterGcMib());
      return r;
    } finally {
      hub.stop(Duration.ofMinutes(2));
    }
  }

  private void summary(Stage small, Stage large, double raw, AttachmentRoundTrip.Result a) {
    print("== summary");
    print(
        "sustained acknowledged submissions/s (max, small history): %.0f   target >= 1000",
        small.max().perSecond());
    print(
        "p99 at %d/s offered: %.1f ms (p50 %.1f ms, achieved %.0f/s)   target <= 50 ms",
        rate,
        small.rated().latencies().percentileMillis(99),
        small.rated().latencies().percentileMillis(50),
        small.rated().perSecond());
    print(
        "checkpoint lag p99 at max throughput: %.0f ms   target <= 2000 ms",
        small.checkpointLag().percentileMillis(99));
    print(
        "p99 at max throughput: %.1f ms (p50 %.1f ms)",
        small.max().latencies().percentileMillis(99), small.max().latencies().percentileMillis(50));
    print(
        "hub / raw: %.0f / %.0f = %.0f %%   target >= 50 %%",
        small.max().perSecond(), raw, 100 * small.max().perSecond() / raw);
    if (large != null) {
      print(
          "large history (%,d events) vs small (%,d): throughput %.0f vs %.0f/s (%+.0f %%);"
              + " p99 at %d/s %.1f vs %.1f ms (%+.0f %%); p99 at max %.1f vs %.1f ms   target"
              + " within 20 %%",
          large.headBefore() + 1,
          small.headBefore() + 1,
          large.max().perSecond(),
          small.max().perSecond(),
          100 * (large.max().perSecond() / small.max().perSecond() - 1),
          rate,
          large.rated().latencies().percentileMillis(99),
          small.rated().latencies().percentileMillis(99),
          100
              * (large.rated().latencies().percentileMillis(99)
                      / small.rated().latencies().percentileMillis(99)
                  - 1),
          large.max().latencies().percentileMillis(99),
          small.max().latencies().percentileMillis(99));
    }
    if (a != null) {
      print(
          "attachment %d MiB in/out at -Xmx256m: peak heap used %.0f MiB; %.0f / %.0f MiB/s   target"
              + " heap <= 256 MiB",
          attachmentMib, a.peakHeapUsedMib(), a.uploadMibPerSecond(), a.downloadMibPerSecond());
    }
  }

  private static HubProcess hub(Path dataDir, String jvm) throws IOException {
    return HubProcess.builder()
        .dataDir(dataDir)
        .jvmArgs(List.of(jvm.trim().split("\\s+")))
        // The driver's command metrics, for the store round trips per submission (StoreCommands).
        .hubArgs(List.of("--rogatory.node-id=bench", "--rogatory.store.command-metrics=true"))
        .build();
  }

  private static long head(HubProcess hub) throws IOException {
    String health = hub.management("/actuator/health");
    return health == null
        ? -1
        : HubApiClient.JSON
            .readTree(health)
            .path("components")
            .path("store")
            .path("details")
            .path("eventLogHead")
            .asLong(-1);
  }

  private static void awaitVisible(HubApiClient client, String path) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.get(path).status() != 200) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(path + " never became visible");
      }
      Thread.sleep(50);
    }
  }

  private static List<String> ids(List<Party> parties) {
    return parties.stream().map(Party::id).toList();
  }

  private void print(String format, Object... args) {
    report.print(format, args);
  }

  private static double seconds(long since) {
    return BenchReport.since(since);
  }

  static String loadAverage() {
    return BenchReport.loadAverage();
  }

  private static double clientCpuSeconds() {
    return BenchReport.ownCpuSeconds();
  }
}
