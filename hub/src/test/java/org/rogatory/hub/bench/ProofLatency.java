package org.rogatory.hub.bench;

import java.util.SplittableRandom;
import org.rogatory.hub.support.HubApiClient;

/**
 * Latency of the log's proof API as a party sees it (audit issue): inclusion and consistency proofs
 * at random positions of the latest checkpoint's tree, one call after another on one kept-alive TLS
 * connection, timed from sending the request to having read the whole answer.
 */
final class ProofLatency {
  /**
   * Inclusion and consistency latencies, in the order measured, and those of the cheapest
   * authenticated call (the log's keys, served from memory after the caller's authentication): the
   * floor of the API path on this machine, measured interleaved with the proofs.
   */
  record Result(long treeSize, Latencies inclusion, Latencies consistency, Latencies floor) {}

  private ProofLatency() {}

  static Result measure(HubApiClient party, int warmup, int calls) throws Exception {
    long size = CheckpointLag.checkpointSize(party);
    SplittableRandom random = new SplittableRandom(42);
    Latencies inclusion = new Latencies();
    Latencies consistency = new Latencies();
    Latencies floor = new Latencies();
    for (int i = 0; i < warmup + calls; i++) {
      long index = random.nextLong(size);
      long from = 1 + random.nextLong(size - 1);
      long t0 = System.nanoTime();
      require(party.get("/v1/log/proof/inclusion?index=" + index + "&size=" + size));
      long t1 = System.nanoTime();
      require(party.get("/v1/log/proof/consistency?from=" + from + "&to=" + size));
      long t2 = System.nanoTime();
      require(party.get("/v1/log/keys"));
      long t3 = System.nanoTime();
      if (i >= warmup) {
        inclusion.add(t1 - t0);
        consistency.add(t2 - t1);
        floor.add(t3 - t2);
      }
    }
    return new Result(size, inclusion, consistency, floor);
  }

  private static void require(HubApiClient.Response r) {
    if (r.status() != 200) {
      throw new IllegalStateException("proof: " + r);
    }
  }
}
