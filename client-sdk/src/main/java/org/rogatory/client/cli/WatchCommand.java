package org.rogatory.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.rogatory.client.Notification;
import org.rogatory.client.PushListener;
import org.rogatory.client.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory watch}: follows the push channel. */
@Command(
    name = "watch",
    description = {
      "Print what happens on your requests as it happens (new requests and messages, receipts,"
          + " status changes: metadata only), one line each, until interrupted. Reconnects by"
          + " itself after a broken connection and resumes where it stopped, so no notification"
          + " is missed or printed twice.",
      "--position-file keeps the position across runs: the next run goes on from there."
    },
    mixinStandardHelpOptions = true)
final class WatchCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Option(
      names = "--after",
      paramLabel = "SEQ",
      description =
          "Start after this sequence number (-1: from the beginning of your requests' history)."
              + " Default: from now, or from --position-file.")
  Long after;

  @Option(
      names = "--position-file",
      paramLabel = "FILE",
      description = "Read the position to start after from FILE, and keep it there as it moves.")
  Path positionFile;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Stop after N notifications (default: never).")
  Integer count;

  @Option(names = "--json", description = "Print each notification as one line of JSON.")
  boolean json;

  WatchCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (count != null && count < 1) {
      throw new CliFailure(ExitCodes.USAGE, "--count must be at least 1.");
    }
    Long start = after != null ? after : readPosition();
    if (start != null && start < -1) {
      throw new CliFailure(ExitCodes.USAGE, "--after must be -1 or a sequence number.");
    }
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch enough = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger();
    AtomicReference<IOException> writeFailure = new AtomicReference<>();
    PushListener listener =
        new PushListener() {
          @Override
          public void onNotification(Notification n) {
            if (count != null && seen.get() >= count) {
              return; // enough: the subscription is being closed
            }
            print(w, n);
            try {
              keepPosition(n.sequence());
            } catch (IOException e) {
              writeFailure.set(e);
              enough.countDown();
              throw new UncheckedIOException(e);
            }
            if (count != null && seen.incrementAndGet() >= count) {
              enough.countDown();
            }
          }

          @Override
          public void onConnected(long position) {
            if (context.isTerminal()) {
              err.println("rogatory: connected; watching (Ctrl-C to stop).");
              err.flush();
            }
          }

          @Override
          public void onDisconnected(String reason, Duration retryIn) {
            err.printf(
                Locale.ROOT,
                "rogatory: %s; reconnecting in %.1f s.%n",
                reason,
                retryIn.toMillis() / 1000.0);
            err.flush();
          }
        };
    try (HubOptions.Connection c = hub.connect(context);
        Subscription s =
            start == null
                ? c.client().subscribe(listener)
                : c.client().subscribe(start, listener)) {
      while (!s.awaitTermination(Duration.ofMillis(200))) {
        if (enough.await(0, TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      if (writeFailure.get() != null) {
        throw writeFailure.get();
      }
      if (s.failure().isPresent() && (count == null || seen.get() < count)) {
        throw s.failure().get();
      }
    }
    return ExitCodes.OK;
  }

  private void print(PrintWriter w, Notification n) {
    if (json) {
      JsonOutput.println(w, n);
      return;
    }
    StringBuilder line = new StringBuilder();
    line.append(n.sequence()).append("  ").append(n.at()).append("  ").append(n.type());
    line.append("  request ").append(n.requestId());
    if (n.messageId() != null) {
      line.append("  message ").append(n.messageId());
    }
    if (n.actor() != null) {
      line.append("  by ").append(n.actor());
    }
    if (n.detail() != null) {
      line.append("  (").append(n.detail()).append(')');
    }
    w.println(line);
    w.flush();
  }

  private Long readPosition() throws IOException {
    if (positionFile == null || !Files.exists(positionFile)) {
      return null;
    }
    String s = Files.readString(positionFile, StandardCharsets.US_ASCII).strip();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new CliFailure(
          ExitCodes.USAGE, "The position file " + positionFile + " does not hold a number.");
    }
  }

  private void keepPosition(long sequence) throws IOException {
    if (positionFile == null) {
      return;
    }
    Path target = positionFile.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null) {
      throw new IOException("the position file must be in a directory: " + positionFile);
    }
    Path temp = Files.createTempFile(dir, ".rogatory-position", ".tmp");
    Files.writeString(temp, sequence + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
