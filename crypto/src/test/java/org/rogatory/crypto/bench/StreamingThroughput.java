package org.rogatory.crypto.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopeOpener;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.TrustedKeys;

/**
 * Streams a file through the public envelope API (seal to a file, open from it into a file) and
 * through {@link RawAesGcmStream}, round after round in the same JVM, and reports throughput and
 * the peak heap each operation used. Run it under {@code -Xmx64m} to show that memory does not grow
 * with the payload.
 *
 * <p>Usage: {@code StreamingThroughput <input file> <work dir> <rounds> <results file>}. The work
 * directory receives the sealed and opened files, overwritten each round; the caller deletes it.
 */
public final class StreamingThroughput {
  private static final int SEGMENT_SIZE = 64 * 1024;
  private static final long WARM_UP_BYTES = 64L << 20;
  private static final double MIB = 1024.0 * 1024.0;

  private final EnvelopeSealer sealer;
  private final EnvelopeOpener opener;
  private final List<KeyBundle> recipients;
  private final RawAesGcmStream raw;
  private final Map<String, List<Double>> mibPerSecond = new LinkedHashMap<>();
  private final Map<String, Long> peakHeap = new LinkedHashMap<>();

  private StreamingThroughput() throws GeneralSecurityException {
    PartyKeys sender = PartyKeys.generator(PartyId.of("court.registry")).generate();
    PartyKeys recipient = PartyKeys.generator(PartyId.of("state.nl")).generate();
    sealer = EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, sender, Clock.systemUTC());
    opener = EnvelopeOpener.create(recipient, TrustedKeys.of(sender.bundle()));
    recipients = List.of(recipient.bundle());
    raw = new RawAesGcmStream(SEGMENT_SIZE);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: StreamingThroughput <input> <work dir> <rounds> <results file>");
      System.exit(2);
    }
    Path input = Path.of(args[0]);
    Path work = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Path results = Path.of(args[3]);
    Files.createDirectories(work);
    new StreamingThroughput().run(input, work, rounds, results);
  }

  private void run(Path input, Path work, int rounds, Path results) throws Exception {
    long size = Files.size(input);
    System.out.printf(
        Locale.ROOT,
        "input %s: %d bytes; max heap %.1f MiB; segment %d bytes%n",
        input,
        size,
        Runtime.getRuntime().maxMemory() / MIB,
        SEGMENT_SIZE);

    Path warmUp = work.resolve("warm-up.bin");
    try (InputStream in = Files.newInputStream(input);
        OutputStream out = Files.newOutputStream(warmUp)) {
      byte[] buf = new byte[SEGMENT_SIZE];
      for (long left = Math.min(size, WARM_UP_BYTES); left > 0; left -= buf.length) {
        int n = in.readNBytes(buf, 0, (int) Math.min(left, buf.length));
        out.write(buf, 0, n);
      }
    }
    round(warmUp, work, false);
    mibPerSecond.clear();
    peakHeap.clear();
    Files.delete(warmUp);

    for (int r = 1; r <= rounds; r++) {
      round(input, work, true);
      System.out.printf(Locale.ROOT, "round %d done%n", r);
    }
    checkSame(input, work.resolve("raw.opened"));
    checkSame(input, work.resolve("envelope.opened"));
    inMemoryReference(size);
    report(size, results);
  }

  private void round(Path input, Path work, boolean record) throws Exception {
    Path rawSealed = work.resolve("raw.sealed");
    Path sealed = work.resolve("envelope.sealed");
    time(
        "raw-seal",
        input,
        record,
        () -> {
          try (InputStream in = Files.newInputStream(input);
              OutputStream out = Files.newOutputStream(rawSealed)) {
            raw.encrypt(in, out);
          }
        });
    time(
        "envelope-seal",
        input,
        record,
        () -> {
          try (InputStream in = Files.newInputStream(input);
              OutputStream out = Files.newOutputStream(sealed)) {
            sealer.seal(
                EnvelopeMetadata.of(UUID.randomUUID(), "req-2026-0042", "application/pdf"),
                recipients,
                in,
                out);
          }
        });
    time(
        "raw-open",
        input,
        record,
        () -> {
          try (InputStream in = Files.newInputStream(rawSealed)) {
            raw.decrypt(in, work.resolve("raw.opened"));
          }
        });
    time(
        "envelope-open",
        input,
        record,
        () -> {
          try (InputStream in = Files.newInputStream(sealed)) {
            opener.open(in, work.resolve("envelope.opened"));
          }
        });
  }

  private interface Operation {
    void run() throws IOException, GeneralSecurityException, CryptoException;
  }

  private void time(String name, Path input, boolean record, Operation op) throws Exception {
    List<MemoryPoolMXBean> heap = heapPools();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    op.run();
    long nanos = System.nanoTime() - start;
    // Sum of each pool's peak: an upper bound on the heap in use at any one moment.
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    if (record) {
      double rate = Files.size(input) / MIB / (nanos / 1e9);
      mibPerSecond.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
      peakHeap.merge(name, peak, Math::max);
      System.out.printf(
          Locale.ROOT, "  %-14s %8.1f MiB/s  peak heap %6.1f MiB%n", name, rate, peak / MIB);
    }
  }

  private static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> pools = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.isValid()) {
        pools.add(p);
      }
    }
    return pools;
  }

  private static void checkSame(Path expected, Path actual) throws Exception {
    if (!Arrays.equals(sha256(expected), sha256(actual))) {
      throw new IllegalStateException(actual + " differs from " + expected);
    }
  }

  private static byte[] sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        digest.update(buf, 0, n);
      }
    }
    return digest.digest();
  }

  /** CPU-only ceilings: AES-GCM both ways and the payload digest, with no I/O at all. */
  private void inMemoryReference(long size) throws GeneralSecurityException {
    long[] aes = raw.inMemoryNanos(size);
    mibPerSecond.put("memory-aes-gcm-encrypt", List.of(size / MIB / (aes[0] / 1e9)));
    mibPerSecond.put("memory-aes-gcm-decrypt", List.of(size / MIB / (aes[1] / 1e9)));
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[SEGMENT_SIZE];
    long start = System.nanoTime();
    for (long done = 0; done < size; done += buf.length) {
      digest.update(buf);
    }
    if (digest.digest().length != 32) {
      throw new IllegalStateException("SHA-256 gave a digest of the wrong length");
    }
    mibPerSecond.put("memory-sha256", List.of(size / MIB / ((System.nanoTime() - start) / 1e9)));
  }

  private void report(long size, Path results) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "size.bytes=%d%n", size));
    out.append(
        String.format(Locale.ROOT, "heap.max.mib=%.1f%n", Runtime.getRuntime().maxMemory() / MIB));
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-24s %12s %12s %12s%n",
        "operation",
        "median MiB/s",
        "all rounds",
        "peak heap");
    for (Map.Entry<String, List<Double>> e : mibPerSecond.entrySet()) {
      String name = e.getKey();
      List<Double> rates = new ArrayList<>(e.getValue());
      rates.sort(null);
      double median = rates.get(rates.size() / 2);
      Long peak = peakHeap.get(name);
      StringBuilder all = new StringBuilder();
      for (Double d : e.getValue()) {
        all.append(all.length() == 0 ? "" : "/").append(Math.round(d));
      }
      System.out.printf(
          Locale.ROOT,
          "%-24s %12.1f %12s %12s%n",
          name,
          median,
          all,
          peak == null ? "-" : String.format(Locale.ROOT, "%.1f MiB", peak / MIB));
      out.append(String.format(Locale.ROOT, "%s.mibps=%.1f%n", name, median));
      out.append(String.format(Locale.ROOT, "%s.rounds=%s%n", name, all));
      if (peak != null) {
        out.append(String.format(Locale.ROOT, "%s.peakheap.mib=%.1f%n", name, peak / MIB));
      }
    }
    Files.writeString(results, out.toString(), StandardCharsets.UTF_8);
    System.out.println("results written to " + results);
  }
}
