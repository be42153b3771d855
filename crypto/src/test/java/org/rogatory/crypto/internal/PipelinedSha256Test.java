package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PipelinedSha256Test {
  private static final int SEGMENT = 64 * 1024;

  @Test
  void equalsSha256_inlineAndPipelined_forEveryWayOfFeedingIt() throws Exception {
    Random random = new Random(20261123);
    int[] lengths = {
      0,
      1,
      SEGMENT - 1,
      PipelinedSha256.THRESHOLD,
      PipelinedSha256.THRESHOLD + 1,
      3 * PipelinedSha256.THRESHOLD + 17,
      9 * 1024 * 1024 + 5
    };
    for (int length : lengths) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
      for (int maxPiece : new int[] {1 + random.nextInt(100), SEGMENT, 5 * SEGMENT + 3}) {
        try (PipelinedSha256 digest = new PipelinedSha256(SEGMENT)) {
          int off = 0;
          while (off < length) {
            int n = Math.min(length - off, 1 + random.nextInt(maxPiece));
            digest.update(data, off, n);
            off += n;
          }
          assertThat(digest.digest())
              .as("length %d, pieces <= %d", length, maxPiece)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void theCallerMayReuseItsBufferAsSoonAsUpdateReturns() throws Exception {
    byte[] buffer = new byte[SEGMENT];
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    try (PipelinedSha256 digest = new PipelinedSha256(SEGMENT)) {
      for (int i = 0; i < 64; i++) {
        java.util.Arrays.fill(buffer, (byte) i);
        expected.update(buffer);
        digest.update(buffer, 0, buffer.length);
      }
      assertThat(digest.digest()).isEqualTo(expected.digest());
    }
  }

  @Test
  void anAbandonedStreamReleasesItsThread() throws Exception {
    byte[] data = new byte[4 * PipelinedSha256.THRESHOLD];
    PipelinedSha256 digest = new PipelinedSha256(SEGMENT);
    digest.update(data, 0, data.length);
    long until = System.nanoTime() + 5_000_000_000L;
    while (hashersWaitingForData() == 0 && System.nanoTime() < until) {
      Thread.sleep(10); // the hasher finishes what it was given, then waits for more
    }
    assertThat(hashersWaitingForData()).isPositive();
    digest.close();
    until = System.nanoTime() + 5_000_000_000L;
    while (hashersWaitingForData() > 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(hashersWaitingForData()).isZero();
    // And a new stream still works.
    try (PipelinedSha256 next = new PipelinedSha256(SEGMENT)) {
      next.update(data, 0, data.length);
      assertThat(next.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }
  }

  /** Hashing threads parked on their queue, waiting for the next segment of a stream. */
  private static long hashersWaitingForData() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("rogatory-sha256-"))
        .filter(
            e ->
                java.util.Arrays.stream(e.getValue())
                    .anyMatch(f -> f.getClassName().contains("ArrayBlockingQueue")))
        .count();
  }
}
