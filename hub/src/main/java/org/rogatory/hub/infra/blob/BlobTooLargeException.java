package org.rogatory.hub.infra.blob;

/** An upload went past its size limit; what was written has been deleted. */
public final class BlobTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BlobTooLargeException(long max) {
    super("the upload exceeds the limit of " + max + " bytes", null, false, false);
  }
}
