package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;

/** The signed message of c2sp.org/tlog-cosignature version 1. */
final class Cosignatures {
  private Cosignatures() {}

  /** {@code "cosignature/v1\ntime <seconds>\n" || note text}, in UTF-8. */
  static byte[] message(long seconds, String text) {
    return ("cosignature/v1\ntime " + seconds + "\n" + text).getBytes(StandardCharsets.UTF_8);
  }
}
