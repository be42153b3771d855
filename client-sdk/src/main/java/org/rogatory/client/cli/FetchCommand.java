package org.rogatory.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rogatory.client.Attachment;
import org.rogatory.client.Messages;
import org.rogatory.client.ReceivedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rogatory fetch REQUEST MESSAGE [--out DIR]}: download, open and verify a message. */
@Command(
    name = "fetch",
    aliases = "read",
    description = {
      "Download a message, decrypt it and verify that its sender signed it (against the key the"
          + " hub's directory lists for the sender). Nothing is written unless every check"
          + " passed. Then sends the hub a receipt, unless --no-receipt.",
      "With --out DIR: writes DIR/message.<ext> and each attachment under its (sanitised)"
          + " name; downloads resume after a broken connection. Without --out: prints a text body"
          + " on stdout and lists the attachments."
    },
    mixinStandardHelpOptions = true)
final class FetchCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Parameters(index = "0", paramLabel = "REQUEST", description = "The request id.")
  String requestId;

  @Parameters(index = "1", paramLabel = "MESSAGE", description = "The message id.")
  String messageId;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Directory to write the message and its attachments to (created if missing).")
  Path out;

  @Option(names = "--force", description = "Replace files that exist in DIR.")
  boolean force;

  @Option(names = "--no-receipt", description = "Do not tell the hub the message was retrieved.")
  boolean noReceipt;

  FetchCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("rogatory-");
    Path work = Files.createTempFile(dir, ".rogatory-message", ".part");
    try (HubOptions.Connection c = hub.connect(context)) {
      Messages messages = c.client().messages();
      ReceivedMessage m =
          messages.fetch(requestId, messageId, work, Progress.of(context, err, "Downloading"));
      if (out == null) {
        printBody(m, w, err);
      } else {
        save(messages, m, w, err);
      }
      if (!noReceipt) {
        messages.acknowledge(m);
      }
    } finally {
      Files.deleteIfExists(work);
      if (out == null) {
        Files.deleteIfExists(dir);
      }
    }
    w.flush();
    return ExitCodes.OK;
  }

  private void printBody(ReceivedMessage m, PrintWriter w, PrintWriter err) throws IOException {
    String type = m.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("text/") && !type.contains("json") && !type.contains("xml")) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "The message body is "
              + m.contentType()
              + ", not text; save it with --out DIR instead (nothing was written).");
    }
    w.print(Files.readString(m.file(), StandardCharsets.UTF_8));
    w.flush();
    err.printf(
        "(message %s from %s, signature verified%s)%n",
        m.messageId(),
        m.sender(),
        m.attachments().isEmpty()
            ? ""
            : "; " + m.attachments().size() + " attachment(s): fetch with --out DIR to save them");
    err.flush();
  }

  private void save(Messages messages, ReceivedMessage m, PrintWriter w, PrintWriter err)
      throws Exception {
    String bodyName = "message" + extension(m.contentType());
    Path body = out.resolve(bodyName);
    Set<String> used = new HashSet<>();
    used.add(bodyName.toLowerCase(Locale.ROOT));
    List<Path> targets = new ArrayList<>();
    for (int i = 0; i < m.attachments().size(); i++) {
      targets.add(out.resolve(unique(safeName(m.attachments().get(i).fileName(), i), used)));
    }
    if (!force) {
      for (Path p : concat(body, targets)) {
        if (Files.exists(p)) {
          throw new FileAlreadyExistsException(p.toString());
        }
      }
    }
    Files.move(m.file(), body, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    w.printf(
        "Message %s of request %s from %s, signature verified.%n",
        m.messageId(), m.requestId(), m.sender());
    w.printf("  %s  (%s, %s)%n", body, m.contentType(), Progress.size(Files.size(body)));
    w.flush();
    for (int i = 0; i < targets.size(); i++) {
      Attachment a = m.attachments().get(i);
      messages.fetchAttachment(m, a, targets.get(i), Progress.of(context, err, a.fileName()));
      w.printf("  %s  (%s, %s)%n", targets.get(i), a.contentType(), Progress.size(a.size()));
      w.flush();
    }
  }

  private static List<Path> concat(Path first, List<Path> rest) {
    List<Path> all = new ArrayList<>(rest);
    all.add(0, first);
    return all;
  }

  static String extension(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    if (semi >= 0) {
      t = t.substring(0, semi).strip();
    }
    return switch (t) {
      case "text/plain" -> ".txt";
      case "text/html" -> ".html";
      case "text/csv" -> ".csv";
      case "application/pdf" -> ".pdf";
      case "application/json" -> ".json";
      case "application/xml", "text/xml" -> ".xml";
      default -> ".bin";
    };
  }

  /**
   * A plain file name from a name the sender chose: its last path element, without control or
   * reserved characters, not hidden, not empty, at most 200 characters.
   */
  static String safeName(String name, int index) {
    String n = name.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1);
    StringBuilder b = new StringBuilder();
    n.codePoints()
        .forEach(
            cp ->
                b.appendCodePoint(
                    Character.isISOControl(cp) || ":*?\"<>|".indexOf(cp) >= 0 ? '_' : cp));
    String s = b.toString().strip();
    while (s.startsWith(".")) {
      s = s.substring(1);
    }
    if (s.length() > 200) {
      s = s.substring(0, 200);
    }
    return s.isBlank() ? "attachment-" + (index + 1) : s;
  }

  private static String unique(String name, Set<String> used) {
    String candidate = name;
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int n = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); n++) {
      candidate = stem + "-" + n + ext;
    }
    return candidate;
  }
}
