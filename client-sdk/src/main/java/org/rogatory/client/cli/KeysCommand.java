package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.rogatory.client.HubClient;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.client.keystore.Pkcs11KeyStore;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory keys …}: the party's own keys. */
@Command(
    name = "keys",
    description = "Manage the party's own keys.",
    mixinStandardHelpOptions = true,
    subcommands = {
      KeysCommand.Generate.class,
      KeysCommand.Rotate.class,
      KeysCommand.Monitor.class,
      KeysCommand.Code.class
    })
final class KeysCommand {

  /** {@code rogatory keys generate --party ID --out DIR}. */
  @Command(
      name = "generate",
      description = {
        "Generate the party's keys: writes DIR/private.key (encrypted under the passphrase,"
            + " owner-only) and DIR/public.bundle (the public key bundle to publish).",
        "Existing files are never overwritten."
      },
      mixinStandardHelpOptions = true)
  static final class Generate implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Option(
        names = "--party",
        required = true,
        paramLabel = "ID",
        description = "Party id, e.g. state.nl (a-z, 0-9, '.', '_', '-').")
    String party;

    @Option(
        names = "--device",
        paramLabel = "ID",
        defaultValue = "primary",
        description = "Device id of these keys (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Directory to write the two files to (created if missing).")
    Path out;

    @Mixin PassphraseOptions passphrase;

    @Option(
        names = "--pkcs11-library",
        paramLabel = "FILE",
        description =
            "Seal the private keys with a key generated on a PKCS#11 token, through this module"
                + " (e.g. /usr/lib/softhsm/libsofthsm2.so), instead of a passphrase: the"
                + " passphrase options then give the token's user PIN. Writes"
                + " DIR/private.key.p11 and DIR/pkcs11.properties.")
    Path pkcs11Library;

    @Option(
        names = "--pkcs11-slot",
        paramLabel = "N",
        defaultValue = "-1",
        description = "The token's slot id (default: the first slot holding a token).")
    long pkcs11Slot;

    Generate(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      PartyId id;
      try {
        id = PartyId.of(party);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(ExitCodes.USAGE, "--party: " + e.getMessage() + ".");
      }
      PartyKeys keys;
      try {
        keys =
            PartyKeys.generator(id).device(device).validFrom(context.clock().instant()).generate();
      } catch (IllegalArgumentException e) {
        throw new CliFailure(ExitCodes.USAGE, "--device: " + e.getMessage() + ".");
      }
      boolean onToken = pkcs11Library != null;
      char[] secret = onToken ? passphrase.existing(context) : passphrase.fresh(context);
      try {
        if (onToken) {
          TokenStores.create(out, keys, pkcs11Library, pkcs11Slot, secret).close();
        } else {
          DirectoryKeyStore.create(out, keys, secret, context.keyFilePreset()).close();
        }
      } finally {
        Arrays.fill(secret, '\0');
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          "Wrote %s and %s for party %s, device %s.%n",
          out.resolve(onToken ? Pkcs11KeyStore.TOKEN_KEY_FILE : DirectoryKeyStore.PRIVATE_KEY_FILE),
          out.resolve(DirectoryKeyStore.BUNDLE_FILE),
          id.value(),
          keys.bundle().deviceId());
      w.printf("Key fingerprint: %s%n", keys.bundle().fingerprint().toHex());
      w.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code rogatory keys rotate}: new keys for this device, registered; the old ones revoked. */
  @Command(
      name = "rotate",
      description = {
        "Rotate the party's keys: generate the next version for this device, keep the current"
            + " private key in DIR/retired/ (older messages still open), register the new key"
            + " bundle with the hub, and revoke the one it replaces.",
        "If an earlier rotation stopped half-way, this finishes it instead of starting another."
      },
      mixinStandardHelpOptions = true)
  static final class Rotate implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Mixin HubOptions hub;

    Rotate(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      HubClient.KeyRotation rotation;
      try (HubOptions.Connection c = hub.connect(context)) {
        rotation = c.client().rotateKeys();
      }
      PrintWriter w = spec.commandLine().getOut();
      if (rotation.previous() != null) {
        w.printf("Replaced key %s%n", rotation.previous().toHex());
      } else {
        w.printf("Finished an interrupted rotation.%n");
      }
      w.printf("Current key (version %d): %s%n", rotation.keyVersion(), rotation.current().toHex());
      w.printf("Correspondents who compare safety codes out of band should compare them again.%n");
      w.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code rogatory keys monitor}: alarms on a key of this party it did not register. */
  @Command(
      name = "monitor",
      description = {
        "Check the hub's directory for keys of your party that you did not register (neither your"
            + " current key nor one you rotated away from). Exit 0: none; exit 3: the unknown"
            + " keys are listed — revoke them and tell the Registry.",
        "Run it regularly, e.g. from cron."
      },
      mixinStandardHelpOptions = true)
  static final class Monitor implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Mixin HubOptions hub;

