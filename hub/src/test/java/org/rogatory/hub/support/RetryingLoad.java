package org.rogatory.hub.support;

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
import org.rogatory.hub.support.EnvelopeFixtures.Sealed;
import org.rogatory.hub.support.HubTestBase.Party;

/**
 * Threads that submit 4 KiB envelopes on random routes until stopped, each retrying the same
 * envelope after a call that got no answer, as a real client would, and a ledger of what was sent
 * and what the hub acknowledged: the hub must record each message once however often it was sent.
 * Subclasses say where a call goes and what an answer means (the crash test, the multi-node test).
 */
public abstract class RetryingLoad {
  /** One direction of one request: who sends to whom. */
  public record Route(String requestId, Party from, Party to) {}

  /** What a thread does after an answer. */
  protected enum Next {
    /** The envelope is settled (acknowledged or refused): seal the next one. */
    NEXT_ENVELOPE,
    /** Send the same envelope again. */
    SAME_ENVELOPE
  }

  private final List<Route> routes;
  private final long seed;
  private final String threadName;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /** Every envelope sent at least once, by message id. */
  public final Map<UUID, Sealed> attempted = new ConcurrentHashMap<>();

  /** Message ids the hub answered 201 Created for. */
  public final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();

  /** Answers the test counts as failures of the hub. */
  public final Queue<String> refusals = new ConcurrentLinkedQueue<>();

  protected RetryingLoad(List<Route> routes, long seed, String threadName) {
    this.routes = List.copyOf(routes);
    this.seed = seed;
    this.threadName = threadName;
  }

  /**
   * Sends {@code envelope} once ({@code retry}: it was sent before without an answer) and says what
   * next; an IOException means no answer.
   */
  protected abstract Next send(Route route, Sealed envelope, boolean retry) throws Exception;

  /** Called after a call got no answer, before the same envelope is sent again. */
  protected abstract void unanswered();

  /** Whether the hub acknowledged exactly this envelope. */
  protected static boolean acknowledges(HubApiClient.Response r, Sealed envelope) {
    return r.status() == 201
        && envelope.messageId().toString().equals(r.json().path("messageId").asText());
  }

  /** Posts the envelope to its request, on the client's hub or the given one. */
  protected static HubApiClient.Response post(HubApiClient client, Route route, Sealed envelope)
      throws Exception {
    return client.post(
        "/v1/requests/" + route.requestId() + "/messages",
        "application/vnd.rogatory.envelope",
        envelope.bytes(),
        envelope.messageId().toString());
  }

  public void start(int threadCount) {
    for (int i = 0; i < threadCount; i++) {
      Random random = new Random(seed * 31 + i);
      Thread t = new Thread(() -> run(random), threadName + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Stops the threads; a call in flight is finished (or times out) first. */
  public void stop() throws InterruptedException {
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
    boolean retry = false;
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
          retry = false;
        }
        attempted.putIfAbsent(envelope.messageId(), envelope);
        if (send(route, envelope, retry) == Next.NEXT_ENVELOPE) {
          envelope = null;
        }
      } catch (IOException e) {
        unanswered();
        retry = true;
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

  protected static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
