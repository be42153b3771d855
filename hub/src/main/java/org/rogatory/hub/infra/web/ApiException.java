package org.rogatory.hub.infra.web;

import org.rogatory.protocol.ErrorCode;

/** An expected rejection that knows its wire form; captures no stack trace. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
