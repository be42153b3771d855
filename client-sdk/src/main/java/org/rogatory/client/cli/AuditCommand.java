package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.rogatory.client.CheckpointStore;
import org.rogatory.client.LogAudit;
import org.rogatory.crypto.NoteVerifierKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rogatory audit verify|export|witness|compare}: an auditor's check of the hub's
 * transparency log or of an exported bundle, the export, a witness round, and split-view detection.
 */
@Command(
    name = "audit",
    description = "Check the hub's transparency log as an auditor.",
    mixinStandardHelpOptions = true,
    subcommands = {
      AuditCommand.Verify.class,
      AuditExportCommand.class,
      AuditWitnessCommand.class,
      AuditCompareCommand.class
    })
final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: see 'rogatory audit --help'.");
  }

  /** {@code rogatory audit verify [BUNDLE_OR_HUB_URL] [--state FILE]}. */
  @Command(
      name = "verify",
      description = {
        "With a bundle file (from 'audit export'): check it offline, see"
            + " docs/spec/audit-bundle.md: the hash chain, every leaf against every checkpoint's"
            + " root, every checkpoint's signatures, the checkpoint in --state if given, the"
            + " retrieval receipts and the domain rules. Otherwise (a hub URL, or none):",
        "Fetch the log's latest signed checkpoint and verify it against the pinned log keys;"
            + " with --state FILE, check that it is consistent with the checkpoint saved there by"
            + " the previous run (then save the new one); fetch every leaf, recompute its hash"
            + " from its event hash, and recompute the tree to the checkpoint's root.",
        "Exits 0 if everything matched, 3 at the first discrepancy, which it names (the leaf"
            + " index where it can)."
      },
      mixinStandardHelpOptions = true)
  static final class Verify implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Mixin HubOptions hub;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "BUNDLE_OR_HUB_URL",
        description =
            "An audit bundle to verify offline, or the hub (https://host:port; default: --hub or"
                + " as 'enrol' saved it).")
    String target;

    @Option(
        names = "--log-keys",
        paramLabel = "FILE",
        description =
            "The log's verifier keys (the hub's data/log/verifier-keys, from its operator);"
                + " pinned in DIR/log-keys the first time.")
    Path logKeys;

    @Option(
        names = "--state",
        paramLabel = "FILE",
        description =
            "The checkpoint verified last time; replaced by the new one on success. Default: the"
                + " one held in DIR/checkpoints.")
    Path state;

    @Option(
        names = "--witness-keys",
        paramLabel = "FILE",
        description =
            "Witness verifier keys you trust (one per line, obtained from the witnesses): audit the"
                + " largest checkpoint they cosigned instead of the latest, and require --quorum of"
                + " them. Its default state is held in DIR/checkpoints/witnessed.")
    Path witnessKeys;

    @Option(
        names = "--quorum",
        paramLabel = "N",
        description = "How many of the --witness-keys must have cosigned. Default: 1.")
    Integer quorum;

    Verify(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      if (target != null && !target.startsWith("https://") && !target.startsWith("http://")) {
        return new BundleVerification(spec, context, hub, logKeys, state).verify(Path.of(target));
      }
      if (target != null) {
        hub.hub = target;
      }
      List<NoteVerifierKey> keys = LogKeyFiles.pinned(hub.keyDir(context), logKeys);
      // Without --state, the checkpoint held in DIR/checkpoints (shared with 'audit witness').
      List<NoteVerifierKey> witnesses = witnessKeys == null ? null : witnesses(witnessKeys);
      int required = quorum == null ? 1 : quorum;
      if (witnesses != null && (required < 1 || required > witnesses.size())) {
        throw new CliFailure(
            ExitCodes.USAGE, "--quorum must be between 1 and the number of witness keys.");
      }
      if (witnesses == null && quorum != null) {
        throw new CliFailure(ExitCodes.USAGE, "--quorum needs --witness-keys.");
      }
      Path heldDir = hub.keyDir(context).resolve(AuditWitnessCommand.CHECKPOINTS);
      // The witnessed checkpoints trail the latest: they are held apart, each sequence growing.
      CheckpointStore held =
          CheckpointStore.in(witnesses == null ? heldDir : heldDir.resolve("witnessed"));
      String origin = keys.get(0).name();
      String previous =
          state == null
              ? held.load(origin).orElse(null)
              : Files.isRegularFile(state) ? Files.readString(state, StandardCharsets.UTF_8) : null;
      LogAudit.Report report;
      try (HubOptions.Connection c = hub.connect(context)) {
        report =
            (witnesses == null
                    ? c.client().logAudit(keys)
                    : c.client().witnessedLogAudit(keys, required, witnesses))
                .verify(previous);
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "Log %s: the checkpoint of size %d verified, and all %d leaves recompute to its root"
              + " %s.%n",
          report.checkpoint().origin(),
          report.checkpoint().size(),
          report.checkpoint().size(),
          report.checkpoint().root().toBase64());
      if (witnesses != null) {
        w.printf(
            "It is cosigned by at least %d of the %d witnesses given.%n",
            required, witnesses.size());
      }
      if (report.previous() != null) {
        w.printf(
            "It is consistent with the checkpoint of size %d saved in %s.%n",
            report.previous().size(), state);
      }
      if (state == null) {
        w.printf(
            "Saved the checkpoint in %s for the next audit.%n", held.save(origin, report.note()));
      } else {
        Path dir = state.toAbsolutePath().getParent();
        if (dir == null) {
          throw new CliFailure(ExitCodes.USAGE, "--state must name a file, not a root directory.");
        }
        Path temp = Files.createTempFile(dir, ".checkpoint", ".tmp");
        Files.writeString(temp, report.note(), StandardCharsets.UTF_8);
        Files.move(
            temp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        w.printf("Saved the checkpoint in %s for the next audit.%n", state);
      }
      w.flush();
      return ExitCodes.OK;
    }

    private static List<NoteVerifierKey> witnesses(Path file) throws java.io.IOException {
      List<NoteVerifierKey> keys = LogKeyFiles.read(file);
      for (NoteVerifierKey k : keys) {
        if (k.type() != NoteVerifierKey.Type.COSIGNATURE_V1) {
          throw new CliFailure(
              ExitCodes.USAGE,
              "The file " + file + " holds a key that is not a witness key: " + k + ".");
        }
      }
      return keys;
    }
  }
}
