package org.rogatory.hub.infra.blob;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

/**
 * Ciphertext blobs (envelopes, attachments) stored in MongoDB in fixed-size chunks, GridFS-style
 * but keyed {@code blobId#n} so that every read is an exact-match lookup (GridFS's chunk queries
 * scan the whole collection on the embedded server). Memory holds one chunk at a time.
 */
@Component
public class BlobStore {
  public static final int CHUNK = 255 * 1024;
  private final MongoCollection<Document> blobs;
  private final MongoCollection<Document> chunks;

  public BlobStore(MongoDatabase database) {
    this.blobs = database.getCollection("blobs");
    this.chunks = database.getCollection("blob_chunks");
  }

  /** What was stored. */
  public record Blob(String id, long size, String sha256) {}

  /** A blob being written chunk by chunk; {@link #finish()} makes it visible. */
  public final class Writer {
    private final String id = UUID.randomUUID().toString();
    private final MessageDigest digest = sha256();
    private final byte[] buffer = new byte[CHUNK];
    private final long maxSize;
    private int filled;
    private long size;
    private int chunkCount;

    private Writer(long maxSize) {
      this.maxSize = maxSize;
    }

    public String id() {
      return id;
    }

    /** Appends bytes; throws {@link BlobTooLargeException} past the limit. */
    public void write(byte[] data, int off, int len) {
      if (size + len > maxSize) {
        abort();
        throw new BlobTooLargeException(maxSize);
      }
      digest.update(data, off, len);
      size += len;
      while (len > 0) {
        int n = Math.min(len, CHUNK - filled);
        System.arraycopy(data, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == CHUNK) {
          flushChunk();
        }
      }
    }

    private void flushChunk() {
      byte[] data = java.util.Arrays.copyOf(buffer, filled);
      chunks.insertOne(new Document("_id", id + "#" + chunkCount).append("data", new Binary(data)));
      chunkCount++;
      filled = 0;
    }

    public Blob finish() {
      if (filled > 0) {
        flushChunk();
      }
      String hex = HexFormat.of().formatHex(digest.digest());
      blobs.insertOne(
          new Document("_id", id)
              .append("size", size)
              .append("chunks", chunkCount)
              .append("sha256", hex));
      return new Blob(id, size, hex);
    }

    public void abort() {
      delete(id, chunkCount + (filled > 0 ? 1 : 0));
    }
  }

  public Writer writer(long maxSize) {
    return new Writer(maxSize);
  }

  /** Metadata of a complete blob, or null. */
  public Blob find(String id) {
    Document d = blobs.find(Filters.eq("_id", id)).first();
    return d == null
        ? null
        : new Blob(id, d.get("size", Number.class).longValue(), d.getString("sha256"));
  }

  /** Reads a complete blob as a stream, fetching a few chunks at a time. */
  public InputStream open(String id) throws IOException {
    Document d = blobs.find(Filters.eq("_id", id)).first();
    if (d == null) {
      throw new IOException("no blob " + id);
    }
    int count = d.getInteger("chunks");
    return new InputStream() {
      private int next;
      private byte[] current = new byte[0];
      private int pos;

      private boolean fill() {
        if (pos < current.length) {
          return true;
        }
        if (next >= count) {
          return false;
        }
        Document c = chunks.find(Filters.eq("_id", id + "#" + next)).first();
        if (c == null) {
          throw new IllegalStateException("blob " + id + " lost chunk " + next);
        }
        current = c.get("data", Binary.class).getData();
        pos = 0;
        next++;
        return true;
      }

      @Override
      public int read() {
        return fill() ? current[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (!fill()) {
          return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  public void delete(String id) {
    Document d = blobs.find(Filters.eq("_id", id)).first();
    delete(id, d == null ? 0 : d.getInteger("chunks"));
  }

  private void delete(String id, int chunkCount) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < chunkCount; i++) {
      keys.add(id + "#" + i);
    }
    if (!keys.isEmpty()) {
      chunks.deleteMany(Filters.in("_id", keys));
    }
    blobs.deleteOne(Filters.eq("_id", id));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
