package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One event of the hub's store as the event chain hashes it (docs/spec/event-chain.md): its
 * identity, aggregate, timestamp and serialized payload and metadata. The hub computes each stored
 * event's chain hash with {@link #chainHash}; a party or an auditor who is shown an event
 * recomputes it, and through {@link EventLeaf} and an inclusion proof ties the event to a signed
 * checkpoint.
 *
 * @param aggregateSequence -1 for an event outside any aggregate
 * @param payloadRevision may be null (absent)
 */
public record EventRecord(
    String eventId,
    String aggregateType,
    String aggregateId,
    long aggregateSequence,
    String timestamp,
    String payloadType,
    String payloadRevision,
    byte[] payload,
    byte[] metadata) {

  private static final byte[] LABEL = "rogatory-v1 event".getBytes(StandardCharsets.US_ASCII);

  /** The predecessor hash of event 0: 32 zero bytes. */
  public static byte[] genesis() {
    return new byte[32];
  }

  /** The chain hash of this event at {@code globalSequence}, following {@code previousHash}. */
  public byte[] chainHash(long globalSequence, byte[] previousHash) {
    if (previousHash == null || previousHash.length != 32) {
      throw new IllegalArgumentException("a chain hash is 32 bytes");
    }
    // Fields go straight into the digest (no intermediate buffer): the auditor's verifier hashes
    // millions of events.
    MessageDigest d = SHA256.get();
    byte[] scratch = new byte[8];
    d.update(LABEL);
    d.update((byte) 0);
    updateLong(d, scratch, globalSequence);
    d.update(previousHash);
    updateString(d, scratch, eventId);
    updateString(d, scratch, aggregateType);
    updateString(d, scratch, aggregateId);
    updateLong(d, scratch, aggregateSequence);
    updateString(d, scratch, timestamp);
    updateString(d, scratch, payloadType);
    updateString(d, scratch, payloadRevision);
    updateBytes(d, scratch, payload);
    updateBytes(d, scratch, metadata);
    return d.digest();
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is not available", e);
            }
          });

  private static void updateLong(MessageDigest d, byte[] scratch, long v) {
    for (int i = 0; i < 8; i++) {
      scratch[i] = (byte) (v >> (56 - 8 * i));
    }
    d.update(scratch, 0, 8);
  }

  private static void updateInt(MessageDigest d, byte[] scratch, int v) {
    for (int i = 0; i < 4; i++) {
      scratch[i] = (byte) (v >> (24 - 8 * i));
    }
    d.update(scratch, 0, 4);
  }

  /** Absent (null) strings are written as length 0xFFFFFFFF, distinct from the empty string. */
  private static void updateString(MessageDigest d, byte[] scratch, String s) {
    if (s == null) {
      updateInt(d, scratch, -1);
      return;
    }
    updateBytes(d, scratch, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void updateBytes(MessageDigest d, byte[] scratch, byte[] b) {
    updateInt(d, scratch, b.length);
    d.update(b);
  }
}
