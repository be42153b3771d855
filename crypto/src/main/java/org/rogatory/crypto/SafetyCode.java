package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.rogatory.crypto.internal.ByteWriter;

/**
 * A 60-digit code two parties read to each other (or compare on paper) to confirm that each holds
 * the other's genuine key bundle, in the manner of Signal's safety numbers. Both parties compute
 * the same code; it changes when either party's keys change.
 *
 * <p>Each party contributes 30 digits derived from its fingerprint and party id by 5,200 iterations
 * of SHA-512; the halves are ordered by party id. Specified in {@code docs/spec/key-bundle.md}.
 */
public final class SafetyCode {
  private static final int ITERATIONS = 5200;
  private static final byte[] LABEL = "rogatory-v1 safety code".getBytes(StandardCharsets.US_ASCII);

  private SafetyCode() {}

  /** The code for the pair, formatted as twelve groups of five digits separated by spaces. */
  public static String between(KeyBundle a, KeyBundle b) {
    // Order by party id, then (two devices of one party) by fingerprint, so that both sides
    // compute the same code whatever order they pass the bundles in.
    int byParty = a.party().compareTo(b.party());
    boolean aFirst =
        byParty != 0
            ? byParty < 0
            : java.util.Arrays.compareUnsigned(
                    a.fingerprint().bytesUnsafe(), b.fingerprint().bytesUnsafe())
                <= 0;
    KeyBundle first = aFirst ? a : b;
    KeyBundle second = aFirst ? b : a;
    return groups(half(first) + half(second));
  }

  /**
   * The key code of one bundle: its 30-digit half of every safety code it takes part in, as six
   * groups of five digits separated by spaces. A party's operator reads it aloud from their own
   * bundle ({@code rogatory keys code}) and the Court staff compare it with the one the console
   * computes from the hub's directory: equal codes mean the directory holds that very bundle.
   * Specified in {@code docs/spec/key-bundle.md}, "Key code".
   */
  public static String keyCode(KeyBundle bundle) {
    return groups(half(bundle));
  }

  private static String groups(String digits) {
    StringBuilder out = new StringBuilder(digits.length() + digits.length() / 5);
    for (int i = 0; i < digits.length(); i += 5) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(digits, i, i + 5);
    }
    return out.toString();
  }

  static String half(KeyBundle bundle) {
    byte[] fp = bundle.fingerprint().bytesUnsafe();
    MessageDigest sha512;
    try {
      sha512 = MessageDigest.getInstance("SHA-512");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is not available", e);
    }
    byte[] h = new ByteWriter(64).raw(LABEL).u8(0).str16(bundle.party().value()).toByteArray();
    h = concat(h, fp);
    for (int i = 0; i < ITERATIONS; i++) {
      sha512.update(h);
      sha512.update(fp);
      h = sha512.digest();
    }
    StringBuilder digits = new StringBuilder(30);
    for (int chunk = 0; chunk < 6; chunk++) {
      long v = 0;
      for (int j = 0; j < 5; j++) {
        v = (v << 8) | (h[chunk * 5 + j] & 0xFF);
      }
      String s = Long.toString(v % 100000);
      digits.append("0".repeat(5 - s.length())).append(s);
    }
    return digits.toString();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
