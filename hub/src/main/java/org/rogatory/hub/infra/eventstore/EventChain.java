package org.rogatory.hub.infra.eventstore;

import org.rogatory.crypto.EventRecord;

/**
 * The hash chain over the global event order (docs/spec/event-chain.md): each event's hash covers
 * its position, its predecessor's hash and its canonical content, so that changing, removing,
 * inserting or reordering stored events is detectable from the data alone.
 */
public final class EventChain {
  private EventChain() {}

  /** The predecessor hash of event 0: 32 zero bytes. */
  public static byte[] genesis() {
    return EventRecord.genesis();
  }

  /** The hash of {@code event} at {@code globalSequence} following {@code previousHash}. */
  public static byte[] hash(long globalSequence, byte[] previousHash, StoredEvent event) {
    return record(event).chainHash(globalSequence, previousHash);
  }

  /** The event's fields as the chain hashes them (shared with parties and auditors). */
  public static EventRecord record(StoredEvent event) {
    return new EventRecord(
        event.eventId(),
        event.aggregateType(),
        event.aggregateId(),
        event.aggregateSequence(),
        event.timestamp(),
        event.payloadType(),
        event.payloadRevision(),
        event.payload(),
        event.metadata());
  }
}
