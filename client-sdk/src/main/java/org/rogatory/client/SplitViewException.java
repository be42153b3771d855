package org.rogatory.client;

/**
 * Two checkpoints of the same log, both signed by the log's keys, that cannot both be true: the hub
 * showed different histories to different parties (a split view), or rewrote its history. The
 * exception carries both signed notes as they were received; they are the evidence.
 *
 * <h2>Security guarantees</h2>
 *
 * Thrown only after both notes verified against the pinned log keys. When {@link #sameSize()} is
 * true the two notes alone prove the misbehaviour to anyone who has the log's public keys: an
 * honest log never signs two roots for one size. Otherwise the hub could not prove (RFC 9162
 * consistency proof) that the larger extends the smaller, which an honest log always can: a third
 * party can ask the hub for that proof and will not get one.
 */
public final class SplitViewException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String ours;
  private final String theirs;
  private final boolean sameSize;

  /**
   * @param ours the signed checkpoint this side holds (verified)
   * @param theirs the contradicting signed checkpoint (verified)
   * @param sameSize whether both are of the same tree size (and so differ in root)
   * @param message one sentence saying how they contradict each other
   */
  public SplitViewException(String ours, String theirs, boolean sameSize, String message) {
    super(message, null, false, false);
    this.ours = ours;
    this.theirs = theirs;
    this.sameSize = sameSize;
  }

  /** The checkpoint this side held, as the signed note it received. */
  public String ours() {
    return ours;
  }

  /** The other checkpoint, as the signed note it came as. */
  public String theirs() {
    return theirs;
  }

  /** True if both checkpoints are of the same size with different roots. */
  public boolean sameSize() {
    return sameSize;
  }

  /** The message, then both notes, as a text to keep or hand to an auditor. */
  public String evidence() {
    return getMessage()
        + "\n\n--- the checkpoint held ---\n"
        + ours
        + "--- the contradicting checkpoint ---\n"
        + theirs;
  }
}
