package org.rogatory.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over one segment of a streamed payload. The 12-byte nonce is seven zero bytes, the
 * segment index (u32, big-endian) and a final-segment flag (0x00 or 0x01): the key is unique to one
 * envelope, so reordering, dropping, duplicating or truncating segments, and splicing segments from
 * another envelope, all fail authentication.
 *
 * <p>Uses the JDK's AES-GCM, several times faster than Bouncy Castle's on the machines measured
 * (see docs/benchmarks.md). Not thread-safe: one instance per stream.
 */
public final class SegmentCipher {
  public static final int TAG_LENGTH = 16;
  public static final int KEY_LENGTH = 32;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];

  public SegmentCipher(byte[] key) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("segment key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  static void nonce(byte[] nonce, long index, boolean last) {
    nonce[7] = (byte) (index >>> 24);
    nonce[8] = (byte) (index >>> 16);
    nonce[9] = (byte) (index >>> 8);
    nonce[10] = (byte) index;
    nonce[11] = (byte) (last ? 1 : 0);
  }

  /** Encrypts {@code len} bytes; writes {@code len + 16} bytes to {@code out}. */
  public int encrypt(long index, boolean last, byte[] in, int off, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    nonce(nonce, index, last);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    return cipher.doFinal(in, off, len, out, outOff);
  }

  /** Decrypts and authenticates; throws {@code AEADBadTagException} on any tampering. */
  public int decrypt(long index, boolean last, byte[] in, int off, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    nonce(nonce, index, last);
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    return cipher.doFinal(in, off, len, out, outOff);
  }
}
