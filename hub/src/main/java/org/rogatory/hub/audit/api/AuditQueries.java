package org.rogatory.hub.audit.api;

/** Queries of the audit feature and their views. */
public final class AuditQueries {
  private AuditQueries() {}

  /** The transparency log's latest signed checkpoint (null view if none is published yet). */
  public record FindLatestCheckpointQuery() {}

  /**
   * A checkpoint: the number of events it covers and its signed note (origin, size, root hash and
   * the signature lines of the log's keys and of the witnesses that cosigned it).
   */
  public record CheckpointView(long size, String note) {}
}
