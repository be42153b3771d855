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
import org.bson.Document;
import org.bson.types.Binary;
import org.rogatory.hub.infra.mongo.Durability;
import org.springframework.stereotype.Component;

/**
 * Ciphertext blobs (envelopes, attachments) stored in MongoDB in fixed-size chunks, GridFS-style
 * but keyed {@code blobId#n} so that every read is an exact-match lookup (GridFS's chunk queries
 * scan the whole collection on the embedded server). Memory holds one chunk at a time.
 */
@Component
public class BlobStore {
  public static final int CHUNK = 255 * 1024;

  /** The content of a blob smaller than a chunk, kept in its blob document. */
  private static final String INLINE = "data";

  private final MongoCollection<Document> blobs;
  private final MongoCollection<Document> chunks;
  private final MongoCollection<Document> envelopeBlobs;

  public BlobStore(MongoDatabase database) {
    this.blobs = database.getCollection("blobs");
    // A whole-blob write (an envelope) is acknowledged only through the event that records it,
    // written durably after it: its blob document is derived data until then (Durability).
    this.envelopeBlobs = Durability.derived(blobs);
    // A chunk is acknowledged only through its blob document, written durably after it
    // (Durability).
    this.chunks = Durability.derived(database.getCollection("blob_chunks"));
  }

  /** What was stored. */
  public record Blob(String id, long size, String sha256) {}

  /**
   * A blob being written chunk by chunk; {@link #finish()} makes it visible. Its writes are not
   * durable on their own: the caller acknowledges the blob only through a durable write that
   * follows (for an envelope, the event recording its submission), which carries them to disk.
   */
  public final class Writer {
    private final String id = BlobIds.next();
    private final MessageDigest digest = sha256();
    // Grows to a whole chunk only for blobs that need one: most envelopes are a few KiB.
    private byte[] buffer = new byte[16 * 1024];
    private final long maxSize;
    private int filled;
    private long size;
    private int chunkCount;
    private byte[] firstChunk;

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
        if (filled + n > buffer.length) {
          buffer =
              java.util.Arrays.copyOf(
                  buffer, Math.min(CHUNK, Math.max(filled + n, 2 * buffer.length)));
        }
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
      if (chunkCount == 0) {
        firstChunk = data;
      }
      chunkCount++;
      filled = 0;
    }

    /**
     * Makes the blob visible. A blob smaller than one chunk (most envelopes) is stored inline in
     * its blob document: one write instead of two, and one read for whoever downloads it.
     */
    public Blob finish() {
      String hex = HexFormat.of().formatHex(digest.digest());
      Document blob = new Document("_id", id).append("size", size).append("sha256", hex);
      if (chunkCount == 0 && filled > 0) {
        firstChunk = java.util.Arrays.copyOf(buffer, filled);
        filled = 0;
        blob.append("chunks", 0).append(INLINE, new Binary(firstChunk));
      } else {
        if (filled > 0) {
          flushChunk();
        }
        blob.append("chunks", chunkCount);
      }
      envelopeBlobs.insertOne(blob);
      return new Blob(id, size, hex);
    }

    public void abort() {
      delete(id, chunkCount + (filled > 0 ? 1 : 0));
    }

