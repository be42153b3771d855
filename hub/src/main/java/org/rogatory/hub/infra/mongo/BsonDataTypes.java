package org.rogatory.hub.infra.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * How the embedded store lays out mongo-java-server's documents, index keys and ids in H2 MVStore
 * pages: as BSON, the format the wire protocol already uses, instead of H2's default of Java
 * serialization. With the default, every commit serialised each changed page's documents with
 * {@code ObjectOutputStream}, and every index lookup serialised the probed keys to compare them
 * (together about half of the store's CPU under load, docs/benchmarks.md, section Hub).
 *
 * <p>Index keys and ids are ordered by BSON type, then within a type by value (strings by {@link
 * String#compareTo}, numbers numerically, anything else by its BSON bytes). Two keys compare equal
 * exactly when they are equal values of the same type, which is all an exact-match unique index
 * needs. The order differs from the Java-serialization order, so a store written by the default
 * types cannot be read with these ({@link StoreFormat} refuses such a store).
 */
final class BsonDataTypes {
  /** Tag of {@link Missing}, which BSON cannot carry (0x00 ends a document, never tags a value). */
  private static final byte MISSING = 0x00;

  private static final byte DOUBLE = 0x01;
  private static final byte STRING = 0x02;
  private static final byte INT32 = 0x10;
  private static final byte INT64 = 0x12;

  private BsonDataTypes() {}

  /** A single value: a document's {@code _id} (the data map's key) or an index's position. */
  static final class ValueType extends BasicDataType<Object> {
    static final ValueType INSTANCE = new ValueType();

    @Override
    public int getMemory(Object value) {
      return estimate(value);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
      writeValue(buffer, value);
    }

    @Override
    public Object read(ByteBuffer buffer) {
      return readValue(buffer);
    }

    @Override
    public int compare(Object a, Object b) {
      return compareValues(a, b);
    }

    @Override
    public Object[] createStorage(int size) {
      return new Object[size];
    }
  }

  /** The key of a unique index: the indexed fields' values. */
  static final class KeyValueType extends BasicDataType<KeyValue> {
    static final KeyValueType INSTANCE = new KeyValueType();

    @Override
    public int getMemory(KeyValue key) {
      int n = 48;
      for (Object v : key) {
        n += 8 + estimate(v);
      }
      return n;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
      buffer.putVarInt(key.size());
      for (Object v : key) {
        writeValue(buffer, v);
      }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
      int size = DataUtils.readVarInt(buffer);
      List<Object> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(readValue(buffer));
      }
      return new KeyValue(values);
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
      if (a == b) {
        return 0;
      }
      int n = Math.min(a.size(), b.size());
      for (int i = 0; i < n; i++) {
        int c = compareValues(a.get(i), b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    }

    @Override
    public KeyValue[] createStorage(int size) {
      return new KeyValue[size];
    }
  }

  /** A stored document. */
  static final class DocumentType extends BasicDataType<Document> {
    static final DocumentType INSTANCE = new DocumentType();

    @Override
    public int getMemory(Document document) {
      return estimate(document);
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
      ByteBuf buf = Scratch.take();
      try {
        BsonEncoder.encodeDocument(document, buf);
        buffer.put(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
      } finally {
        Scratch.give(buf);
      }
    }

    @Override
    public Document read(ByteBuffer buffer) {
      ByteBuf buf = Unpooled.wrappedBuffer(buffer);
      Document d = BsonDecoder.decodeBson(buf);
      buffer.position(buffer.position() + buf.readerIndex());
      return d;
    }

    @Override
    public int compare(Document a, Document b) {
      // MVMap compares values only to check a replace's expected value: equality is what counts.
      if (a.equals(b)) {
        return 0;
      }
      return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    @Override
    public Document[] createStorage(int size) {
      return new Document[size];
    }
  }

  // ------------------------------------------------------------------ values

  /**
   * Writes a value's BSON type tag and BSON bytes. The types that ids, positions and index keys are
   * made of (strings, 32- and 64-bit integers, doubles) are written straight into the page buffer,
   * byte for byte what {@link BsonEncoder} writes (BSON is little-endian, {@link WriteBuffer}
   * big-endian, hence the byte swaps); other types go through the encoder. Every commit writes the
   * keys of each page it rewrites, so this runs for nearly every key of a changed page.
   */
  static void writeValue(WriteBuffer buffer, Object value) {
    if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      buffer.put(STRING).putInt(Integer.reverseBytes(utf8.length + 1)).put(utf8).put((byte) 0);
      return;
    }
    if (value instanceof Long l) {
      buffer.put(INT64).putLong(Long.reverseBytes(l));
      return;
    }
    if (value instanceof Integer i) {
      buffer.put(INT32).putInt(Integer.reverseBytes(i));
      return;
    }
    if (value instanceof Double d) {
      buffer.put(DOUBLE).putLong(Long.reverseBytes(Double.doubleToRawLongBits(d)));
      return;
    }
    if (value instanceof Missing) {
      buffer.put(MISSING);
      return;
    }
    byte type = BsonEncoder.determineType(value);
    buffer.put(type);
    ByteBuf buf = Scratch.take();
    try {
      BsonEncoder.encodeValue(type, value, buf);
      buffer.put(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
    } finally {
      Scratch.give(buf);
    }
  }

  /**
   * A heap buffer per thread for the encoder, reused from one value to the next: a fresh Netty
   * buffer per value cost an allocation and an update of the allocator's shared counters, which
   * under load was a visible share of every commit. A buffer that grew past {@link #KEEP} for a
   * large document is dropped after use rather than kept.
   */
  private static final class Scratch {
    private static final int KEEP = 64 * 1024;
    private static final ThreadLocal<ByteBuf> BUFFER = new ThreadLocal<>();

    static ByteBuf take() {
      ByteBuf buf = BUFFER.get();
      if (buf == null) {
        buf = Unpooled.buffer(4096);
      } else {
        // Taken: a nested use on this thread (none today) would get a buffer of its own.
        BUFFER.remove();
        buf.clear();
      }
      return buf;
    }

    static void give(ByteBuf buf) {
      if (buf.capacity() <= KEEP) {
        BUFFER.set(buf);
      } else {
        buf.release();
      }
    }
  }

  static Object readValue(ByteBuffer buffer) {
    byte type = buffer.get();
    if (type == MISSING) {
      return Missing.getInstance();
    }
    ByteBuf buf = Unpooled.wrappedBuffer(buffer);
    Object value = BsonDecoder.decodeValue(type, buf);
    buffer.position(buffer.position() + buf.readerIndex());
    return value;
  }

  /**
   * A total order on values, consistent with equality of same-typed values: by BSON type first,
   * then by value.
   */
  static int compareValues(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    byte ta = tag(a);
    byte tb = tag(b);
    if (ta != tb) {
      return Integer.compare(ta & 0xff, tb & 0xff);
    }
    if (a.getClass() == b.getClass()) {
      switch (ta) {
        case STRING:
          return ((String) a).compareTo((String) b);
        case INT32:
          return Integer.compare((Integer) a, (Integer) b);
        case INT64:
          return Long.compare((Long) a, (Long) b);
        case DOUBLE:
          return Double.compare((Double) a, (Double) b);
        case MISSING:
          return 0;
        default:
          break;
      }
    }
    if (a.equals(b)) {
      return 0;
    }
    int c = Arrays.compareUnsigned(bytes(a), bytes(b));
    return c != 0 ? c : a.getClass().getName().compareTo(b.getClass().getName());
  }

  private static byte tag(Object value) {
    return value instanceof Missing ? MISSING : BsonEncoder.determineType(value);
  }

  private static byte[] bytes(Object value) {
    WriteBuffer w = new WriteBuffer(64);
    if (value instanceof Document d) {
      DocumentType.INSTANCE.write(w, d);
    } else {
      writeValue(w, value);
    }
    ByteBuffer b = w.getBuffer();
    b.flip();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /**
   * A rough heap size of a value, for the store's page sizes and cache: H2's default estimate
   * serialised the whole value to measure it.
   */
  static int estimate(Object value) {
    if (value == null) {
      return 8;
    }
    if (value instanceof String s) {
      return 40 + 2 * s.length();
    }
    if (value instanceof de.bwaldvogel.mongo.bson.BinData b) {
      return 32 + b.getData().length;
    }
    if (value instanceof byte[] b) {
      return 24 + b.length;
    }
    if (value instanceof Map<?, ?> m) {
      int n = 64;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        n += 32 + estimate(e.getKey()) + estimate(e.getValue());
      }
      return n;
    }
    if (value instanceof Collection<?> c) {
      int n = 40;
      for (Object o : c) {
        n += 8 + estimate(o);
      }
      return n;
    }
    return 24;
  }
}
