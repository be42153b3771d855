package org.rogatory.hub.infra.eventstore;

import java.util.Objects;

/**
 * One event as the log stores it: serialized payload and metadata, the aggregate it belongs to (if
 * any), and, once appended, its global sequence number and chain hash.
 *
 * @param globalSequence position in the global log (gapless from 0); -1 before appending
 * @param aggregateType the aggregate's type, or null for an event outside any aggregate
 * @param aggregateId the aggregate identifier, or null
 * @param aggregateSequence the event's sequence in its aggregate, or -1
 * @param timestamp ISO-8601 instant as Axon recorded it (kept as text so the hash is exact)
 * @param hash SHA-256 chain hash (docs/spec/event-chain.md); null before appending
 */
public record StoredEvent(
    long globalSequence,
    String eventId,
    String aggregateType,
    String aggregateId,
    long aggregateSequence,
    String timestamp,
    String payloadType,
    String payloadRevision,
    byte[] payload,
    byte[] metadata,
    byte[] hash) {

  public StoredEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
  }

  /** An event not yet appended. */
  public static StoredEvent unsequenced(
      String eventId,
      String aggregateType,
      String aggregateId,
      long aggregateSequence,
      String timestamp,
      String payloadType,
      String payloadRevision,
      byte[] payload,
      byte[] metadata) {
    return new StoredEvent(
        -1,
        eventId,
        aggregateType,
        aggregateId,
        aggregateSequence,
        timestamp,
        payloadType,
        payloadRevision,
        payload,
        metadata,
        null);
  }

  public boolean isDomainEvent() {
    return aggregateId != null;
  }

  StoredEvent sequenced(long globalSequence, byte[] hash) {
    return new StoredEvent(
        globalSequence,
        eventId,
        aggregateType,
        aggregateId,
        aggregateSequence,
        timestamp,
        payloadType,
        payloadRevision,
        payload,
        metadata,
        hash);
  }
}
