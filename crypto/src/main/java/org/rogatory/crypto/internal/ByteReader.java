package org.rogatory.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Rogatory's canonical binary encoding with strict bounds. Every malformed input ends in
 * {@link MalformedInputException}, never in an unchecked exception from array indexing.
 */
public final class ByteReader {
  private final byte[] data;
  private int pos;

  public ByteReader(byte[] data) {
    this.data = data;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return data.length - pos;
  }

  private void need(int n) throws MalformedInputException {
    if (n < 0 || data.length - pos < n) {
      throw new MalformedInputException("input ends early");
    }
  }

  public int u8() throws MalformedInputException {
    need(1);
    return data[pos++] & 0xFF;
  }

  public int u16() throws MalformedInputException {
    need(2);
    int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  public long u32() throws MalformedInputException {
    need(4);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (data[pos++] & 0xFF);
    }
    return v;
  }

  public long i64() throws MalformedInputException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[pos++] & 0xFF);
    }
    return v;
  }

  public byte[] raw(int n) throws MalformedInputException {
    need(n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** A u16-length-prefixed UTF-8 string; rejects malformed UTF-8 instead of replacing it. */
  public String str16() throws MalformedInputException {
    int len = u16();
    need(len);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data, pos, len))
              .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedInputException("string is not valid UTF-8");
    }
  }

  public byte[] bytes32(int maxLength) throws MalformedInputException {
    long len = u32();
    if (len > maxLength) {
      throw new MalformedInputException("field longer than " + maxLength + " bytes");
    }
    return raw((int) len);
  }

  public void expectEnd() throws MalformedInputException {
    if (pos != data.length) {
      throw new MalformedInputException("unexpected bytes after the end");
    }
  }

  /** A copy of the bytes read so far, from {@code start}. */
  public byte[] slice(int start) {
    return Arrays.copyOfRange(data, start, pos);
  }
}
