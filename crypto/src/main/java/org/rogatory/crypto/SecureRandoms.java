package org.rogatory.crypto;

import java.security.SecureRandom;

/** The one source of randomness; callers never pass their own. */
final class SecureRandoms {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecureRandoms() {}

  static SecureRandom get() {
    return RANDOM;
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
