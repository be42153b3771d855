package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.rogatory.client.TransferListener;

/**
 * A one-line progress bar on stderr for long transfers, shown only when the CLI runs on a terminal
 * (scripts and logs get no carriage-return noise).
 */
final class Progress implements TransferListener {
  private static final long EVERY_NANOS = 200_000_000L;
  private final PrintWriter err;
  private final String label;
  private long lastShown;

  private Progress(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  /** A bar labelled {@code label}, or nothing when not on a terminal. */
  static TransferListener of(CliContext context, PrintWriter err, String label) {
    return context.isTerminal() ? new Progress(err, label) : TransferListener.NONE;
  }

  @Override
  public void onProgress(long done, long total) {
    long now = System.nanoTime();
    boolean finished = total > 0 && done >= total;
    if (!finished && now - lastShown < EVERY_NANOS) {
      return;
    }
    lastShown = now;
    String line =
        total > 0
            ? String.format(
                Locale.ROOT,
                "%s %3d%% %s of %s",
                label,
                done * 100 / total,
                size(done),
                size(total))
            : String.format(Locale.ROOT, "%s %s", label, size(done));
    err.print("\r" + line + (finished ? "\n" : ""));
    err.flush();
  }

  /** Bytes for people: 512 B, 1.5 KiB, 3.2 MiB, 1.0 GiB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
