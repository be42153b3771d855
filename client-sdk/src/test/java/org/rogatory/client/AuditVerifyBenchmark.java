package org.rogatory.client;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.crypto.TreeFrontier;

/**
 * The offline audit's throughput (docs/benchmarks.md, "Audit"): generates a synthetic history of
 * {@code N} events shaped like the hub's (200 parties with real key bundles; requests through their
 * whole life, four messages each, submitted, delivered and retrieved; a signed checkpoint every
 * 1,000 events), writes it as a bundle, then verifies it three times in this JVM and reports the
 * median next to raw SHA-256 over the same inputs, measured in the same run. Retrieval events carry
 * the receipt digest only (revision 1): the cost of checking receipt signatures is measured apart,
 * per receipt.
 *
 * <p>Run: {@code java -Xmx256m -cp <client-sdk test class path>
 * org.rogatory.client.AuditVerifyBenchmark [events] [dir] [receipts]}. Not a test: never run by the
 * build.
 */
public final class AuditVerifyBenchmark {
  private static final int PARTIES = 200;
  private static final int COURT_ORGANS = 10;
  private static final int CHECKPOINT_EVERY = 1000;

  private AuditVerifyBenchmark() {}

  public static void main(String[] args) throws Exception {
    long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Path dir = Path.of(args.length > 1 ? args[1] : "client-sdk/target/bench-audit");
    Files.createDirectories(dir);
    boolean withReceipts = args.length > 2 && args[2].equals("receipts");
    Path bundle = dir.resolve("history-" + target + (withReceipts ? "-receipts" : "") + ".zip");

    long t0 = System.nanoTime();
    long[] chainInputBytes = new long[1];
    long events = generate(target, bundle, chainInputBytes, withReceipts);
    double genSeconds = (System.nanoTime() - t0) / 1e9;
    long jsonl;
    try (ZipFile z = new ZipFile(bundle.toFile())) {
      jsonl = z.getEntry(AuditBundleWriter.EVENTS).getSize();
    }
    System.out.printf(
        "generated %,d events in %.1f s: bundle %,d bytes, events.jsonl %,d bytes uncompressed,"
            + " chain hash input %,d bytes (%.0f per event)%n",
        events,
        genSeconds,
        Files.size(bundle),
        jsonl,
        chainInputBytes[0],
        (double) chainInputBytes[0] / events);

    double[] rounds = new double[3];
    double[] cpu = new double[3];
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < rounds.length; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long s = System.nanoTime();
      AuditBundleVerifier.Report r =
          AuditBundleVerifier.withLogKeys(AuditBundleFixtures.LOG.verifierKeys()).verify(bundle);
      rounds[i] = (System.nanoTime() - s) / 1e9;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf(
          "verify round %d: %.2f s wall, %.2f s CPU, %,d events, %,d checkpoints, %,.0f events/s%n",
          i + 1, rounds[i], cpu[i], r.events(), r.checkpoints(), r.events() / rounds[i]);
    }
    double[] sorted = rounds.clone();
    Arrays.sort(sorted);
    double median = sorted[1];
    double[] cpuSorted = cpu.clone();
    Arrays.sort(cpuSorted);

