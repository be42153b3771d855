package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.rogatory.client.Enrolment;
import org.rogatory.client.HubClient;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory enrol}: presents the one-time enrolment code and stores the certificate. */
@Command(
    name = "enrol",
    description = {
      "Enrol with the hub: present the one-time code the Registry gave you, publish your public"
          + " key bundle in the hub's directory, and store the client certificate the hub issues"
          + " (its key is encrypted under your passphrase).",
      "If DIR holds no keys yet, give --party and they are generated first. The hub's URL and"
          + " CA are saved in DIR/hub.properties, so later commands need only --key."
    },
    mixinStandardHelpOptions = true)
final class EnrolCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Option(
      names = "--code",
      required = true,
      paramLabel = "CODE",
      description = "The one-time enrolment code from the Registry.")
  String code;

  @Option(
      names = "--party",
      paramLabel = "ID",
      description = "Your party id, to generate keys when DIR has none (e.g. state.nl).")
  String party;

  @Option(
      names = "--device",
      paramLabel = "ID",
      defaultValue = "primary",
      description = "Device id of keys generated here (default: ${DEFAULT-VALUE}).")
  String device;

  EnrolCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (hub.hub == null || hub.ca == null) {
      throw new CliFailure(
          ExitCodes.USAGE, "Enrolment needs the hub's URL (--hub) and CA certificate (--ca).");
    }
    Path dir = hub.keyDir(context);
    X509Certificate anchor = HubOptions.readCertificate(hub.ca);
    PrintWriter w = spec.commandLine().getOut();
    try (KeyStoreBackend store = openOrCreate(dir, w);
        HubClient client = HubOptions.client(hub.hub, anchor, store, context)) {
      Enrolment e = client.enrol(code.strip());
      HubOptions.save(dir, hub.hub, hub.ca);
      w.printf(
          "Enrolled %s: certificate %s issued, key fingerprint %s published in the directory.%n",
          e.party().value(), e.certificateSerial(), e.keyFingerprint());
      w.printf(
          "Saved the hub's URL and CA in %s; later commands need only --key %s.%n",
          dir.resolve(HubOptions.SETTINGS_FILE), dir);
      w.flush();
    }
    return ExitCodes.OK;
  }

  private KeyStoreBackend openOrCreate(Path dir, PrintWriter w) throws Exception {
    if (Files.exists(dir.resolve(DirectoryKeyStore.PRIVATE_KEY_FILE))
        || TokenStores.isTokenStore(dir)) {
      KeyStoreBackend store = Stores.unlock(dir, hub.passphrase, context);
      if (party != null && !store.partyKeys().party().value().equals(party)) {
        store.close();
        throw new CliFailure(
            ExitCodes.USAGE,
            "--party "
                + party
                + " differs from the party of the keys in "
                + dir
                + " ("
                + store.partyKeys().party().value()
                + ").");
      }
      return store;
    }
    if (party == null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "There are no keys in " + dir + "; give --party ID to generate them, or another --key.");
    }
    PartyKeys keys;
    try {
      keys =
          PartyKeys.generator(PartyId.of(party))
              .device(device)
              .validFrom(context.clock().instant())
              .generate();
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "--party or --device: " + e.getMessage() + ".");
    }
    char[] secret = hub.passphrase.fresh(context);
    try {
      DirectoryKeyStore store =
          DirectoryKeyStore.create(dir, keys, secret, context.keyFilePreset());
      w.printf(
          "Generated keys for %s in %s (fingerprint %s).%n",
          party, dir, keys.bundle().fingerprint().toHex());
      return store;
    } finally {
      Arrays.fill(secret, '\0');
    }
  }
}
