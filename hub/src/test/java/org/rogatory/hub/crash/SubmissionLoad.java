package org.rogatory.hub.crash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.rogatory.hub.support.EnvelopeFixtures;
import org.rogatory.hub.support.EnvelopeFixtures.Sealed;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase.Party;

/**
 * Concurrent submissions of 4 KiB envelopes that keep going while the hub is killed and restarted,
 * and a ledger of what the hub acknowledged. Like a real client, a thread whose call failed without
 * an answer (the hub died, or was not up yet) retries the same envelope until it gets one: the hub
 * must then record it once, whether or not the first attempt had reached it.
 */
final class SubmissionLoad {
  /** One direction of one request: who sends to whom. */
  record Route(String requestId, Party from, Party to) {}

  private final List<Route> routes;
  private final long seed;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /** Every envelope sent at least once, by message id. */
  final Map<UUID, Sealed> attempted = new ConcurrentHashMap<>();

  /** Message ids the hub answered 201 Created for. */
  final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();

  /** Answers other than 201: each is a failure of the hub. */
  final Queue<String> refusals = new ConcurrentLinkedQueue<>();

  final AtomicLong failedCalls = new AtomicLong();
  final AtomicLong retries = new AtomicLong();

  SubmissionLoad(List<Route> routes, long seed) {
    this.routes = List.copyOf(routes);
    this.seed = seed;
  }

  void start(int threadCount) {
    for (int i = 0; i < threadCount; i++) {
      Random random = new Random(seed * 31 + i);
      Thread t = new Thread(() -> run(random), "crash-load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Stops the threads; a call in flight is finished (or times out) first. */
  void stop() throws InterruptedException {
    stopping = true;
    for (Thread t : threads) {
      t.join(60_000);
      if (t.isAlive()) {
        throw new IllegalStateException(t.getName() + " did not stop");
      }
    }
  }

  private void run(Random random) {
    Route route = null;
    Sealed envelope = null;
    boolean retrying = false;
    while (!stopping) {
      try {
        if (envelope == null) {
          route = routes.get(random.nextInt(routes.size()));
          envelope =
              EnvelopeFixtures.seal(
                  route.from(),
                  List.of(route.to()),
                  route.requestId(),
                  EnvelopeFixtures.PAYLOAD,
                  random);
          retrying = false;
        }
        if (retrying) {
          retries.incrementAndGet();
        }
        attempted.putIfAbsent(envelope.messageId(), envelope);
        Response r =
            route
                .from()
                .client()
                .post(
                    "/v1/requests/" + route.requestId() + "/messages",
                    "application/vnd.rogatory.envelope",
                    envelope.bytes(),
                    envelope.messageId().toString());
        if (r.status() == 201
            && envelope.messageId().toString().equals(r.json().path("messageId").asText())) {
          acknowledged.add(envelope.messageId());
        } else {
          refusals.add(envelope.messageId() + ": " + r);
        }
        envelope = null;
      } catch (IOException e) {
        // No answer: the hub died mid-call or is not listening yet. Try the same envelope again.
        failedCalls.incrementAndGet();
        retrying = true;
        pause(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        refusals.add("unexpected " + e);
        envelope = null;
        pause(100);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
