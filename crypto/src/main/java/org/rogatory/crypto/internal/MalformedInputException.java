package org.rogatory.crypto.internal;

/** Thrown by the internal parsers; public entry points translate it into a CryptoException. */
public final class MalformedInputException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedInputException(String message) {
    super(message, null, false, false);
  }
}
