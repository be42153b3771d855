package org.rogatory.hub.party.api;

/** A party command refused, with a stable error code for the API. */
public final class PartyRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable codes, shared with the API's error vocabulary. */
  public enum Code {
    INVALID_PARTY,
    ENROLMENT_CODE_INVALID,
    ENROLMENT_CODE_EXPIRED,
    ENROLMENT_CODE_USED,
    PARTY_SUSPENDED,
    PARTY_NOT_SUSPENDED,
    KEY_VERSION_NOT_NEWER,
    UNKNOWN_KEY,
    LAST_ACTIVE_KEY,
    UNKNOWN_CERTIFICATE,
    NOT_ENROLLED
  }

  private final Code code;

  public PartyRejectedException(Code code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
