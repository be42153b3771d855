package org.rogatory.hub.console.signin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 30-second steps, 6 digits, as
 * every authenticator app understands them. A code is accepted for the step before, the current
 * step and the step after (clock drift of up to 30 s either way), and only for a step later than
 * the last one used, so a code observed once cannot be replayed.
 */
public final class Totp {
  static final int DIGITS = 6;
  static final long PERIOD_SECONDS = 30;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private Totp() {}

  /** A fresh 160-bit secret (RFC 4226's recommended length for HMAC-SHA1). */
  public static byte[] newSecret() {
    byte[] secret = new byte[20];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** The time step that contains {@code at}. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
  }

  /** The 6-digit code for {@code at}: what an authenticator app shows. */
  public static String code(byte[] secret, Instant at) {
    return code(secret, step(at), DIGITS);
  }

  static String code(byte[] secret, long step, int digits) {
    byte[] counter = new byte[8];
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) (step >>> (8 * (7 - i)));
    }
    byte[] h;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      h = mac.doFinal(counter);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 is part of every Java runtime", e);
    }
    int offset = h[h.length - 1] & 0x0f;
    int binary =
        ((h[offset] & 0x7f) << 24)
            | ((h[offset + 1] & 0xff) << 16)
            | ((h[offset + 2] & 0xff) << 8)
            | (h[offset + 3] & 0xff);
    int modulus = 1;
    for (int i = 0; i < digits; i++) {
      modulus *= 10;
    }
    String s = Integer.toString(binary % modulus);
    return "0".repeat(digits - s.length()) + s;
  }

  /**
   * The step whose code {@code presented} is, among the step before {@code now}, its step and the
   * step after, and later than {@code lastUsedStep}; or -1 if none. Every candidate is compared in
   * constant time.
   */
  public static long matchingStep(byte[] secret, String presented, Instant now, long lastUsedStep) {
    if (presented == null) {
      return -1;
    }
    String digits = presented.replaceAll("\\s", "");
    if (!digits.matches("\\d{6}")) {
      return -1;
    }
    long current = step(now);
    long found = -1;
    for (long s = current - 1; s <= current + 1; s++) {
      boolean equal =
          MessageDigest.isEqual(
              code(secret, s, DIGITS).getBytes(StandardCharsets.US_ASCII),
              digits.getBytes(StandardCharsets.US_ASCII));
      if (equal && s > lastUsedStep && found < 0) {
        found = s;
      }
    }
    return found;
  }

  /** RFC 4648 base32 without padding, the form authenticator apps take. */
  public static String base32(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  /** The inverse of {@link #base32}; case and spaces are ignored. */
  public static byte[] fromBase32(String text) {
    String s = text.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[s.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (v < 0) {
        throw new IllegalArgumentException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) ((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out;
  }

  /** The {@code otpauth://} URI an authenticator app imports (usually as a QR code). */
  public static String uri(String issuer, String account, byte[] secret) {
    String label = enc(issuer) + ":" + enc(account);
    return "otpauth://totp/"
        + label
        + "?secret="
        + base32(secret)
        + "&issuer="
        + enc(issuer)
        + "&algorithm=SHA1&digits=6&period=30";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
