package org.rogatory.client.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.crypto.EnvelopeHeader;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory seal}: encrypts and signs a file for recipients, without a hub. */
@Command(
    name = "seal",
    description = {
      "Seal FILE into an envelope that only the recipients can open and that proves it came"
          + " from you. Works offline; memory use does not grow with the file.",
      "To be able to open it yourself, add your own public.bundle as a recipient."
    },
    mixinStandardHelpOptions = true)
final class SealCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "DIR",
      description = "Your key store directory (from 'keys generate').")
  Path keyDir;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "BUNDLE_FILE",
      description = "A recipient's public.bundle; repeat for several recipients.")
  List<Path> recipients = new ArrayList<>();

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "File to seal.")
  Path in;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Envelope to write; must not exist unless --force.")
  Path out;

  @Option(
      names = "--request",
      paramLabel = "ID",
      defaultValue = "offline",
      description = "Cooperation request id to put in the header (default: ${DEFAULT-VALUE}).")
  String requestId;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      defaultValue = "application/octet-stream",
      description = "Media type of FILE, stated in the header (default: ${DEFAULT-VALUE}).")
  String contentType;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Mixin PassphraseOptions passphrase;

  SealCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    EnvelopeMetadata metadata;
    try {
      metadata = EnvelopeMetadata.of(UUID.randomUUID(), requestId, contentType);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage() + ".");
    }
    if (!force && Files.exists(out)) {
      throw new FileAlreadyExistsException(out.toString());
    }
    List<KeyBundle> bundles = new ArrayList<>();
    for (Path p : recipients) {
      bundles.add(BundleFiles.read(p));
    }
    if (!Files.isRegularFile(in)) {
      throw new CliFailure(ExitCodes.IO, "The input file " + in + " does not exist.");
    }
    EnvelopeSealer sealer;
    try (KeyStoreBackend store = Stores.unlock(keyDir, passphrase, context)) {
      sealer =
          EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, store.partyKeys(), context.clock());
    }
    Path target = out.toAbsolutePath();
    Path parent = target.getParent();
    if (parent == null) {
      throw new CliFailure(ExitCodes.USAGE, "--out must name a file, not " + out + ".");
    }
    Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".rogatory-partial");
    EnvelopeHeader header;
    boolean done = false;
    try {
      try (InputStream src = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
          OutputStream dst = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        header = sealer.seal(metadata, bundles, src, dst);
      }
      if (force) {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(temp, target);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "Sealed %s for %d recipient(s) into %s (message %s).%n",
        in, bundles.size(), out, header.messageId());
    w.flush();
    return ExitCodes.OK;
  }
}
