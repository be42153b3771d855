package org.rogatory.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Rogatory's canonical binary encoding: big-endian integers, length-prefixed strings.
 *
 * <p>Internal: the layout is specified in {@code docs/spec/}; every encoder uses this class so that
 * there is one definition of each primitive.
 */
public final class ByteWriter {
  private final ByteArrayOutputStream out;

  public ByteWriter(int initialCapacity) {
    this.out = new ByteArrayOutputStream(initialCapacity);
  }

  public ByteWriter u8(int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("u8 out of range: " + value);
    }
    out.write(value);
    return this;
  }

  public ByteWriter u16(int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException("u16 out of range: " + value);
    }
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  public ByteWriter u32(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("u32 out of range: " + value);
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  public ByteWriter i64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  public ByteWriter raw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** A UTF-8 string preceded by its byte length as a u16. */
  public ByteWriter str16(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    u16(bytes.length);
    return raw(bytes);
  }

  /** A byte string preceded by its length as a u32. */
  public ByteWriter bytes32(byte[] bytes) {
    u32(bytes.length);
    return raw(bytes);
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
