package org.rogatory.hub.request.api;

/**
 * A command the request refuses: an illegal transition, a party not entitled to act, a conflicting
 * message. Carries a stable error code for the API.
 */
public final class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable codes, shared with the API's error vocabulary. */
  public enum Code {
    REQUEST_ALREADY_EXISTS,
    ILLEGAL_TRANSITION,
    NOT_A_PARTY_TO_REQUEST,
    ACTION_RESERVED_TO_COURT,
    ACTION_RESERVED_TO_ADDRESSEE,
    REASONS_REQUIRED,
    INVALID_REQUEST,
    MESSAGE_CONFLICT,
    UNKNOWN_MESSAGE,
    REQUEST_CLOSED
  }

  private final Code code;

  public RequestRejectedException(Code code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
