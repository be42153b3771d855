package org.rogatory.hub.infra.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

class BsonDataTypesTest {
  private static final BsonDataTypes.ValueType VALUES = BsonDataTypes.ValueType.INSTANCE;
  private static final BsonDataTypes.KeyValueType KEYS = BsonDataTypes.KeyValueType.INSTANCE;
  private static final BsonDataTypes.DocumentType DOCS = BsonDataTypes.DocumentType.INSTANCE;

  private static List<Object> samples() {
    List<Object> values = new ArrayList<>();
    values.add("");
    values.add("r-1#0");
    values.add("r-1#10");
    values.add("r-1#9");
    values.add("é");
    values.add(0);
    values.add(1);
    values.add(-1);
    values.add(Integer.MAX_VALUE);
    values.add(0L);
    values.add(1L);
    values.add(Long.MIN_VALUE);
    values.add(1.0);
    values.add(-0.0);
    values.add(0.0);
    values.add(true);
    values.add(false);
    values.add(null);
    values.add(Missing.getInstance());
    values.add(new ObjectId());
    values.add(Instant.ofEpochMilli(1_700_000_000_000L));
    values.add(new BinData(new byte[] {1, 2, 3}));
    values.add(new BinData(new byte[] {1, 2}));
    values.add(UUID.nameUUIDFromBytes(new byte[] {7}));
    values.add(new Document("a", 1).append("b", "x"));
    values.add(new ArrayList<>(List.of(1, "two", 3L)));
    return values;
  }

  @Test
  void everyValueType_roundTrips() {
    for (Object v : samples()) {
      WriteBuffer w = new WriteBuffer(64);
      VALUES.write(w, v);
      ByteBuffer b = w.getBuffer();
      b.flip();
      Object back = VALUES.read(b);
      assertThat(b.remaining()).as("%s consumed exactly", v).isZero();
      assertThat(back).as("type of %s", v).isEqualTo(v);
      if (v != null) {
        assertThat(back).isInstanceOf(v.getClass());
      }
    }
  }

  /**
   * The direct writes for strings and numbers are byte for byte what mongo-java-server's encoder
   * writes: stores written before them stay readable, and keys keep their order.
   */
  @Test
  void directlyWrittenValues_areTheEncodersBytes() {
    List<Object> values = new ArrayList<>(samples());
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        // Any UTF-16 unit, lone surrogates included, and plenty of ASCII.
        s.append(
            random.nextBoolean()
                ? (char) (32 + random.nextInt(95))
                : (char) random.nextInt(0x10000));
      }
      values.add(s.toString());
      values.add(random.nextInt());
      values.add(random.nextLong());
      values.add(Double.longBitsToDouble(random.nextLong()));
    }
    values.add(Double.NaN);
    values.add(Double.NEGATIVE_INFINITY);
    values.add("\uD83D\uDE00 emoji and a lone \uD800 surrogate");
    for (Object v : values) {
      WriteBuffer w = new WriteBuffer(16);
      BsonDataTypes.writeValue(w, v);
      ByteBuffer b = w.getBuffer();
      b.flip();
      byte[] written = new byte[b.remaining()];
      b.get(written);
      assertThat(written).as("bytes of %s", v).isEqualTo(encodersBytes(v));
    }
  }

  private static byte[] encodersBytes(Object v) {
    if (v instanceof Missing) {
      return new byte[] {0};
    }
    byte type = de.bwaldvogel.mongo.wire.bson.BsonEncoder.determineType(v);
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
    buf.writeByte(type);
    de.bwaldvogel.mongo.wire.bson.BsonEncoder.encodeValue(type, v, buf);
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    buf.release();
    return out;
  }

  @Test
  void documents_andKeys_roundTrip_backToBack() {
    Document doc =
        new Document("_id", 42L)
            .append("agg", "request-1#17")
            .append("payload", new BinData(new byte[300]))
            .append("nested", new Document("list", List.of(new Document("x", 1.5), "y")))
            .append("at", Instant.ofEpochMilli(5));
    KeyValue key = new KeyValue("request-1#17", 3L, Missing.getInstance());
    WriteBuffer w = new WriteBuffer(64);
    DOCS.write(w, doc);
    KEYS.write(w, key);
    DOCS.write(w, doc);
    ByteBuffer b = w.getBuffer();
    b.flip();
    assertThat(DOCS.read(b)).isEqualTo(doc);
    assertThat(KEYS.read(b)).isEqualTo(key);
    assertThat(DOCS.read(b)).isEqualTo(doc);
    assertThat(b.remaining()).isZero();
  }

  @Test
  void order_isTotal_andZeroExactlyForEqualValues() {
    List<Object> values = samples();
    for (Object a : values) {
      for (Object b : values) {
        int ab = VALUES.compare(a, b);
        int ba = VALUES.compare(b, a);
        assertThat(Integer.signum(ab))
            .as("antisymmetric %s %s", a, b)
            .isEqualTo(-Integer.signum(ba));
        assertThat(ab == 0)
            .as("zero iff equal: %s %s", a, b)
            .isEqualTo(java.util.Objects.equals(a, b));
        for (Object c : values) {
          if (ab < 0 && VALUES.compare(b, c) < 0) {
            assertThat(VALUES.compare(a, c)).as("transitive %s %s %s", a, b, c).isNegative();
          }
        }
      }
    }
  }

  @Test
  void keys_orderLikeTheirValues_andStringsOrderByContent() {
    Random random = new Random(3);
    List<KeyValue> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add(new KeyValue("agg-" + random.nextInt(50) + "#" + random.nextInt(20)));
      keys.add(new KeyValue((long) random.nextInt(1000)));
    }
    for (KeyValue a : keys) {
      for (KeyValue b : keys) {
        assertThat(KEYS.compare(a, b) == 0).isEqualTo(a.equals(b));
      }
    }
    assertThat(KEYS.compare(new KeyValue("a#10"), new KeyValue("a#9"))).isNegative();
    assertThat(KEYS.compare(new KeyValue(9L), new KeyValue(10L))).isNegative();
    assertThat(KEYS.compare(new KeyValue("a"), new KeyValue("a", 1))).isNegative();
  }
}