    /**
     * Reads the finished blob back from the start: the first chunk from memory (where a message's
     * envelope header is), the rest from the store only if the reader gets that far.
     */
    public InputStream readBack() {
      byte[] first = firstChunk == null ? new byte[0] : firstChunk;
      InputStream head = new java.io.ByteArrayInputStream(first);
      if (chunkCount <= 1) {
        return head;
      }
      InputStream rest =
          new InputStream() {
            private InputStream in;

            private InputStream in() throws IOException {
              if (in == null) {
                in = open(id, first.length);
              }
              return in;
            }

            @Override
            public int read() throws IOException {
              return in().read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              return in().read(b, off, len);
            }

            @Override
            public void close() throws IOException {
              if (in != null) {
                in.close();
              }
            }
          };
      return new java.io.SequenceInputStream(head, rest);
    }
  }

  public Writer writer(long maxSize) {
    return new Writer(maxSize);
  }

  // ------------------------------------------------------------------ resumable uploads

  /** State of a resumable blob: how much is durably stored, and whether it is complete. */
  public record UploadState(
      String id, long declaredSize, String declaredSha256, long committed, boolean complete) {}

  /** Starts a resumable blob of a declared size and SHA-256 (lower-case hex). */
  public UploadState createResumable(long declaredSize, String declaredSha256) {
    String id = BlobIds.next();
    blobs.insertOne(
        new Document("_id", id)
            .append("size", 0L)
            .append("chunks", 0)
            .append("declaredSize", declaredSize)
            .append("declaredSha256", declaredSha256)
            .append("complete", false));
    return new UploadState(id, declaredSize, declaredSha256, 0, false);
  }

  /** The state of a resumable blob, or null if there is none. */
  public UploadState uploadState(String id) {
    Document d = blobs.find(Filters.eq("_id", id)).first();
    if (d == null || !d.containsKey("declaredSize")) {
      return null;
    }
    return new UploadState(
        id,
        d.get("declaredSize", Number.class).longValue(),
        d.getString("declaredSha256"),
        d.get("size", Number.class).longValue(),
        Boolean.TRUE.equals(d.getBoolean("complete")));
  }

  /**
   * Appends to a resumable blob from {@code offset}, which must be where the stored part ends.
   * Whole chunks are stored as they fill; when the connection breaks, the partial chunk is dropped
   * and the upload resumes from the last whole chunk. Not thread-safe: one appender per upload.
   */
  public final class Appender {
    private final UploadState state;
    private final byte[] buffer = new byte[CHUNK];
    private final MessageDigest digest;
    private int filled;
    private long size;
    private int chunkCount;

    private Appender(UploadState state) {
      this.state = state;
      this.size = state.committed();
      this.chunkCount = (int) (state.committed() / CHUNK);
      // Digest on the fly only when this appender sees every byte; otherwise re-read at the end.
      this.digest = state.committed() == 0 ? sha256() : null;
    }

    /** Stored plus buffered bytes: the offset the next byte would have. */
    public long position() {
      return size + filled;
    }

    public void write(byte[] data, int off, int len) {
      if (position() + len > state.declaredSize()) {
        throw new BlobTooLargeException(state.declaredSize());
      }
      if (digest != null) {
        digest.update(data, off, len);
      }
      while (len > 0) {
        int n = Math.min(len, CHUNK - filled);
        System.arraycopy(data, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == CHUNK) {
          storeChunk();
        }
      }
    }

    private void storeChunk() {
      byte[] data = java.util.Arrays.copyOf(buffer, filled);
      // Upsert: a chunk stored before a crash, whose count was not yet moved, is overwritten.
      chunks.replaceOne(
          Filters.eq("_id", state.id() + "#" + chunkCount),
          new Document("_id", state.id() + "#" + chunkCount).append("data", new Binary(data)),
          new com.mongodb.client.model.ReplaceOptions().upsert(true));
      chunkCount++;
      size += filled;
      filled = 0;
      blobs.updateOne(
          Filters.eq("_id", state.id()),
          new Document("$set", new Document("size", size).append("chunks", chunkCount)));
    }

    /**
     * Ends this part of the upload. If every declared byte has arrived, stores the last chunk,
     * checks the digest and marks the blob complete; returns the new state. A digest mismatch
     * deletes the stored bytes and throws {@link DigestMismatchException}.
     */
    public UploadState finish() throws IOException {
      if (position() < state.declaredSize()) {
        // Keep only whole chunks: the client resumes from there.
        filled = 0;
        return new UploadState(
            state.id(), state.declaredSize(), state.declaredSha256(), size, false);
      }
      if (filled > 0) {
        storeChunk();
      }
      String actual;
      if (digest != null) {
        actual = HexFormat.of().formatHex(digest.digest());
      } else {
        actual = digestOf(state.id(), chunkCount);
      }
      if (!actual.equals(state.declaredSha256())) {
        delete(state.id(), chunkCount);
        throw new DigestMismatchException();
      }
      blobs.updateOne(
          Filters.eq("_id", state.id()),
          new Document(
              "$set",
              new Document("complete", true).append("sha256", actual).append("size", size)));
      return new UploadState(state.id(), state.declaredSize(), actual, size, true);
    }
  }

  /** The uploaded bytes do not hash to the declared digest; the upload was discarded. */
  public static final class DigestMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DigestMismatchException() {
      super("the uploaded bytes do not have the declared SHA-256; the upload was discarded");
    }
  }

  /** An appender at {@code offset}; null if the upload is not at that offset or is complete. */
  public Appender appendAt(String id, long offset) {
    UploadState state = uploadState(id);
    if (state == null || state.complete() || state.committed() != offset) {
      return null;
    }
    return new Appender(state);
  }

  private String digestOf(String id, int chunkCount) throws IOException {
    MessageDigest md = sha256();
    for (int i = 0; i < chunkCount; i++) {
      Document c = chunks.find(Filters.eq("_id", id + "#" + i)).first();
      if (c == null) {
        throw new IOException("blob " + id + " lost chunk " + i);
      }
      md.update(c.get("data", Binary.class).getData());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Metadata of a complete blob, or null. */
  public Blob find(String id) {
    Document d = blobs.find(Filters.eq("_id", id)).first();
    return d == null || Boolean.FALSE.equals(d.getBoolean("complete"))
        ? null
        : new Blob(id, d.get("size", Number.class).longValue(), d.getString("sha256"));
  }

  /** Reads a complete blob as a stream, fetching a few chunks at a time. */
  public InputStream open(String id) throws IOException {
    return open(id, 0);
  }

  /**
   * Reads a complete blob from byte {@code offset} on (for resumed downloads); chunks before it are
   * never fetched.
   */
  public InputStream open(String id, long offset) throws IOException {
    Document d = blobs.find(Filters.eq("_id", id)).first();
    if (d == null || Boolean.FALSE.equals(d.getBoolean("complete"))) {
      throw new IOException("no blob " + id);
    }
    Binary inline = d.get(INLINE, Binary.class);
    if (inline != null) {
      byte[] data = inline.getData();
      int from = (int) Math.min(offset, data.length);
      return new java.io.ByteArrayInputStream(data, from, data.length - from);
    }
    int count = d.getInteger("chunks");
    int firstChunk = (int) (offset / CHUNK);
    int skip = (int) (offset % CHUNK);
    return new InputStream() {
      private int next = firstChunk;
      private byte[] current = new byte[0];
      private int pos;
      private boolean skipped = skip == 0;

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
        if (!skipped) {
          pos = Math.min(skip, current.length);
          skipped = true;
        }
        next++;
        return pos < current.length || fill();
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
