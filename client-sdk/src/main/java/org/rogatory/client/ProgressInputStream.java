package org.rogatory.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes as they are read and reports them to a {@link TransferListener}. */
final class ProgressInputStream extends FilterInputStream {
  private final TransferListener listener;
  private final long total;
  private long done;

  ProgressInputStream(InputStream in, TransferListener listener, long total) {
    this(in, listener, total, 0);
  }

  /** For a transfer that resumes at {@code done} bytes. */
  ProgressInputStream(InputStream in, TransferListener listener, long total, long done) {
    super(in);
    this.listener = listener == null ? TransferListener.NONE : listener;
    this.total = total;
    this.done = done;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  private void advance(int n) {
    done += n;
    listener.onProgress(done, total);
  }
}
