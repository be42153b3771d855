package org.rogatory.client.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.rogatory.client.AuditExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory audit export --out FILE}: the hub's full history as an audit bundle. */
@Command(
    name = "export",
    description = {
      "Export the hub's full history as an audit bundle (a ZIP file, docs/spec/audit-bundle.md):"
          + " every event up to the latest signed checkpoint with its chain hash, every stored"
          + " checkpoint, witnesses' cosignatures and the log's verifier keys. Your party must be"
          + " enrolled as an AUDITOR.",
      "Check it offline with 'rogatory audit verify FILE'."
    },
    mixinStandardHelpOptions = true)
final class AuditExportCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the bundle; an existing file is not overwritten.")
  Path out;

  AuditExportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out)) {
      throw new CliFailure(ExitCodes.IO, "The file " + out + " exists; name a new file.");
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new CliFailure(ExitCodes.IO, "The folder of " + out + " does not exist.");
    }
    Path temp = Files.createTempFile(dir, ".audit-bundle", ".tmp");
    AuditExport.Summary summary;
    try (HubOptions.Connection c = hub.connect(context)) {
      try (OutputStream o = Files.newOutputStream(temp)) {
        summary = c.client().auditExport().writeTo(o);
      }
      Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "Exported %d events and %d checkpoints to %s.%n",
        summary.events(), summary.checkpoints(), out);
    w.flush();
    return ExitCodes.OK;
  }
}