    // Raw SHA-256 in the same JVM: one digest per event over inputs of the average chain input
    // size (what the chain needs at minimum), and in 64 KiB blocks (the bulk rate).
    int avg = (int) (chainInputBytes[0] / events);
    byte[] input = new byte[avg];
    new Random(1).nextBytes(input);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 200_000; i++) {
      sha.update(input);
      sha.digest();
    }
    long s = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    for (long i = 0; i < events; i++) {
      sha.update(input);
      sha.digest();
    }
    double perEvent = (System.nanoTime() - s) / 1e9;
    double perEventCpu = (threads.getCurrentThreadCpuTime() - c1) / 1e9;
    byte[] block = new byte[65536];
    long bulkBytes = 1L << 30;
    s = System.nanoTime();
    for (long done = 0; done < bulkBytes; done += block.length) {
      sha.update(block);
    }
    sha.digest();
    double bulk = (System.nanoTime() - s) / 1e9;

    double receiptMicros = receiptCost();

    System.out.printf(
        "%nRESULT events %,d, %s, %d cores available%n",
        events,
        withReceipts ? "every retrieval with a signed receipt" : "retrievals with digests only",
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "RESULT verify median %.2f s = %,.0f events/s (rounds %s)%n",
        median, events / median, Arrays.toString(rounds));
    System.out.printf(
        "RESULT raw SHA-256, one digest per event of %d bytes: %.2f s wall (%.2f s CPU) = %,.0f"
            + " events/s (%.0f MB/s)%n",
        avg, perEvent, perEventCpu, events / perEvent, chainInputBytes[0] / perEvent / 1e6);
    System.out.printf(
        "RESULT raw SHA-256 bulk (64 KiB blocks): %.0f MB/s%n", bulkBytes / bulk / 1e6);
    System.out.printf(
        "RESULT one retrieval receipt's checks (decode, digest, hybrid signature): %.0f us%n",
        receiptMicros);
  }

  private static long generate(
      long target, Path bundle, long[] chainInputBytes, boolean withReceipts) throws Exception {
    List<String> notes = new ArrayList<>();
    TreeFrontier frontier = TreeFrontier.empty();
    try (OutputStream out = Files.newOutputStream(bundle);
        AuditBundleWriter w =
            AuditBundleWriter.create(out, AuditBundleFixtures.LOG.verifierKeys())) {
      AuditBundleFixtures.History h =
          new AuditBundleFixtures.History(
              e -> {
                try {
                  w.event(e);
                } catch (java.io.IOException x) {
                  throw new java.io.UncheckedIOException(x);
                }
                chainInputBytes[0] += chainInputSize(e);
                frontier.append(EventLeaf.hash(e.n(), e.hash()));
                if (frontier.size() % CHECKPOINT_EVERY == 0) {
                  notes.add(sign(frontier));
                }
              });
      notes.add(sign(frontier)); // the empty tree's
      List<String> parties = new ArrayList<>();
      List<String> fingerprints = new ArrayList<>();
      for (int i = 0; i < PARTIES; i++) {
        String id = (i < COURT_ORGANS ? "court.organ-" : "state.ca-") + i;
        h.enrol(id, i < COURT_ORGANS ? "COURT_ORGAN" : "CENTRAL_AUTHORITY");
        h.key(id);
        parties.add(id);
        fingerprints.add(h.fingerprint(id));
      }
      Random random = new Random(42);
      long requests = 0;
      while (frontier.size() < target) {
        int c = random.nextInt(COURT_ORGANS);
        int a = COURT_ORGANS + random.nextInt(PARTIES - COURT_ORGANS);
        String court = parties.get(c);
        String state = parties.get(a);
        String req = "req-" + new UUID(random.nextLong(), random.nextLong());
        h.open(req, court, state);
        h.status(req, "RequestDeliveredEvent", "addressee", state, "");
        h.status(req, "RequestAcknowledgedEvent", "acknowledgedBy", state, "");
        h.status(req, "ExecutionStartedEvent", "actingParty", state, "");
        for (int m = 0; m < 4; m++) {
          boolean fromCourt = m % 2 == 0;
          String from = fromCourt ? court : state;
          String to = fromCourt ? state : court;
          String mid = new UUID(random.nextLong(), random.nextLong()).toString();
          h.submit(req, mid, from, fingerprints.get(fromCourt ? c : a), to);
          h.deliver(req, mid, to);
          if (withReceipts) {
            h.retrieve(req, mid, to);
          } else {
            h.retrieveDigestOnly(req, mid, to);
          }
        }
        h.status(
            req,
            "OutcomeReportedEvent",
            "reportedBy",
            state,
            ",\"outcome\":\"EXECUTED\",\"reasons\":[]");
        h.status(req, "RequestClosedEvent", "closedBy", court, ",\"withdrawn\":false");
        h.forget(req);
        requests++;
      }
      if (frontier.size() % CHECKPOINT_EVERY != 0) {
        notes.add(sign(frontier));
      }
      for (String note : notes) {
        w.checkpoint(
            Checkpoint.parse(org.rogatory.crypto.SignedNote.parse(note).text()).size(), note);
      }
      w.finish();
      System.out.printf("%,d requests, %,d checkpoints%n", requests, notes.size());
    }
    return frontier.size();
  }

  private static String sign(TreeFrontier f) {
    return AuditBundleFixtures.LOG
        .sign(Checkpoint.of(AuditBundleFixtures.ORIGIN, f.size(), f.root()))
        .encode();
  }

  /** The bytes event-chain.md hashes for {@code e}. */
  private static long chainInputSize(AuditEvent e) {
    long n = (long) "rogatory-v1 event".length() + 1 + 8 + 32 + 8;
    for (String s :
        new String[] {
          e.eventId(),
          e.aggregateType(),
          e.aggregateId(),
          e.timestamp(),
          e.payloadType(),
          e.payloadRevision()
        }) {
      n += 4 + (s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length);
    }
    return n + 4 + e.payload().length + 4 + e.metadata().length;
  }

  /** Microseconds per retrieval receipt: decode, SHA-256, and the hybrid signature's check. */
  private static double receiptCost() throws Exception {
    PartyKeys k = PartyKeys.generator(PartyId.of("state.nl")).generate();
    List<byte[]> receipts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      EvidenceStatement s =
          EvidenceStatement.retrievalReceipt(
              "req-1",
              new UUID(7, i),
              PartyId.of("state.nl"),
              k.bundle().fingerprint(),
              HexFormat.of().parseHex(AuditBundleFixtures.digestOf("m" + i)),
              4096,
              Instant.now());
      receipts.add(SignedStatement.signByParty(k, s).encode());
    }
    KeyBundle bundle = k.bundle();
    for (byte[] r : receipts) { // warm-up
      SignedStatement.decode(r).verifyByParty(bundle);
    }
    long s = System.nanoTime();
    int rounds = 3;
    for (int i = 0; i < rounds; i++) {
      for (byte[] r : receipts) {
        SignedStatement st = SignedStatement.decode(r);
        st.digest();
        st.verifyByParty(bundle);
      }
    }
    return (System.nanoTime() - s) / 1e3 / (rounds * receipts.size());
  }
}
