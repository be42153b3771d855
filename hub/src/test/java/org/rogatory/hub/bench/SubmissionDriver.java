package org.rogatory.hub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.rogatory.hub.support.EnvelopeFixtures;
import org.rogatory.hub.support.EnvelopeFixtures.Sealed;
import org.rogatory.hub.support.HubApiClient.Response;

/**
 * Submits sealed envelopes over the real API: either as fast as the hub answers, from a fixed
 * number of concurrent clients (closed loop), or at a fixed offered rate whatever the answers (open
 * loop; latency is counted from when a call was due, so a slow hub cannot hide its queue).
 */
final class SubmissionDriver {
  /** One envelope and the route it goes by. */
  record Submission(Route route, Sealed envelope) {}

  /** What a phase measured. */
  record Result(String name, int offered, int acknowledged, double seconds, Latencies latencies) {
    double perSecond() {
      return acknowledged / seconds;
    }

    int failed() {
      return offered - acknowledged;
    }
  }

  private final Queue<String> failures = new ConcurrentLinkedQueue<>();

  /** Seals {@code count} envelopes over the routes, round robin, on all cores. */
  static List<Submission> seal(List<Route> routes, int count) throws Exception {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Submission>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        Route r = routes.get(i % routes.size());
        futures.add(
            pool.submit(
                () ->
                    new Submission(
                        r,
                        EnvelopeFixtures.seal(
                            r.from(),
                            List.of(r.to()),
                            r.requestId(),
                            EnvelopeFixtures.PAYLOAD,
                            java.util.concurrent.ThreadLocalRandom.current()))));
      }
      List<Submission> out = new ArrayList<>(count);
      for (Future<Submission> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  Result closedLoop(String name, List<Submission> work, int concurrency)
      throws InterruptedException {
    Latencies latencies = new Latencies();
    AtomicInteger next = new AtomicInteger();
    AtomicLong lastDone = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      Thread thread =
          new Thread(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < work.size()) {
                  long t0 = System.nanoTime();
                  if (submit(work.get(i))) {
                    long t1 = System.nanoTime();
                    latencies.add(t1 - t0);
                    lastDone.accumulateAndGet(t1, Math::max);
                  }
                }
              },
              "bench-client-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Result(
        name, work.size(), latencies.count(), (lastDone.get() - start) / 1e9, latencies);
  }

  Result fixedRate(String name, List<Submission> work, double perSecond)
      throws InterruptedException {
    Latencies latencies = new Latencies();
    AtomicLong lastDone = new AtomicLong();
    // At most 512 calls in flight; beyond that calls wait in the queue, and their wait counts in
    // their latency (it is measured from when they were due).
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(
            512,
            512,
            10,
            TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "bench-rate-client");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    long interval = (long) (1e9 / perSecond);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    for (int i = 0; i < work.size(); i++) {
      long due = start + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      Submission s = work.get(i);
      pool.execute(
          () -> {
            if (submit(s)) {
              long t1 = System.nanoTime();
              latencies.add(t1 - due);
              lastDone.accumulateAndGet(t1, Math::max);
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException("submissions still running after 30 minutes");
    }
    return new Result(
        name, work.size(), latencies.count(), (lastDone.get() - start) / 1e9, latencies);
  }

  private boolean submit(Submission s) {
    try {
      Response r =
          s.route()
              .from()
              .client()
              .post(
                  "/v1/requests/" + s.route().requestId() + "/messages",
                  "application/vnd.rogatory.envelope",
                  s.envelope().bytes(),
                  s.envelope().messageId().toString());
      if (r.status() == 201) {
        return true;
      }
      failures.add(r.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add("interrupted");
    } catch (Exception e) {
      failures.add(e.toString());
    }
    return false;
  }

  /** The failures seen so far (answers other than 201, exceptions), cleared. */
  List<String> drainFailures() {
    List<String> out = new ArrayList<>();
    String f;
    while ((f = failures.poll()) != null) {
      out.add(f);
    }
    return out;
  }
}
