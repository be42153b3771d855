package org.rogatory.hub.multinode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rogatory.hub.support.EnvelopeFixtures.Sealed;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.RetryingLoad;

/**
 * Submissions from several threads, each call to the next hub node in turn, as a load balancer
 * without affinity would send them: consecutive messages on one request go to different nodes, and
 * threads on different nodes submit to the same request at once. A call without an answer (its node
 * died) or with a transient refusal is retried with the same envelope on the next node, as the SDK
 * retries.
 */
final class RoundRobinLoad extends RetryingLoad {
  private final List<Integer> ports;
  private final Set<Integer> down = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();

  /** 201s by the node that gave them. */
  final Map<Integer, AtomicLong> acceptedBy = new ConcurrentHashMap<>();

  /** Calls that got no answer, and answers that asked for a retry (409 on a race, 503). */
  final AtomicLong unanswered = new AtomicLong();

  final AtomicLong conflicts = new AtomicLong();
  final AtomicLong unavailable = new AtomicLong();

  RoundRobinLoad(List<Route> routes, List<Integer> ports, long seed) {
    super(routes, seed, "multinode-load");
    this.ports = List.copyOf(ports);
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

  @Override
  protected Next send(Route route, Sealed envelope, boolean retry) throws Exception {
    int port = nextPort();
    Response r = post(route.from().client().at(port), route, envelope);
    if (acknowledges(r, envelope)) {
      acknowledged.add(envelope.messageId());
      acceptedBy.computeIfAbsent(port, p -> new AtomicLong()).incrementAndGet();
      return Next.NEXT_ENVELOPE;
    }
    if (r.status() == 409 && "CONCURRENT_MODIFICATION".equals(r.code())) {
      conflicts.incrementAndGet(); // same envelope again, on the next node
      return Next.SAME_ENVELOPE;
    }
    if (r.status() == 503) {
      unavailable.incrementAndGet();
      pause(100);
      return Next.SAME_ENVELOPE;
    }
    refusals.add(envelope.messageId() + " on port " + port + ": " + r);
    return Next.NEXT_ENVELOPE;
  }

  @Override
  protected void unanswered() {
    unanswered.incrementAndGet();
    pause(50);
  }
}
