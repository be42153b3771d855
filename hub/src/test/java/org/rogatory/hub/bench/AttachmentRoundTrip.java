package org.rogatory.hub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubProcess;
import org.rogatory.hub.support.HubTestBase.Party;

/**
 * Streams one large attachment into the hub and back out (the uploader downloads it), checking the
 * SHA-256 of what comes back, while sampling the hub's heap through its metrics endpoint. The
 * content is generated on the fly (xorshift), so the client holds no more than a buffer either.
 */
final class AttachmentRoundTrip {
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  /** What was measured; heap figures in MiB. */
  record Result(
      long bytes,
      double uploadSeconds,
      double downloadSeconds,
      double peakHeapUsedMib,
      double heapMaxMib,
      long maxHeapAfterGcMib) {
    double uploadMibPerSecond() {
      return bytes / 1048576.0 / uploadSeconds;
    }

    double downloadMibPerSecond() {
      return bytes / 1048576.0 / downloadSeconds;
    }
  }

  private AttachmentRoundTrip() {}

  static Result run(HubProcess hub, Party uploader, String requestId, long size, Path gcLog)
      throws Exception {
    String sha256 = sha256(new Generated(size));
    Response created =
        uploader
            .client()
            .postJson(
                "/v1/requests/" + requestId + "/attachments",
                Map.of("size", size, "sha256", sha256),
                UUID.randomUUID().toString());
    if (created.status() != 201) {
      throw new IllegalStateException("attachment not created: " + created);
    }
    String base =
        "/v1/requests/" + requestId + "/attachments/" + created.json().get("attachmentId").asText();
    HubApiClient client = uploader.client();
    HeapSampler heap = new HeapSampler(hub);
    heap.start();
    try {
      long t0 = System.nanoTime();
      HttpResponse<String> put =
          client.sendUnbounded(
              client
                  .request(base + "?offset=0")
                  .header("Content-Type", "application/octet-stream")
                  .PUT(
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(size)),
                          size)),
              HttpResponse.BodyHandlers.ofString());
      double up = (System.nanoTime() - t0) / 1e9;
      if (put.statusCode() != 200 || !put.body().contains("\"complete\":true")) {
        throw new IllegalStateException("upload failed: " + put.statusCode() + " " + put.body());
      }
      long t1 = System.nanoTime();
      HttpResponse<InputStream> get =
          client.sendUnbounded(
              client.request(base).GET(), HttpResponse.BodyHandlers.ofInputStream());
      String back;
      try (InputStream in = get.body()) {
        if (get.statusCode() != 200) {
          throw new IllegalStateException("download failed: " + get.statusCode());
        }
        back = sha256(in);
      }
      double down = (System.nanoTime() - t1) / 1e9;
      if (!sha256.equals(back)) {
        throw new IllegalStateException("the attachment came back different");
      }
      return new Result(size, up, down, heap.peakMib(), heap.maxMib(), maxHeapAfterGc(gcLog));
    } finally {
      heap.stopSampling();
    }
  }

  /** The largest heap occupancy right after a collection, from a {@code -Xlog:gc} file. */
  static long maxHeapAfterGc(Path gcLog) throws IOException {
    long max = -1;
    if (!Files.exists(gcLog)) {
      return max;
    }
    for (String line : Files.readAllLines(gcLog, StandardCharsets.ISO_8859_1)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        max = Math.max(max, Long.parseLong(m.group(2)));
      }
    }
    return max;
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream d = new DigestInputStream(in, digest)) {
      byte[] buffer = new byte[1 << 16];
      while (d.read(buffer) >= 0) {
        // only the digest matters
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Polls the hub's heap use every 100 ms. */
  private static final class HeapSampler extends Thread {
    private final HubProcess hub;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    HeapSampler(HubProcess hub) {
      super("heap-sampler");
      setDaemon(true);
      this.hub = hub;
    }

    @Override
    public void run() {
      max.set((long) value("jvm.memory.max"));
      while (running.get()) {
        peak.accumulateAndGet((long) value("jvm.memory.used"), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private double value(String metric) {
      String body = hub.management("/actuator/metrics/" + metric + "?tag=area:heap");
      if (body == null) {
        return 0;
      }
      try {
        return HubApiClient.JSON
            .readTree(body)
            .path("measurements")
            .path(0)
            .path("value")
            .asDouble();
      } catch (IOException e) {
        return 0;
      }
    }

    void stopSampling() throws InterruptedException {
      running.set(false);
      join();
    }

    double peakMib() {
      return peak.get() / 1048576.0;
    }

    double maxMib() {
      return max.get() / 1048576.0;
    }
  }

  /** {@code size} pseudo-random bytes, the same sequence every time. */
  private static final class Generated extends InputStream {
    private long remaining;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;

    Generated(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++, position++) {
        int lane = (int) (position & 7);
        if (lane == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> (lane * 8));
      }
      remaining -= n;
      return n;
    }
  }
}
