package org.rogatory.hub.infra.replay;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one replay: every read model rebuilt from events {@code 0 … position} into shadow
 * collections and compared document by document with the live ones.
 *
 * @param position the last global sequence replayed; the live processors had handled it before the
 *     comparison
 * @param consistent false if events arrived while comparing (the live side may then be ahead; run
 *     again in a quieter moment before reading a mismatch as a fault)
 */
public record ReplayReport(
    Instant at,
    String by,
    long position,
    long events,
    long millis,
    boolean consistent,
    List<CollectionComparison> collections) {

  /**
   * One collection: documents equal on both sides, different, only in the live collection, only in
   * the rebuilt one; {@code firstDifference} is the {@code _id} of the first that differs (or
   * null).
   */
  public record CollectionComparison(
      String name,
      long matching,
      long differing,
      long onlyLive,
      long onlyReplayed,
      String firstDifference) {
    public boolean matches() {
      return differing == 0 && onlyLive == 0 && onlyReplayed == 0;
    }
  }

  /** Whether every collection matched. */
  public boolean matches() {
    return collections.stream().allMatch(CollectionComparison::matches);
  }
}
