package org.rogatory.hub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubProcess;

/**
 * Checkpoint lag (audit issue): how long after an event is stored a published checkpoint covers it.
 * A sampler polls, every {@value #INTERVAL_MS} ms, the hub's event log head (its metric on the
 * management port) and then the latest checkpoint (the log API, as a party). For each position
 * {@code p} stored during the sampling, the lag is the time of the first sample whose checkpoint
 * size exceeds {@code p} minus the time of the first sample whose head reached {@code p}: exact to
 * the sampling interval, and never shorter than the time between the two reads of one sample.
 */
final class CheckpointLag implements AutoCloseable {
  static final int INTERVAL_MS = 20;

  private record Sample(long nanos, long head, long checkpointSize) {}

  private final HubProcess hub;
  private final HubApiClient party;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String failure;

  private CheckpointLag(HubProcess hub, HubApiClient party) {
    this.hub = hub;
    this.party = party;
    this.thread = new Thread(this::poll, "checkpoint-lag");
    thread.setDaemon(true);
  }

  /** Starts sampling the hub's head and checkpoints, reading the log as {@code party}. */
  static CheckpointLag start(HubProcess hub, HubApiClient party) {
    CheckpointLag lag = new CheckpointLag(hub, party);
    lag.thread.start();
    return lag;
  }

  private void poll() {
    while (running) {
      try {
        long head = head();
        long size = checkpointSize();
        long now = System.nanoTime();
        synchronized (samples) {
          samples.add(new Sample(now, head, size));
        }
        TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failure = e.toString();
      }
    }
  }

  private long head() throws Exception {
    String body = hub.management("/actuator/metrics/rogatory.eventlog.head");
    if (body == null) {
      throw new IllegalStateException("no event log head metric");
    }
    return (long)
        HubApiClient.JSON.readTree(body).path("measurements").get(0).path("value").asDouble();
  }

  private long checkpointSize() throws Exception {
    return checkpointSize(party);
  }

  /** The tree size of the latest checkpoint, read as {@code party}. */
  static long checkpointSize(HubApiClient party) throws Exception {
    HubApiClient.Response r = party.get("/v1/log/checkpoint");
    if (r.status() != 200) {
      throw new IllegalStateException("checkpoint: " + r);
    }
    // tlog-checkpoint: origin line, then the tree size in decimal.
    String[] lines = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
    return Long.parseLong(lines[1].strip());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }

  /** Keeps sampling until the checkpoints cover {@code head}, at most {@code timeoutMs}. */
  void awaitCovered(long timeoutMs) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < until) {
      Sample last;
      synchronized (samples) {
        last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
      }
      if (last != null && last.checkpointSize() > last.head()) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
    }
  }

  /** The lags of the positions stored while sampling; {@code null} if sampling failed. */
  /** How many samples were taken (each one a checkpoint read through the API). */
  int samples() {
    synchronized (samples) {
      return samples.size();
    }
  }

  Latencies lags() {
    if (failure != null) {
      throw new IllegalStateException("checkpoint lag sampling failed: " + failure);
    }
    List<Sample> s;
    synchronized (samples) {
      s = new ArrayList<>(samples);
    }
    Latencies out = new Latencies();
    if (s.size() < 2) {
      return out;
    }
    long first = s.get(0).head() + 1;
    long last = s.get(s.size() - 1).head();
    int stored = 0;
    int covered = 0;
    for (long p = first; p <= last; p++) {
      while (stored < s.size() && s.get(stored).head() < p) {
        stored++;
      }
      while (covered < s.size() && s.get(covered).checkpointSize() <= p) {
        covered++;
      }
      if (stored == s.size() || covered == s.size()) {
        break; // not yet covered when sampling stopped
      }
      out.add(Math.max(0, s.get(covered).nanos() - s.get(stored).nanos()));
    }
    return out;
  }

  /** Positions stored while sampling that no sampled checkpoint covered. */
  long uncovered() {
    synchronized (samples) {
      if (samples.isEmpty()) {
        return 0;
      }
      Sample last = samples.get(samples.size() - 1);
      return Math.max(0, last.head() + 1 - last.checkpointSize());
    }
  }
}
