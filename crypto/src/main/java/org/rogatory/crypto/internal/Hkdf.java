package org.rogatory.crypto.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) on the JDK's HMAC. */
public final class Hkdf {
  private static final int HASH_LENGTH = 32;

  private Hkdf() {}

  public static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] s = salt.length == 0 ? new byte[HASH_LENGTH] : salt;
    return hmac(s).doFinal(ikm);
  }

  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF output length out of range: " + length);
    }
    Mac mac = hmac(prk);
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      int n = Math.min(t.length, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    Arrays.fill(t, (byte) 0);
    return out;
  }

  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
