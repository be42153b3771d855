package org.rogatory.hub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rogatory.client.AttachmentSource;
import org.rogatory.client.Classification;
import org.rogatory.client.HubClient;
import org.rogatory.client.NewRequest;
import org.rogatory.client.ReceivedMessage;
import org.rogatory.client.RequestCategory;
import org.rogatory.client.RetryPolicy;
import org.rogatory.client.Subscription;
import org.rogatory.client.TransferListener;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubProcess;

/**
 * End to end through the hub with the SDK on both sides (client-sdk issue): 4 KiB messages from
 * {@code Messages.send} on one side to {@code Messages.fetch} (download, decrypt, verify the sender
 * against the directory) on the other, the receiver learning of each message from its push
 * subscription. Then, optionally, one large attachment sent and received by the SDK with the heap
 * of this JVM (both sides) sampled.
 *
 * <p>The hub is the real jar in a child process on its embedded store; every party is a separate
 * {@link HubClient} with its own key store, all in this JVM. A message's latency runs from the
 * moment its send was due (open loop) or started (closed loop) to the moment the receiver's {@code
 * fetch} returned the verified plaintext; the send time travels inside the plaintext. Run by {@code
 * hub/bench/run-e2e.sh}; the method and figures are in docs/benchmarks.md.
 */
public final class SdkEndToEndBenchmark {
  private static final char[] PASSPHRASE = "benchmark key store passphrase".toCharArray();
  private static final int PAYLOAD = 4096;

  private final int states = Integer.getInteger("bench.states", 20);
  private final int senders = Integer.getInteger("bench.senders", 32);
  private final int receivers = Integer.getInteger("bench.receivers", 16);
  private final int warmup = Integer.getInteger("bench.warmup", 1000);
  private final int maxCount = Integer.getInteger("bench.max-count", 4000);
  private final int rate = Integer.getInteger("bench.rate", 200);
  private final int rateSeconds = Integer.getInteger("bench.rate-seconds", 20);
  private final long attachmentMib = Long.getLong("bench.attachment-mib", 0);
  private final String hubJvm = System.getProperty("bench.hub-jvm-args", "-Xmx1g");
  private final Path out =
      Path.of(System.getProperty("bench.out", "hub/target/bench-results")).toAbsolutePath();

  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private volatile Latencies latencies = new Latencies();
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong lastReceivedNanos = new AtomicLong();
  private volatile String firstFailure;
  private BenchReport report;
  private Path work;

  /** A party's client, and the request it shares with the Court organ. */
  private record Side(String party, HubClient client) {}

  private record Route(String requestId, Side from, Side to) {}

  public static void main(String[] args) throws Exception {
    new SdkEndToEndBenchmark().run();
  }

  private void run() throws Exception {
    Path runDir = out.resolve("e2e-" + Instant.now().toString().replace(':', '-'));
    work = Files.createDirectories(runDir.resolve("work"));
    Path reportFile = out.resolve("sdk-e2e.txt");
    report = BenchReport.to(reportFile);
    print(
        "settings: 1 Court organ + %d States, %d senders, %d receiving threads, warm-up %d,"
            + " closed loop %d messages, %d/s for %d s, attachment %d MiB, hub %s, this JVM -Xmx%d MiB",
        states,
        senders,
        receivers,
        warmup,
        maxCount,
        rate,
        rateSeconds,
        attachmentMib,
        hubJvm,
        Runtime.getRuntime().maxMemory() / 1048576);
    HubProcess hub =
        HubProcess.builder()
            .dataDir(runDir.resolve("data"))
            .jvmArgs(List.of(hubJvm.split(" ")))
            .log(runDir.resolve("hub.log"))
            .build();
    ExecutorService receiving = Executors.newFixedThreadPool(receivers);
    List<Subscription> subscriptions = new ArrayList<>();
    List<HubClient> clients = new ArrayList<>();
    try {
      hub.start();
      hub.awaitReady(Duration.ofMinutes(5));
      X509Certificate anchor = hubAnchor(hub);
      HubApiClient admin = hub.administrator();
      long t0 = System.nanoTime();
      Side court = enrol(admin, hub, anchor, "court.e2e", "COURT_ORGAN", clients);
      List<Side> stateSides = new ArrayList<>();
      for (int i = 0; i < states; i++) {
        stateSides.add(enrol(admin, hub, anchor, "state.e2e" + i, "CENTRAL_AUTHORITY", clients));
      }
      List<Route> routes = new ArrayList<>();
      for (Side s : stateSides) {
        String requestId =
            court
                .client()
                .openRequest(
                    new NewRequest(
                        PartyId.of(s.party()),
                        RequestCategory.EVIDENCE_AND_DOCUMENTS,
                        Classification.CONFIDENTIAL,
                        "ICC-BENCH",
                        null));
        routes.add(new Route(requestId, court, s));
        routes.add(new Route(requestId, s, court));
      }
      print(
          "enrolled %d parties and opened %d requests in %.0f s",
          states + 1, states, BenchReport.since(t0));

      List<Side> everyone = new ArrayList<>(stateSides);
      everyone.add(court);
      for (Side side : everyone) {
        subscriptions.add(
            side.client()
                .subscribe(
                    n -> {
                      if ("message-submitted".equals(n.type())
                          && !side.party().equals(n.actor())
                          && n.messageId() != null) {
                        receiving.execute(() -> receive(side, n.requestId(), n.messageId()));
                      }
                    }));
      }

      closedLoop("warm-up", routes, warmup);
      double hubCpu0 = hub.cpuSeconds();
      double ownCpu0 = BenchReport.ownCpuSeconds();
      Result max = closedLoop("max throughput", routes, maxCount);
      print(
          "  CPU per message: hub %.1f ms, SDK side (both parties) %.1f ms",
          (hub.cpuSeconds() - hubCpu0) * 1000 / max.received(),
          (BenchReport.ownCpuSeconds() - ownCpu0) * 1000 / max.received());
      Result fixed = openLoop(routes, rate, rateSeconds);

      print("== summary");
      print(
          "messages/s, SDK send to SDK receive-and-open (closed loop, %d senders): %.0f   target"
              + " >= 500",
          senders, max.perSecond());
      print(
          "latency at %d/s offered: p50 %.1f ms, p99 %.1f ms (achieved %.0f/s)   target p99 <="
              + " 100 ms at 200/s",
          rate, fixed.p50(), fixed.p99(), fixed.perSecond());
      if (failures.get() > 0) {
        print("%d failures, first: %s", failures.get(), firstFailure);
      }
      if (attachmentMib > 0) {
        attachment(routes.get(0), attachmentMib);
      }
    } finally {
      for (Subscription s : subscriptions) {
        s.close();
      }
      receiving.shutdownNow();
      for (HubClient c : clients) {
        c.close();
      }
      hub.stop(Duration.ofMinutes(1)); // a graceful stop, so that a flight recording is written
      hub.kill();
      report.close();
    }
    System.out.println("report written to " + reportFile);
  }

