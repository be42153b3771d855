package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import org.rogatory.crypto.internal.ByteWriter;

/**
 * The leaf of Rogatory's transparency log for one event of the hub's hash-chained event store
 * (docs/spec/event-chain.md): leaf {@code n} of the log is the event with global sequence {@code
 * n}, and commits to that sequence number and to the event's chain hash {@code hash_n}, which in
 * turn commits to every field of the event and to all events before it.
 *
 * <pre>
 * leaf data = "rogatory-v1 event-leaf" || 0x00 || u64(n) || hash_n (32 bytes)
 * leaf hash = SHA-256(0x00 || leaf data)                 (RFC 9162 leaf hash)
 * </pre>
 */
public final class EventLeaf {
  private static final byte[] LABEL = "rogatory-v1 event-leaf".getBytes(StandardCharsets.US_ASCII);

  /** Length of the leaf data, in bytes. */
  public static final int LENGTH = LABEL.length + 1 + 8 + 32;

  private EventLeaf() {}

  /**
   * The leaf data of the event with global sequence {@code sequence} and chain hash {@code
   * chainHash}.
   *
   * @throws IllegalArgumentException if the sequence is negative or the hash not 32 bytes
   */
  public static byte[] encode(long sequence, byte[] chainHash) {
    if (sequence < 0) {
      throw new IllegalArgumentException("a global sequence is not negative");
    }
    if (chainHash == null || chainHash.length != 32) {
      throw new IllegalArgumentException("an event chain hash is 32 bytes");
    }
    return new ByteWriter(LENGTH).raw(LABEL).u8(0).i64(sequence).raw(chainHash).toByteArray();
  }

  /** The RFC 9162 leaf hash of {@link #encode}. */
  public static TreeHash hash(long sequence, byte[] chainHash) {
    return TreeHash.ofLeaf(encode(sequence, chainHash));
  }
}
