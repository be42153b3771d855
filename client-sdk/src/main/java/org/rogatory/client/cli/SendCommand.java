package org.rogatory.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rogatory.client.AttachmentSource;
import org.rogatory.client.SentMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rogatory send REQUEST --in FILE [--attach FILE…]}. */
@Command(
    name = "send",
    description = {
      "Seal a message (and its attachments) for the parties of a request and send it: only"
          + " they can read it, and it proves it came from you. Attachments of any size stream"
          + " through a temporary file and resume after a broken connection.",
      "Prints the new message's id, alone, on stdout."
    },
    mixinStandardHelpOptions = true)
final class SendCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Parameters(index = "0", paramLabel = "REQUEST", description = "The request id.")
  String requestId;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "FILE",
      description = "The message body (e.g. a covering note).")
  Path in;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description = "Media type of the body (default: guessed from its name, else text/plain).")
  String contentType;

  @Option(
      names = "--attach",
      paramLabel = "FILE",
      description = "A document to attach; repeat for several. Its name and type stay sealed.")
  List<Path> attachments = new ArrayList<>();

  SendCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(in)) {
      throw new NoSuchFileException(in.toString());
    }
    List<AttachmentSource> sources = new ArrayList<>();
    for (Path a : attachments) {
      if (!Files.isRegularFile(a)) {
        throw new NoSuchFileException(a.toString());
      }
      sources.add(AttachmentSource.file(a));
    }
    String type = contentType != null ? contentType : guess(in);
    PrintWriter err = spec.commandLine().getErr();
    SentMessage sent;
    try (HubOptions.Connection c = hub.connect(context)) {
      sent =
          c.client()
              .messages()
              .send(requestId, in, type, sources, Progress.of(context, err, "Uploading"));
    }
    PrintWriter w = spec.commandLine().getOut();
    w.println(sent.messageId());
    w.flush();
    return ExitCodes.OK;
  }

  private static String guess(Path file) {
    try {
      String t = Files.probeContentType(file);
      return t == null ? "text/plain" : t;
    } catch (IOException e) {
      return "text/plain";
    }
  }
}
