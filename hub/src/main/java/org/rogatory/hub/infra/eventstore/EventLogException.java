package org.rogatory.hub.infra.eventstore;

/** The store could not be reached or answered unexpectedly; nothing was acknowledged. */
public final class EventLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EventLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