    @Option(
        names = "--device-key",
        paramLabel = "FINGERPRINT",
        description = "The key fingerprint of another device of your party (repeatable).")
    java.util.List<String> otherDevices = new java.util.ArrayList<>();

    Monitor(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      java.util.Set<org.rogatory.crypto.Fingerprint> devices = new java.util.HashSet<>();
      for (String f : otherDevices) {
        try {
          devices.add(org.rogatory.crypto.Fingerprint.ofHex(f));
        } catch (IllegalArgumentException e) {
          throw new CliFailure(ExitCodes.USAGE, "--device-key: 64 hex digits (SHA-256).");
        }
      }
      java.util.List<org.rogatory.crypto.KeyBundle> unknown;
      try (HubOptions.Connection c = hub.connect(context)) {
        unknown = c.client().unknownOwnKeys(devices);
      }
      PrintWriter w = spec.commandLine().getOut();
      if (unknown.isEmpty()) {
        w.printf("No unknown key: the directory lists only keys you registered.%n");
        w.flush();
        return ExitCodes.OK;
      }
      for (org.rogatory.crypto.KeyBundle b : unknown) {
        w.printf(
            "UNKNOWN KEY %s (device %s, version %d)%n",
            b.fingerprint().toHex(), b.deviceId(), b.keyVersion());
      }
      w.flush();
      throw new CliFailure(
          ExitCodes.CRYPTO,
          "The directory lists "
              + unknown.size()
              + " key(s) of your party that you did not register; revoke them and tell the"
              + " Registry.");
    }
  }

  /**
   * {@code rogatory keys code}: the key code of the party's public bundle (no passphrase needed),
   * to read aloud to the Registry, who compares it with the one its console shows for the party;
   * with {@code --with FILE}, the 60-digit safety code between that bundle and another party's.
   */
  @Command(
      name = "code",
      description = {
        "Print the key code of your public key bundle (DIR/public.bundle, or --bundle FILE): 30"
            + " digits that the Registry's console shows for the same key. Read it aloud to the"
            + " Registry over the phone; equal codes mean the hub's directory holds your genuine"
            + " key.",
        "With --with FILE, print instead the 60-digit safety code between that bundle and the"
            + " other party's, which the other party computes the same way."
      },
      mixinStandardHelpOptions = true)
  static final class Code implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Option(
        names = "--key",
        paramLabel = "DIR",
        description =
            "Your key store directory. Default: the ROGATORY_KEY_DIR environment variable.")
    Path keyDir;

    @Option(
        names = "--bundle",
        paramLabel = "FILE",
        description = "A key bundle file instead of DIR/public.bundle.")
    Path bundle;

    @Option(
        names = "--with",
        paramLabel = "FILE",
        description = "The other party's key bundle: print the pair's safety code.")
    Path with;

    Code(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      Path file = bundle;
      if (file == null) {
        Path dir = keyDir;
        if (dir == null && context.environment().get(HubOptions.KEY_DIR_ENV) != null) {
          dir = Path.of(context.environment().get(HubOptions.KEY_DIR_ENV));
        }
        if (dir == null) {
          throw new CliFailure(
              ExitCodes.USAGE, "Name your key store with --key DIR (or a bundle with --bundle).");
        }
        file = dir.resolve(DirectoryKeyStore.BUNDLE_FILE);
      }
      if (!java.nio.file.Files.isRegularFile(file)) {
        throw new CliFailure(ExitCodes.IO, "There is no key bundle at " + file + ".");
      }
      org.rogatory.crypto.KeyBundle own = BundleFiles.read(file);
      PrintWriter w = spec.commandLine().getOut();
      if (with == null) {
        w.printf(
            "Key code of %s (device %s, version %d):%n%s%n",
            own.party().value(),
            own.deviceId(),
            own.keyVersion(),
            org.rogatory.crypto.SafetyCode.keyCode(own));
      } else {
        if (!java.nio.file.Files.isRegularFile(with)) {
          throw new CliFailure(ExitCodes.IO, "There is no key bundle at " + with + ".");
        }
        org.rogatory.crypto.KeyBundle other = BundleFiles.read(with);
        w.printf(
            "Safety code of %s and %s:%n%s%n",
            own.party().value(),
            other.party().value(),
            org.rogatory.crypto.SafetyCode.between(own, other));
      }
      w.flush();
      return ExitCodes.OK;
    }
  }
}
