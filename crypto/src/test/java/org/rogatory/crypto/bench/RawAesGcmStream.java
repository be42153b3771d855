package org.rogatory.crypto.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The baseline for streaming: the JDK's AES-256-GCM ({@code AES/GCM/NoPadding}) over the same
 * segments as an envelope (same size, one {@code init} and {@code doFinal} per segment, nonce =
 * zero bytes, index and final flag) and with the same I/O as the envelope API: reading and writing
 * the same kinds of streams, and on the way out a temporary file forced to disk and renamed into
 * place. What it leaves out is exactly what an envelope adds: header, key wrapping, payload digest
 * and signature.
 */
final class RawAesGcmStream {
  static final int TAG_LENGTH = 16;

  private final int segmentSize;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];

  RawAesGcmStream(int segmentSize) throws GeneralSecurityException {
    this.segmentSize = segmentSize;
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, "AES");
    this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
  }

  private GCMParameterSpec nonce(long index, boolean last) {
    nonce[7] = (byte) (index >>> 24);
    nonce[8] = (byte) (index >>> 16);
    nonce[9] = (byte) (index >>> 8);
    nonce[10] = (byte) index;
    nonce[11] = (byte) (last ? 1 : 0);
    return new GCMParameterSpec(128, nonce);
  }

  /** Encrypts {@code in} to its end into {@code out}; a full segment is never the last. */
  void encrypt(InputStream in, OutputStream out) throws IOException, GeneralSecurityException {
    byte[] buf = new byte[segmentSize];
    byte[] ct = new byte[segmentSize + TAG_LENGTH];
    for (long index = 0; ; index++) {
      int filled = in.readNBytes(buf, 0, segmentSize);
      boolean last = filled < segmentSize;
      cipher.init(Cipher.ENCRYPT_MODE, key, nonce(index, last));
      int n = cipher.doFinal(buf, 0, filled, ct, 0);
      out.write(ct, 0, n);
      if (last) {
        return;
      }
    }
  }

  /** Decrypts {@code in} into {@code target} through a temporary file forced to disk. */
  void decrypt(InputStream in, Path target) throws IOException, GeneralSecurityException {
    Path absolute = target.toAbsolutePath();
    Path temp = Files.createTempFile(absolute.getParent(), ".raw.", ".partial");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      OutputStream sink = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      decrypt(in, sink);
      sink.flush();
      channel.force(true);
    }
    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Decrypts {@code in} to its end into {@code out}; memory only, for the CPU-bound reference. */
  void decrypt(InputStream in, OutputStream out) throws IOException, GeneralSecurityException {
    byte[] ct = new byte[segmentSize + TAG_LENGTH];
    byte[] pt = new byte[segmentSize];
    for (long index = 0; ; index++) {
      int n = in.readNBytes(ct, 0, ct.length);
      boolean last = n < ct.length;
      cipher.init(Cipher.DECRYPT_MODE, key, nonce(index, last));
      int m = cipher.doFinal(ct, 0, n, pt, 0);
      out.write(pt, 0, m);
      if (last) {
        return;
      }
    }
  }

  /** Encrypts then decrypts {@code bytes} of one in-memory buffer, segment by segment: no I/O. */
  long[] inMemoryNanos(long bytes) throws GeneralSecurityException {
    byte[] buf = new byte[segmentSize];
    byte[] ct = new byte[segmentSize + TAG_LENGTH];
    long segments = bytes / segmentSize;
    long start = System.nanoTime();
    for (long i = 0; i < segments; i++) {
      cipher.init(Cipher.ENCRYPT_MODE, key, nonce(i, false));
      cipher.doFinal(buf, 0, segmentSize, ct, 0);
    }
    long encrypted = System.nanoTime();
    // Every round decrypts the same segment: the cost per byte is what is measured.
    cipher.init(Cipher.ENCRYPT_MODE, key, nonce(segments, true));
    cipher.doFinal(buf, 0, segmentSize, ct, 0);
    long decrypting = System.nanoTime();
    for (long i = 0; i < segments; i++) {
      cipher.init(Cipher.DECRYPT_MODE, key, nonce(segments, true));
      cipher.doFinal(ct, 0, ct.length, buf, 0);
    }
    return new long[] {encrypted - start, System.nanoTime() - decrypting};
  }
}
