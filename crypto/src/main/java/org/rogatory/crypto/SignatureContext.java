package org.rogatory.crypto;

import java.util.regex.Pattern;

/**
 * What a hybrid signature is for. The context is part of what both algorithms sign (and is the FIPS
 * 204 context string of the ML-DSA signature), so a signature made for one purpose never verifies
 * for another.
 *
 * <p>Rogatory's own purposes are constants; applications name theirs with {@link #custom}.
 */
public final class SignatureContext {
  private static final Pattern CUSTOM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

  /** The self-signature of a key bundle. */
  static final SignatureContext KEY_BUNDLE = new SignatureContext("rogatory-v1 key-bundle");

  /** The sender's signature inside an envelope. */
  static final SignatureContext ENVELOPE = new SignatureContext("rogatory-v1 envelope");

  /** A receipt (submission, delivery, retrieval evidence). */
  public static final SignatureContext RECEIPT = new SignatureContext("rogatory-v1 receipt");

  private final String label;

  private SignatureContext(String label) {
    this.label = label;
  }

  /**
   * A context of the application's own: {@code "rogatory-v1 custom:" + name}.
   *
   * @throws IllegalArgumentException if {@code name} is not 1-40 characters of a-z, 0-9, '.', '_'
   *     or '-'
   */
  public static SignatureContext custom(String name) {
    if (name == null || !CUSTOM.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a custom signature context is 1-40 characters of a-z, 0-9, '.', '_' or '-'");
    }
    return new SignatureContext("rogatory-v1 custom:" + name);
  }

  /** The ASCII label, as signed. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
