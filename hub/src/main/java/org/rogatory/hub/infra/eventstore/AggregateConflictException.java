package org.rogatory.hub.infra.eventstore;

/**
 * Another writer appended to the same aggregate at the same sequence first: exactly one of two
 * concurrent commands on one aggregate wins; the loser gets this.
 */
public final class AggregateConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AggregateConflictException(String aggregateId, long sequence) {
    super(
        "aggregate "
            + aggregateId
            + " already has an event at sequence "
            + sequence
            + "; reload and retry the command");
  }
}
