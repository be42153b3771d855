package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rogatory.client.CheckpointStore;
import org.rogatory.client.SplitViewException;
import org.rogatory.client.Witness;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.WitnessSigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory audit witness}: one round of witnessing the hub's log (run it from cron). */
@Command(
    name = "witness",
    description = {
      "Witness the hub's transparency log once: fetch its latest checkpoint, verify it against the"
          + " pinned log keys and check that it extends the checkpoint seen last (kept in"
          + " DIR/checkpoints), cosign it with your witness key and submit the cosignature.",
      "The first run creates the witness key (encrypted in DIR/witness-key.sealed) and registers"
          + " it with the hub; every run registers it again, which changes nothing once done.",
      "Exits 0 after cosigning, 7 with both checkpoints printed if the hub's checkpoint"
          + " contradicts the one seen last (nothing is cosigned), 3 if a checkpoint does not"
          + " verify."
    },
    mixinStandardHelpOptions = true)
final class AuditWitnessCommand implements Callable<Integer> {
  static final String CHECKPOINTS = "checkpoints";
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Option(
      names = "--log-keys",
      paramLabel = "FILE",
      description = "The log's verifier keys; pinned in DIR/log-keys the first time.")
  Path logKeys;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "The witness name for a new witness key (a C2SP key name). Default: <party>/witness.")
  String name;

  AuditWitnessCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = hub.keyDir(context);
    List<NoteVerifierKey> keys = LogKeyFiles.pinned(dir, logKeys);
    PrintWriter w = spec.commandLine().getOut();
    try (HubOptions.Connection c = hub.connect(context)) {
      if (!(c.store() instanceof DirectoryKeyStore store)) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "A witness key is kept only in a passphrase key store; run the witness with one.");
      }
      Optional<WitnessSigningKey> stored = store.witnessKey();
      WitnessSigningKey key;
      if (stored.isPresent()) {
        key = stored.get();
      } else {
        String witnessName =
            name != null ? name : c.store().partyKeys().party().value() + "/witness";
        try {
          key = WitnessSigningKey.generate(witnessName);
        } catch (IllegalArgumentException e) {
          throw new CliFailure(ExitCodes.USAGE, "--name: " + e.getMessage() + ".");
        }
        store.storeWitnessKey(key);
        w.printf("Created the witness key %s.%n", key.verifierKey().encode());
      }
      c.client().registerWitnessKey(key.verifierKey());
      Witness.Round round;
      try {
        round =
            c.client()
                .witness(keys, key, CheckpointStore.in(dir.resolve(CHECKPOINTS)))
                .cosignOnce();
      } catch (SplitViewException e) {
        w.println(e.evidence());
        w.flush();
        throw e;
      }
      w.printf(
          "Cosigned the checkpoint of %s at size %d (root %s)%s; the hub %s it.%n",
          round.cosigned().origin(),
          round.cosigned().size(),
          round.cosigned().root().toBase64(),
          round.previous() == null
              ? ", the first this witness saw"
              : ", consistent with the one of size " + round.previous().size() + " seen before",
          round.stored() ? "stored" : "already had");
    }
    w.flush();
    return ExitCodes.OK;
  }
}
