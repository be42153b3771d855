package org.rogatory.hub.request.api;

/** Where a cooperation request stands in its life (docs: DOMAIN.md, "Life of a request"). */
public enum RequestStatus {
  OPEN,
  DELIVERED,
  ACKNOWLEDGED,
  IN_EXECUTION,
  CONSULTATION,
  EXECUTED,
  PARTIALLY_EXECUTED,
  NOT_EXECUTED,
  CLOSED;

  public boolean isOutcome() {
    return this == EXECUTED || this == PARTIALLY_EXECUTED || this == NOT_EXECUTED;
  }

  /** An outcome is reported or the request is closed: its deadline no longer runs. */
  public boolean isFinished() {
    return isOutcome() || this == CLOSED;
  }
}
