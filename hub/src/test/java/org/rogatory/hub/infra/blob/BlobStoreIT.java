package org.rogatory.hub.infra.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.mongo.TestStore;

/** Resumable blobs against the store: parts, a lost partial chunk, digest checks, ranged reads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlobStoreIT {
  static final int CHUNK = BlobStore.CHUNK;
  @TempDir static Path dir;
  TestStore store;
  BlobStore blobs;

  @BeforeAll
  void open() throws Exception {
    store = TestStore.open(dir);
    blobs = new BlobStore(store.database());
  }

  @AfterAll
  void close() {
    store.close();
  }

  @Test
  void writerReadBack_returnsTheWholeBlob_fromMemoryThenTheStore() throws Exception {
    for (int length : new int[] {0, 10, CHUNK, CHUNK + 1, 2 * CHUNK + 5}) {
      byte[] content = new byte[length];
      new Random(length).nextBytes(content);
      BlobStore.Writer w = blobs.writer(Long.MAX_VALUE);
      w.write(content, 0, content.length);
      w.finish();
      try (InputStream in = w.readBack()) {
        assertThat(in.readAllBytes()).as("length %d", length).isEqualTo(content);
      }
    }
  }

  @Test
  void smallBlobs_areStoredInline_andReadWholeOrFromAnOffset_andDeleted() throws Exception {
    for (int length : new int[] {1, 4096, CHUNK - 1, CHUNK, CHUNK + 1}) {
      byte[] content = new byte[length];
      new Random(length).nextBytes(content);
      BlobStore.Writer w = blobs.writer(Long.MAX_VALUE);
      w.write(content, 0, content.length);
      BlobStore.Blob blob = w.finish();
      long chunks =
          store
              .database()
              .getCollection("blob_chunks")
              .countDocuments(new org.bson.Document("_id", blob.id() + "#0"));
      assertThat(chunks)
          .as("length %d: a chunk document only for a blob of a chunk or more", length)
          .isEqualTo(length < CHUNK ? 0 : 1);
      try (InputStream in = blobs.open(blob.id())) {
        assertThat(in.readAllBytes()).as("length %d", length).isEqualTo(content);
      }
      int offset = length / 2;
      try (InputStream in = blobs.open(blob.id(), offset)) {
        assertThat(in.readAllBytes())
            .as("length %d from %d", length, offset)
            .isEqualTo(Arrays.copyOfRange(content, offset, length));
      }
      blobs.delete(blob.id());
      assertThat(blobs.find(blob.id())).isNull();
      assertThatThrownBy(() -> blobs.open(blob.id())).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void uploadInParts_withAPartialChunkLost_completesWithTheRightDigest() throws Exception {
    byte[] content = new byte[3 * CHUNK + 999];
    new Random(1).nextBytes(content);
    BlobStore.UploadState s = blobs.createResumable(content.length, sha256(content));

    // First part: two and a half chunks, then the connection breaks (finish not called).
    BlobStore.Appender first = blobs.appendAt(s.id(), 0);
    first.write(content, 0, 2 * CHUNK + CHUNK / 2);
    assertThat(blobs.uploadState(s.id()).committed()).isEqualTo(2L * CHUNK);

    // Only the stored offset is accepted.
    assertThat(blobs.appendAt(s.id(), 2L * CHUNK + CHUNK / 2)).isNull();
    BlobStore.Appender second = blobs.appendAt(s.id(), 2L * CHUNK);
    second.write(content, 2 * CHUNK, content.length - 2 * CHUNK);
    BlobStore.UploadState done = second.finish();
    assertThat(done.complete()).isTrue();
    assertThat(done.committed()).isEqualTo(content.length);

    try (InputStream in = blobs.open(s.id())) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    try (InputStream in = blobs.open(s.id(), CHUNK + 17)) {
      assertThat(in.readAllBytes())
          .isEqualTo(Arrays.copyOfRange(content, CHUNK + 17, content.length));
    }
    assertThat(blobs.appendAt(s.id(), content.length)).isNull();
  }

  @Test
  void wrongDigest_discardsTheBlob() throws Exception {
    byte[] content = new byte[CHUNK + 1];
    BlobStore.UploadState s = blobs.createResumable(content.length, "00".repeat(32));
    BlobStore.Appender a = blobs.appendAt(s.id(), 0);
    a.write(content, 0, content.length);
    assertThatThrownBy(a::finish).isInstanceOf(BlobStore.DigestMismatchException.class);
    assertThat(blobs.uploadState(s.id())).isNull();
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
