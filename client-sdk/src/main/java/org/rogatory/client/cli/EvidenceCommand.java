package org.rogatory.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.rogatory.client.EvidenceBundle;
import org.rogatory.client.EvidenceStore;
import org.rogatory.client.VerifiedEvidence;
import org.rogatory.client.VerifiedRequestEvidence;
import org.rogatory.crypto.NoteVerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rogatory evidence [REQUEST] MESSAGE [--export FILE]}: a message's verified evidence;
 * {@code rogatory evidence REQUEST --all [--export FILE]}: that of every message of a request.
 */
@Command(
    name = "evidence",
    description = {
      "Show the evidence of a message you sent or received: the hub's signed statements that it"
          + " accepted it, delivered it and logged each recipient's signed retrieval receipt,"
          + " each proved to be in the transparency log under a signed checkpoint.",
      "With REQUEST MESSAGE: fetches the latest evidence from the hub, verifies it against the"
          + " pinned log keys and keeps it in DIR/evidence/. With MESSAGE alone: verifies and"
          + " shows the evidence kept there, without the hub.",
      "With REQUEST --all: fetches, verifies and keeps the evidence of every message of the"
          + " request that you sent or received, and shows each.",
      "--export FILE writes a self-contained bundle (of the message, or with --all of the"
          + " request) that anyone can check offline with 'rogatory verify-evidence FILE'."
    },
    mixinStandardHelpOptions = true)
final class EvidenceCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Parameters(
      arity = "1..2",
      paramLabel = "ID",
      description =
          "REQUEST MESSAGE to fetch from the hub, MESSAGE to show what is kept, or REQUEST with"
              + " --all.")
  List<String> ids;

  @Option(
      names = "--all",
      description = "Fetch the evidence of every message of REQUEST that you sent or received.")
  boolean all;

  @Option(
      names = "--log-keys",
      paramLabel = "FILE",
      description =
          "The log's verifier keys (the hub's data/log/verifier-keys, from its operator); pinned"
              + " in DIR/log-keys the first time.")
  Path logKeys;

  @Option(names = "--export", paramLabel = "FILE", description = "Write the evidence bundle here.")
  Path export;

  @Option(names = "--force", description = "Replace the --export file if it exists.")
  boolean force;

  EvidenceCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (all && ids.size() != 1) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "With --all, name the request alone: 'rogatory evidence REQUEST --all'.");
    }
    Path dir = hub.keyDir(context);
    List<NoteVerifierKey> keys = LogKeyFiles.pinned(dir, logKeys);
    EvidenceStore store = EvidenceStore.in(dir.resolve("evidence"));
    if (all) {
      return wholeRequest(keys, store);
    }
    VerifiedEvidence verified;
    if (ids.size() == 2) {
      try (HubOptions.Connection c = hub.connect(context)) {
        verified = c.client().evidence().fetch(ids.get(0), ids.get(1), keys);
      }
      store.save(verified);
    } else {
      EvidenceBundle kept =
          store
              .load(ids.get(0))
              .orElseThrow(
                  () ->
                      new CliFailure(
                          ExitCodes.USAGE,
                          "No evidence of message "
                              + ids.get(0)
                              + " is kept in "
                              + dir.resolve("evidence")
                              + "; fetch it with 'rogatory evidence REQUEST MESSAGE'."));
      verified = kept.verify(keys);
    }
    PrintWriter w = spec.commandLine().getOut();
    EvidencePrinter.print(verified, w);
    if (export != null) {
      write(export, verified.bundle().encode(), force);
      w.printf("Exported the evidence bundle to %s.%n", export);
      w.flush();
    }
    return ExitCodes.OK;
  }

  private int wholeRequest(List<NoteVerifierKey> keys, EvidenceStore store) throws Exception {
    VerifiedRequestEvidence verified;
    try (HubOptions.Connection c = hub.connect(context)) {
      verified = c.client().evidence().fetchRequest(ids.get(0), keys);
    }
    for (VerifiedEvidence m : verified.messages()) {
      store.save(m);
    }
    PrintWriter w = spec.commandLine().getOut();
    EvidencePrinter.print(verified, w);
    if (export != null) {
      write(export, verified.bundle().encode(), force);
      w.printf("Exported the evidence bundle of request %s to %s.%n", verified.requestId(), export);
      w.flush();
    }
    return ExitCodes.OK;
  }

  static void write(Path file, byte[] content, boolean force) throws IOException {
    if (force) {
      Files.write(file, content);
    } else {
      Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }
}
