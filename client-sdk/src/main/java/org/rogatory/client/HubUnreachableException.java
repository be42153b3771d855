package org.rogatory.client;

import org.rogatory.protocol.ErrorCode;

/**
 * The hub could not be reached, or did not answer in time, on every attempt the {@link RetryPolicy}
 * allowed. Its code is {@link ErrorCode#UNAVAILABLE}. A state-changing call that ends this way MAY
 * have taken effect: repeat it with the same idempotency key to find out without doubling it.
 */
public final class HubUnreachableException extends HubException {
  private static final long serialVersionUID = 1L;

  /** The hub was not reached; {@code message} says why, in a sentence. */
  public HubUnreachableException(String message) {
    super(ErrorCode.UNAVAILABLE, 0, message, null);
  }
}
