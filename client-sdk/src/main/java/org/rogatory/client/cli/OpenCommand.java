package org.rogatory.client.cli;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.crypto.EnvelopeHeader;
import org.rogatory.crypto.EnvelopeOpener;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.TrustedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory open}: decrypts an envelope and verifies its sender, without a hub. */
@Command(
    name = "open",
    description = {
      "Open an envelope sealed to you and verify that the sender signed it. The plaintext"
          + " appears at --out only if every check passed; otherwise nothing is written."
    },
    mixinStandardHelpOptions = true)
final class OpenCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "DIR",
      description = "Your key store directory (from 'keys generate').")
  Path keyDir;

  @Option(
      names = "--sender",
      required = true,
      paramLabel = "BUNDLE_FILE",
      description = "The public.bundle of the party the envelope must come from.")
  Path sender;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Envelope to open.")
  Path in;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the plaintext; must not exist unless --force.")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Mixin PassphraseOptions passphrase;

  OpenCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (!force && Files.exists(out)) {
      throw new FileAlreadyExistsException(out.toString());
    }
    KeyBundle from = BundleFiles.read(sender);
    if (!Files.isRegularFile(in)) {
      throw new NoSuchFileException(in.toString());
    }
    EnvelopeHeader header;
    try (KeyStoreBackend store = Stores.unlock(keyDir, passphrase, context);
        InputStream src = new BufferedInputStream(Files.newInputStream(in), 1 << 16)) {
      header = EnvelopeOpener.create(store.partyKeys(), TrustedKeys.of(from)).open(src, out);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "Opened message %s of request %s from %s (signature verified) into %s.%n",
        header.messageId(), header.requestId(), header.sender().value(), out);
    w.flush();
    return ExitCodes.OK;
  }
}
