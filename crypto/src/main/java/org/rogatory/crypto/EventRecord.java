package org.rogatory.crypto;

import java.io.ByteArrayOutputStream;
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
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + payload.length);
    out.writeBytes(LABEL);
    out.write(0);
    writeLong(out, globalSequence);
    out.writeBytes(previousHash);
    writeString(out, eventId);
    writeString(out, aggregateType);
    writeString(out, aggregateId);
    writeLong(out, aggregateSequence);
    writeString(out, timestamp);
    writeString(out, payloadType);
    writeString(out, payloadRevision);
    writeBytes(out, payload);
    writeBytes(out, metadata);
    try {
      return MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
  }

  /** Absent (null) strings are written as length 0xFFFFFFFF, distinct from the empty string. */
  private static void writeString(ByteArrayOutputStream out, String s) {
    if (s == null) {
      writeInt(out, -1);
      return;
    }
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    writeInt(out, b.length);
    out.writeBytes(b);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(v >>> shift);
    }
  }
}
