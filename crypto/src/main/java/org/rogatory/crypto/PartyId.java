package org.rogatory.crypto;

import java.util.regex.Pattern;

/**
 * The identifier of a party (a Court organ, a State's central authority, an organisation): 1 to 64
 * characters of lower-case ASCII letters, digits, '.', '_' and '-', starting and ending with a
 * letter or digit, e.g. {@code court.registry} or {@code state.nl}.
 */
public final class PartyId implements Comparable<PartyId> {
  private static final Pattern SYNTAX = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");

  private final String value;

  private PartyId(String value) {
    this.value = value;
  }

  /**
   * Validates and wraps a party id.
   *
   * @throws IllegalArgumentException if {@code value} does not follow the syntax above
   */
  public static PartyId of(String value) {
    if (value == null || !SYNTAX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a party id is 1-64 characters of a-z, 0-9, '.', '_' or '-', starting and ending"
              + " with a letter or digit");
    }
    return new PartyId(value);
  }

  static PartyId parse(String value) throws CryptoException {
    try {
      return of(value);
    } catch (IllegalArgumentException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "malformed party id");
    }
  }

  static boolean isValidDeviceId(String value) {
    return value != null && SYNTAX.matcher(value).matches();
  }

  public String value() {
    return value;
  }

  @Override
  public int compareTo(PartyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartyId other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
