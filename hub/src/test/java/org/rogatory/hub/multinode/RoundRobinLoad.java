package org.rogatory.hub.multinode;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rogatory.hub.support.EnvelopeFixtures;
import org.rogatory.hub.support.EnvelopeFixtures.Sealed;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase.Party;

/**
 * Submissions from several threads, each call to the next hub node in turn, as a load balancer
 * without affinity would send them: consecutive messages on one request go to different nodes, and
 * threads on different nodes submit to the same request at once. A call without an answer (its node
 * died) or with a transient refusal is retried with the same envelope on the next node, as the SDK
 * retries; the hubs must record each message once however often it was sent.
 */
final class RoundRobinLoad {
  /** One direction of one request. */
  record Route(String requestId, Party from, Party to) {}

  private final List<Route> routes;
  private final List<Integer> ports;
  private final Set<Integer> down = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();
  private final long seed;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  final Map<UUID, Sealed> attempted = new ConcurrentHashMap<>();
  final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
  final Queue<String> refusals = new ConcurrentLinkedQueue<>();

  /** 201s by the node that gave them. */
  final Map<Integer, AtomicLong> acceptedBy = new ConcurrentHashMap<>();

  /** Calls that got no answer, and answers that asked for a retry (409 on a race, 503). */
  final AtomicLong unanswered = new AtomicLong();

  final AtomicLong conflicts = new AtomicLong();
  final AtomicLong unavailable = new AtomicLong();

  RoundRobinLoad(List<Route> routes, List<Integer> ports, long seed) {
    this.routes = List.copyOf(routes);
    this.ports = List.copyOf(ports);
    this.seed = seed;
  }

  /** Takes a node out of the rotation (the load balancer noticed it is gone). */
  void markDown(int port) {
    down.add(port);
  }

  int nextPort() {
    for (int i = 0; i < ports.size() * 2; i++) {
      int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
      if (!down.contains(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no node left");
  }

  void start(int threadCount) {
    for (int i = 0; i < threadCount; i++) {
      Random random = new Random(seed * 31 + i);
      Thread t = new Thread(() -> run(random), "multinode-load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

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
    while (!stopping) {
      int port = nextPort();
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
        }
        attempted.putIfAbsent(envelope.messageId(), envelope);
        Response r =
            route
                .from()
                .client()
                .at(port)
                .post(
                    "/v1/requests/" + route.requestId() + "/messages",
                    "application/vnd.rogatory.envelope",
                    envelope.bytes(),
                    envelope.messageId().toString());
        if (r.status() == 201
            && envelope.messageId().toString().equals(r.json().path("messageId").asText())) {
          acknowledged.add(envelope.messageId());
          acceptedBy.computeIfAbsent(port, p -> new AtomicLong()).incrementAndGet();
          envelope = null;
        } else if (r.status() == 409 && "CONCURRENT_MODIFICATION".equals(r.code())) {
          conflicts.incrementAndGet(); // same envelope again, on the next node
        } else if (r.status() == 503) {
          unavailable.incrementAndGet();
          pause(100);
        } else {
          refusals.add(envelope.messageId() + " on port " + port + ": " + r);
          envelope = null;
        }
      } catch (IOException e) {
        unanswered.incrementAndGet();
        pause(50);
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
