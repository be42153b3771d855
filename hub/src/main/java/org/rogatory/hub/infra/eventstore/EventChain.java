package org.rogatory.hub.infra.eventstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash chain over the global event order (docs/spec/event-chain.md): each event's hash covers
 * its position, its predecessor's hash and its canonical content, so that changing, removing,
 * inserting or reordering stored events is detectable from the data alone.
 */
public final class EventChain {
  private static final byte[] GENESIS = new byte[32];

  private static final byte[] LABEL = "rogatory-v1 event".getBytes(StandardCharsets.US_ASCII);

  private EventChain() {}

  /** The predecessor hash of event 0: 32 zero bytes. */
  public static byte[] genesis() {
    return GENESIS.clone();
  }

  /** The hash of {@code event} at {@code globalSequence} following {@code previousHash}. */
  public static byte[] hash(long globalSequence, byte[] previousHash, StoredEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.payload().length);
    out.writeBytes(LABEL);
    out.write(0);
    writeLong(out, globalSequence);
    out.writeBytes(previousHash);
    writeString(out, event.eventId());
    writeString(out, event.aggregateType());
    writeString(out, event.aggregateId());
    writeLong(out, event.aggregateSequence());
    writeString(out, event.timestamp());
    writeString(out, event.payloadType());
    writeString(out, event.payloadRevision());
    writeBytes(out, event.payload());
    writeBytes(out, event.metadata());
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
