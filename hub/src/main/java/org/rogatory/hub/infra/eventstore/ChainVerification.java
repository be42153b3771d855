package org.rogatory.hub.infra.eventstore;

import java.util.Arrays;
import java.util.List;

/**
 * Walks the stored log from the first event and checks, from the data alone, that the global
 * sequence is gapless and every commit's predecessor hash and every event's hash are what the chain
 * says they must be. Tampering with a payload, removing, inserting or reordering events all break
 * it; cutting off the newest events does not (signed checkpoints catch that).
 */
public final class ChainVerification {
  /** The outcome: how many events were checked, and the first problem found (or null). */
  public record Result(long eventsChecked, long headSequence, String problem) {
    public boolean intact() {
      return problem == null;
    }
  }

  private ChainVerification() {}

  public static Result verify(EventLog log) {
    long expected = 0;
    byte[] previous = EventChain.genesis();
    while (true) {
      List<StoredEvent> batch = log.readFrom(expected, 512);
      if (batch.isEmpty()) {
        if (log.hasEventsAfter(expected - 1)) {
          return new Result(
              expected, expected - 1, "events are missing at global sequence " + expected);
        }
        return new Result(expected, expected - 1, null);
      }
      for (StoredEvent e : batch) {
        if (e.globalSequence() != expected) {
          return new Result(
              expected,
              expected - 1,
              "expected event " + expected + " but found " + e.globalSequence());
        }
        byte[] recomputed = EventChain.hash(expected, previous, e);
        if (!Arrays.equals(recomputed, e.hash())) {
          return new Result(
              expected, expected - 1, "event " + expected + " does not match its chain hash");
        }
        previous = recomputed;
        expected++;
      }
    }
  }
}
