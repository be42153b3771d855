package org.rogatory.crypto.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 from the JDK (hardware-accelerated where the CPU has SHA extensions). */
public final class Sha256 {
  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  public static byte[] of(byte[]... parts) {
    MessageDigest d = newDigest();
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }
}
