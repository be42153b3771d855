package org.rogatory.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rogatory.client.AuditBundleVerifier;
import org.rogatory.client.LogAuditException;
import org.rogatory.crypto.NoteVerifierKey;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rogatory audit verify BUNDLE}: the offline check of an audit bundle. The log's keys come
 * from {@code --log-keys FILE}, else from those pinned in the key store if one is named, else from
 * the bundle itself, whose key IDs are then printed for comparison with the operator's.
 */
final class BundleVerification {
  private final CommandSpec spec;
  private final CliContext context;
  private final HubOptions hub;
  private final Path logKeys;
  private final Path state;

  BundleVerification(
      CommandSpec spec, CliContext context, HubOptions hub, Path logKeys, Path state) {
    this.spec = spec;
    this.context = context;
    this.hub = hub;
    this.logKeys = logKeys;
    this.state = state;
  }

  int verify(Path bundle) throws IOException, LogAuditException {
    if (!Files.isRegularFile(bundle)) {
      throw new CliFailure(ExitCodes.IO, "The bundle " + bundle + " does not exist.");
    }
    List<NoteVerifierKey> keys = keys();
    List<String> held =
        state == null ? List.of() : List.of(Files.readString(state, StandardCharsets.UTF_8));
    AuditBundleVerifier.Report r =
        AuditBundleVerifier.withLogKeys(keys).holding(held).verify(bundle);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "Bundle %s of log %s: all %d events recompute their chain hashes, obey the domain rules,"
            + " and their leaves recompute the roots of all %d checkpoints, each signed by the"
            + " log's keys%s.%n",
        bundle,
        r.origin(),
        r.events(),
        r.checkpoints(),
        r.heldCheckpoints() > 0 ? " (and of the checkpoint in " + state + ")" : "");
    w.printf("%d retrieval receipts verify against the recipients' logged keys.%n", r.receipts());
    if (r.keysFromBundle()) {
      w.printf(
          "The log keys were taken from the bundle itself; compare their IDs with the ones the"
              + " log's operator published:%n");
      for (NoteVerifierKey k : r.logKeys()) {
        w.printf("  %s+%08x%n", k.name(), k.keyId());
      }
    }
    w.flush();
    return ExitCodes.OK;
  }

  private List<NoteVerifierKey> keys() throws IOException {
    if (logKeys != null) {
      return LogKeyFiles.read(logKeys);
    }
    if (hub.keyDir != null || context.environment().get(HubOptions.KEY_DIR_ENV) != null) {
      Path pinned = hub.keyDir(context).resolve(LogKeyFiles.PINNED);
      if (Files.isRegularFile(pinned)) {
        return LogKeyFiles.read(pinned);
      }
    }
    return null;
  }
}
