package org.rogatory.client;

import org.rogatory.protocol.ErrorCode;

/**
 * The hub refused a call, or answered with something the SDK cannot accept. {@link #code()} is the
 * hub's stable error code ({@link ErrorCode}); branch on it, never on the message.
 *
 * <p>Like the hub's own rejections, it captures no stack trace: it is an expected outcome, not a
 * bug.
 */
public class HubException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;
  private final int httpStatus;
  private final String correlationId;

  /**
   * A refusal.
   *
   * @param code the hub's error code
   * @param httpStatus the HTTP status, or 0 if the call never got an answer
   * @param message the hub's sentence (or the SDK's), safe to show to a user
   * @param correlationId the hub's id for this call in its logs, or null
   */
  public HubException(ErrorCode code, int httpStatus, String message, String correlationId) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.correlationId = correlationId;
  }

  /** The hub's stable error code. */
  public ErrorCode code() {
    return code;
  }

  /** The HTTP status of the answer, or 0 if there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The hub's correlation id of the failed call (quote it to the Registry), or null. */
  public String correlationId() {
    return correlationId;
  }

  @Override
  public String toString() {
    return code.wire() + " (" + httpStatus + "): " + getMessage();
  }
}
