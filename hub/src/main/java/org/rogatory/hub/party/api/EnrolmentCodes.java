package org.rogatory.hub.party.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One-time enrolment codes: 20 characters of an unambiguous alphabet (100 bits), shown in groups of
 * four; only their SHA-256 digest is stored. Typing is forgiving: case, spaces and dashes are
 * ignored. Shared by the party API and the Court staff console, which both issue codes.
 */
public final class EnrolmentCodes {
  private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private EnrolmentCodes() {}

  public static String generate() {
    StringBuilder b = new StringBuilder(24);
    for (int i = 0; i < 20; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }

  public static String digest(String code) {
    String normal = code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(
                      ("rogatory-v1 enrolment code:" + normal).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
