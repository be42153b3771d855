package org.rogatory.hub.crash;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rogatory.hub.support.EnvelopeFixtures.Sealed;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.RetryingLoad;

/**
 * Concurrent submissions that keep going while the hub is killed and restarted. A thread whose call
 * failed without an answer (the hub died, or was not up yet) retries the same envelope until it
 * gets one; any answer but the envelope's 201 is a refusal, a failure of the hub.
 */
final class SubmissionLoad extends RetryingLoad {
  final AtomicLong failedCalls = new AtomicLong();
  final AtomicLong retries = new AtomicLong();

  SubmissionLoad(List<Route> routes, long seed) {
    super(routes, seed, "crash-load");
  }

  @Override
  protected Next send(Route route, Sealed envelope, boolean retry) throws Exception {
    if (retry) {
      retries.incrementAndGet();
    }
    Response r = post(route.from().client(), route, envelope);
    if (acknowledges(r, envelope)) {
      acknowledged.add(envelope.messageId());
    } else {
      refusals.add(envelope.messageId() + ": " + r);
    }
    return Next.NEXT_ENVELOPE;
  }

  @Override
  protected void unanswered() {
    failedCalls.incrementAndGet();
    pause(100);
  }
}
