package org.rogatory.client;

/**
 * The transparency log failed an audit: its checkpoint, its consistency with an earlier checkpoint,
 * or its leaves. The message is one sentence naming the first discrepancy; {@link #leafIndex()}
 * says where, when it is a leaf.
 */
public final class LogAuditException extends Exception {
  private static final long serialVersionUID = 1L;
  private final long leafIndex;

  /** A discrepancy at leaf {@code leafIndex} (-1 if it is not about one leaf). */
  public LogAuditException(long leafIndex, String message) {
    super(message, null, false, false);
    this.leafIndex = leafIndex;
  }

  /** The first leaf that does not match, or -1 if the discrepancy is not about one leaf. */
  public long leafIndex() {
    return leafIndex;
  }
}
