package org.rogatory.crypto;

/**
 * The one checked exception of Rogatory's crypto API.
 *
 * <p>{@link #reason()} tells callers what class of failure it was so that they can map it to a
 * stable error code. When opening an envelope every failure — damage, truncation, a wrong key, a
 * bad signature, an untrusted sender — is reported with the same reason and the same message, so
 * that a peer learns nothing from the error.
 *
 * <h2>Security guarantees</h2>
 *
 * Instances never carry secret material, plaintext, or the cause that triggered them.
 */
public final class CryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarse enough to be safe to show to a peer. */
  public enum Reason {
    /** The input is not a well-formed Rogatory structure (key bundle, header, key file). */
    MALFORMED,
    /** A signature did not verify, or a key bundle is not trusted or not valid at that time. */
    VERIFICATION_FAILED,
    /** An envelope could not be opened; deliberately says nothing more. */
    DECRYPTION_FAILED,
    /** A key file could not be decrypted: wrong passphrase or damaged file. */
    WRONG_PASSPHRASE_OR_DAMAGED,
    /** The caller asked for something the protocol does not allow (e.g. no recipients). */
    INVALID_ARGUMENT
  }

  static final String ENVELOPE_NOT_OPENED =
      "the envelope could not be opened: it is damaged, was not sealed to this key,"
          + " or its sender could not be verified";

  private final Reason reason;

  CryptoException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  static CryptoException envelopeNotOpened() {
    return new CryptoException(Reason.DECRYPTION_FAILED, ENVELOPE_NOT_OPENED);
  }

  public Reason reason() {
    return reason;
  }
}