  // ------------------------------------------------------------------ parties

  private static X509Certificate hubAnchor(HubProcess hub) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(hub.pki().resolve("trust.p12"))) {
      trust.load(in, hub.keyStorePassword());
    }
    return (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
  }

  private Side enrol(
      HubApiClient admin,
      HubProcess hub,
      X509Certificate anchor,
      String id,
      String kind,
      List<HubClient> clients)
      throws Exception {
    HubApiClient.Response created =
        admin.postJson(
            "/v1/admin/parties",
            Map.of("partyId", id, "kind", kind, "displayName", "Party " + id),
            UUID.randomUUID().toString());
    if (created.status() != 201) {
      throw new IllegalStateException("could not create " + id + ": " + created);
    }
    DirectoryKeyStore store =
        DirectoryKeyStore.create(
            work.resolve("keys").resolve(id),
            PartyKeys.generator(PartyId.of(id)).generate(),
            PASSPHRASE,
            KeyFilePreset.ARGON2ID_19MIB);
    HubClient client =
        HubClient.builder()
            .hub(URI.create("https://localhost:" + hub.apiPort()))
            .trustAnchor(anchor)
            .keyStore(store)
            .requestTimeout(Duration.ofSeconds(60))
            .retryPolicy(RetryPolicy.of(5, Duration.ofMillis(50), Duration.ofMillis(1000)))
            .build();
    clients.add(client);
    client.enrol(created.json().get("enrolmentCode").asText());
    return new Side(id, client);
  }

  // ------------------------------------------------------------------ sending and receiving

  /** Writes a 4 KiB payload whose first 8 bytes are {@code dueNanos}, and sends it. */
  private void send(Route route, long dueNanos) {
    Path payload = work.resolve("out-" + UUID.randomUUID());
    try {
      byte[] bytes = new byte[PAYLOAD];
      ThreadLocalRandom.current().nextBytes(bytes);
      ByteBuffer.wrap(bytes).putLong(dueNanos);
      Files.write(payload, bytes);
      String messageId =
          route
              .from()
              .client()
              .messages()
              .send(route.requestId(), payload, "application/octet-stream", TransferListener.NONE)
              .messageId();
      sentAt.put(messageId, dueNanos);
    } catch (Exception e) {
      fail("send", e);
    } finally {
      deleteQuietly(payload);
    }
  }

  private void receive(Side side, String requestId, String messageId) {
    Path target = work.resolve("in-" + UUID.randomUUID());
    try {
      ReceivedMessage m =
          side.client().messages().fetch(requestId, messageId, target, TransferListener.NONE);
      long due;
      try (InputStream in = Files.newInputStream(m.file())) {
        due = ByteBuffer.wrap(in.readNBytes(8)).getLong();
      }
      long now = System.nanoTime();
      latencies.add(now - due);
      lastReceivedNanos.accumulateAndGet(now, Math::max);
      received.incrementAndGet();
    } catch (Exception e) {
      fail("receive", e);
    } finally {
      deleteQuietly(target);
    }
  }

  private void fail(String what, Exception e) {
    if (failures.getAndIncrement() == 0) {
      firstFailure = what + ": " + e;
    }
  }

  /** Messages received and opened, over the time from the first send to the last receipt. */
  record Result(int received, double seconds, double p50, double p99) {
    double perSecond() {
      return received / seconds;
    }
  }

  private Result closedLoop(String label, List<Route> routes, int count) throws Exception {
    int base = received.get();
    latencies = new Latencies();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    for (int s = 0; s < senders; s++) {
      pool.execute(
          () -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
              send(routes.get(i % routes.size()), System.nanoTime());
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    awaitReceived(base + count);
    return result(label, count, start, received.get() - base);
  }

  private Result openLoop(List<Route> routes, int perSecond, int seconds) throws Exception {
    int base = received.get();
    latencies = new Latencies();
    int count = perSecond * seconds;
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(senders, perSecond / 4));
    long start = System.nanoTime();
    long interval = 1_000_000_000L / perSecond;
    for (int i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      Route route = routes.get(i % routes.size());
      pool.execute(() -> send(route, due));
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    awaitReceived(base + count);
    return result(perSecond + "/s offered", count, start, received.get() - base);
  }

  private void awaitReceived(int target) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (received.get() + failures.get() < target && System.nanoTime() < until) {
      Thread.sleep(20);
    }
  }

  private Result result(String label, int sent, long start, int got) {
    double seconds = (lastReceivedNanos.get() - start) / 1e9;
    double p50 = latencies.percentileMillis(50);
    double p99 = latencies.percentileMillis(99);
    print(
        "  %-16s %,6d sent, %,6d received and opened in %6.1f s = %7.1f/s; latency p50 %7.1f ms,"
            + " p99 %7.1f ms, max %7.1f ms; load average %s",
        label,
        sent,
        got,
        seconds,
        got / seconds,
        p50,
        p99,
        latencies.percentileMillis(100),
        BenchReport.loadAverage());
    return new Result(got, seconds, p50, p99);
  }

  // ------------------------------------------------------------------ large attachment

  private void attachment(Route route, long mib) throws Exception {
    Path source = work.resolve("large.bin");
    MessageDigest sourceDigest = MessageDigest.getInstance("SHA-256");
    byte[] block = new byte[1 << 20];
    SecureRandom random = new SecureRandom();
    random.nextBytes(block);
    try (OutputStream o = Files.newOutputStream(source)) {
      for (long i = 0; i < mib; i++) {
        // A different first 8 bytes per MiB, so that no two MiB are alike.
        ByteBuffer.wrap(block).putLong(i);
        o.write(block);
        sourceDigest.update(block);
      }
    }
    String expected = HexFormat.of().formatHex(sourceDigest.digest());
    HeapSampler heap = new HeapSampler();
    heap.start();
    Path note = work.resolve("note.txt");
    Files.writeString(note, "the large attachment");
    long t0 = System.nanoTime();
    String messageId =
        route
            .from()
            .client()
            .messages()
            .send(
                route.requestId(),
                note,
                "text/plain",
                List.of(AttachmentSource.file(source, "application/octet-stream")),
                TransferListener.NONE)
            .messageId();
    double sendSeconds = BenchReport.since(t0);
    deleteQuietly(source);
    Path received = work.resolve("note-in.txt");
    t0 = System.nanoTime();
    ReceivedMessage m =
        route
            .to()
            .client()
            .messages()
            .fetch(route.requestId(), messageId, received, TransferListener.NONE);
    Path target = work.resolve("large-in.bin");
    route
        .to()
        .client()
        .messages()
        .fetchAttachment(m, m.attachments().get(0), target, TransferListener.NONE);
    double receiveSeconds = BenchReport.since(t0);
    heap.stop();
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(target)) {
      int n;
      while ((n = in.read(block)) > 0) {
        got.update(block, 0, n);
      }
    }
    String actual = HexFormat.of().formatHex(got.digest());
    deleteQuietly(target);
    print(
        "attachment: %,d MiB sealed and uploaded in %.0f s (%.1f MiB/s), downloaded and opened in"
            + " %.0f s (%.1f MiB/s); heap of this JVM (sender and receiver) peak used %.0f MiB of"
            + " -Xmx %.0f MiB (sampled every 100 ms); content %s",
        mib,
        sendSeconds,
        mib / sendSeconds,
        receiveSeconds,
        mib / receiveSeconds,
        heap.peakMib(),
        Runtime.getRuntime().maxMemory() / 1048576.0,
        expected.equals(actual) ? "identical (SHA-256)" : "DIFFERENT: " + actual);
  }

  /** Samples the used heap every 100 ms. */
  private static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread =
        new Thread(
            () -> {
              try {
                while (!stopped.await(100, TimeUnit.MILLISECONDS)) {
                  long used = 0;
                  for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                      used += pool.getUsage().getUsed();
                    }
                  }
                  peak.accumulateAndGet(used, Math::max);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "heap-sampler");

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stopped.countDown();
      thread.join();
    }

    double peakMib() {
      return peak.get() / 1048576.0;
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temporary file in the run directory
    }
  }

  private void print(String format, Object... args) {
    report.print(format, args);
  }
}
