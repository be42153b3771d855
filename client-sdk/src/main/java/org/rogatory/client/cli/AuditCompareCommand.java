package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rogatory.client.CheckpointStore;
import org.rogatory.client.LogAudit;
import org.rogatory.client.SplitViewException;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.NoteVerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rogatory audit compare CHECKPOINT_FILE}: split-view detection. */
@Command(
    name = "compare",
    description = {
      "Compare a checkpoint met elsewhere (another party's, a gossip file, a witness-cosigned one)"
          + " with the one you hold (DIR/checkpoints, written by 'audit witness' and 'audit"
          + " verify', or --ours FILE): both must be signed by the log, and the smaller must be a"
          + " prefix of the larger (same root, or a consistency proof from the hub).",
      "Prints \"consistent\" and exits 0, or prints both checkpoints as evidence and exits 7."
    },
    mixinStandardHelpOptions = true)
final class AuditCompareCommand implements Callable<Integer> {
  private static final long MAX_NOTE = 1 << 20;
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Parameters(index = "0", paramLabel = "CHECKPOINT_FILE", description = "The other checkpoint.")
  Path theirs;

  @Option(
      names = "--ours",
      paramLabel = "FILE",
      description = "The checkpoint to compare with; default: the one held in DIR/checkpoints.")
  Path ours;

  @Option(
      names = "--log-keys",
      paramLabel = "FILE",
      description = "The log's verifier keys; pinned in DIR/log-keys the first time.")
  Path logKeys;

  AuditCompareCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = hub.keyDir(context);
    List<NoteVerifierKey> keys = LogKeyFiles.pinned(dir, logKeys);
    String theirNote = read(theirs);
    String ourNote;
    if (ours != null) {
      ourNote = read(ours);
    } else {
      Optional<String> held =
          CheckpointStore.in(dir.resolve(AuditWitnessCommand.CHECKPOINTS)).load(keys.get(0).name());
      ourNote =
          held.orElseThrow(
              () ->
                  new CliFailure(
                      ExitCodes.USAGE,
                      "You hold no checkpoint of "
                          + keys.get(0).name()
                          + " yet; run 'rogatory audit verify' or 'audit witness' first, or give"
                          + " --ours FILE."));
    }
    PrintWriter w = spec.commandLine().getOut();
    Checkpoint larger;
    try (HubOptions.Connection c = hub.connect(context)) {
      LogAudit audit = c.client().logAudit(keys);
      larger = audit.compare(ourNote, theirNote);
    } catch (SplitViewException e) {
      w.println(e.evidence());
      w.flush();
      throw e;
    }
    w.printf("consistent (the larger checkpoint has size %d)%n", larger.size());
    w.flush();
    return ExitCodes.OK;
  }

  private static String read(Path file) throws java.io.IOException {
    try {
      if (Files.size(file) > MAX_NOTE) {
        throw new CliFailure(ExitCodes.USAGE, "The checkpoint file " + file + " is too large.");
      }
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.IO, "The checkpoint file " + file + " does not exist.");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
