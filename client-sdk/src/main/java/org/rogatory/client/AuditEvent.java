package org.rogatory.client;

import org.rogatory.crypto.EventRecord;

/**
 * One event of the hub's history as an auditor receives it (docs/spec/audit-bundle.md section 2):
 * its global sequence {@code n}, every field the event chain hashes (docs/spec/event-chain.md), and
 * the chain hash the hub stored with it. Events hold metadata only: ids, parties, digests, sizes
 * and public keys, never plaintext or key material.
 *
 * @param n the global sequence, gapless from 0 (the event's leaf index in the log)
 * @param aggregateType null for an event outside any aggregate
 * @param aggregateId null for an event outside any aggregate
 * @param aggregateSequence -1 for an event outside any aggregate
 * @param timestamp the ISO-8601 text recorded with the event, exactly as hashed
 * @param payloadRevision null when absent
 * @param payload the serialized payload (JSON) exactly as stored
 * @param metadata the serialized metadata (JSON) exactly as stored
 * @param hash the chain hash {@code hash_n} as the hub stored it (32 bytes)
 */
public record AuditEvent(
    long n,
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

  /** The fields the event chain hashes, as crypto's {@link EventRecord}. */
  public EventRecord record() {
    return new EventRecord(
        eventId,
        aggregateType,
        aggregateId,
        aggregateSequence,
        timestamp,
        payloadType,
        payloadRevision,
        payload,
        metadata);
  }
}
