package org.rogatory.client;

/**
 * Told how far an upload or download has got, for progress bars. Called from the thread doing the
 * transfer, after each chunk; keep it quick. A retried message transfer starts again from zero; a
 * resumed attachment transfer goes on from where the hub's copy (or the local one) ended.
 */
@FunctionalInterface
public interface TransferListener {
  /** Does nothing. */
  TransferListener NONE = (done, total) -> {};

  /**
   * Reports progress.
   *
   * @param bytesDone bytes transferred so far
   * @param bytesTotal the total, or -1 if not known
   */
  void onProgress(long bytesDone, long bytesTotal);
}
