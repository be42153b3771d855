package org.rogatory.hub.console.api;

/**
 * A console action refused, with the HTTP status of the page that says so. Expected, so it captures
 * no stack trace.
 */
public final class ConsoleRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable codes, each with the status of the page that reports it. */
  public enum Code {
    INVALID_INPUT(400),
    SIGN_IN_FAILED(401),
    ACCOUNT_LOCKED(429),
    TOO_MANY_ATTEMPTS(429),
    SIGN_IN_REQUIRED(401),
    FORBIDDEN(403),
    CSRF_MISMATCH(403),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    SELF_APPROVAL(409),
    ALREADY_DECIDED(409),
    NOT_VISIBLE_YET(503);

    private final int status;

    Code(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Code code;

  public ConsoleRejectedException(Code code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
