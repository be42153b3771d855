package org.rogatory.client;

/**
 * Evidence did not verify: a signature, an inclusion proof, the checkpoint, a receipt, or the
 * consistency of the statements with each other. The message is one sentence that says which check
 * failed and where (for example the statement's type and log index).
 *
 * <h2>Warning</h2>
 *
 * Evidence that failed any check proves nothing; do not keep or forward it as proof.
 */
public final class EvidenceException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failed verification, described by {@code message}. */
  public EvidenceException(String message) {
    super(message, null, false, false);
  }
}
