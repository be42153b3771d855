package org.rogatory.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rogatory.crypto.internal.Argon2id;

/**
 * Hashes and verifies people's sign-in passwords with Argon2id. A hash is stored as one string in
 * the PHC form {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>} (unpadded base64), so the
 * parameters travel with it.
 *
 * <h2>Security guarantees</h2>
 *
 * A fresh 16-byte random salt for every hash; tags are compared in constant time; a failed
 * verification is an exception, never a boolean. Stored parameters are bounded before use, so a
 * tampered hash cannot make the verifier allocate gigabytes.
 *
 * <h2>Warning</h2>
 *
 * Each hash or verification costs the preset's memory and time on purpose: callers must rate-limit
 * sign-in attempts before calling {@link #verify}.
 */
public final class PasswordHash {
  private static final int SALT_BYTES = 16;
  private static final int TAG_BYTES = 32;
  private static final int MAX_MEMORY_KIB = 256 * 1024;
  private static final int MAX_ITERATIONS = 10;
  private static final int MAX_PARALLELISM = 8;
  private static final Pattern FORM =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})"
              + "\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{43})");

  private PasswordHash() {}

  /** A new hash of {@code password} under {@code preset}, with a fresh salt. */
  public static String hash(char[] password, PasswordHashPreset preset) {
    byte[] salt = SecureRandoms.bytes(SALT_BYTES);
    byte[] tag =
        derive(password, salt, preset.memoryKiB(), preset.iterations(), preset.parallelism());
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + preset.memoryKiB()
        + ",t="
        + preset.iterations()
        + ",p="
        + preset.parallelism()
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(tag);
  }

  /**
   * Checks {@code password} against a hash made by {@link #hash}.
   *
   * @throws CryptoException {@code VERIFICATION_FAILED} if the password is wrong, {@code MALFORMED}
   *     if {@code stored} is not such a hash or names parameters out of bounds
   */
  public static void verify(char[] password, String stored) throws CryptoException {
    Matcher m = stored == null ? null : FORM.matcher(stored);
    if (m == null || !m.matches()) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "not an Argon2id password hash");
    }
    int memory = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int parallelism = Integer.parseInt(m.group(3));
    if (memory < 8 * parallelism
        || memory > MAX_MEMORY_KIB
        || iterations < 1
        || iterations > MAX_ITERATIONS
        || parallelism < 1
        || parallelism > MAX_PARALLELISM) {
      throw new CryptoException(
          CryptoException.Reason.MALFORMED, "the password hash names parameters out of bounds");
    }
    byte[] salt = Base64.getDecoder().decode(m.group(4));
    byte[] expected = Base64.getDecoder().decode(m.group(5));
    byte[] actual = derive(password, salt, memory, iterations, parallelism);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new CryptoException(
          CryptoException.Reason.VERIFICATION_FAILED, "the password does not match");
    }
  }

  private static byte[] derive(
      char[] password, byte[] salt, int memoryKiB, int iterations, int parallelism) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    try {
      return Argon2id.derive(bytes, salt, memoryKiB, iterations, parallelism, TAG_BYTES);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
    }
  }
}
