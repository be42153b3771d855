package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rogatory.client.EvidenceBundle;
import org.rogatory.client.VerifiedEvidence;
import org.rogatory.crypto.NoteVerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rogatory verify-evidence FILE}: checks an evidence bundle offline, without a hub. */
@Command(
    name = "verify-evidence",
    description = {
      "Verify an evidence bundle written by 'rogatory evidence --export', offline: the"
          + " checkpoint's signatures, every statement's signature and inclusion proof, the"
          + " recipients' retrieval receipts against their key bundles, and that all statements"
          + " are about the same message. Exits 0 if everything verified, 3 otherwise.",
      "Give the log's keys as published by the hub's operator with --log-keys FILE; without it"
          + " the bundle's own keys are used and their IDs printed for you to compare."
    },
    mixinStandardHelpOptions = true)
final class VerifyEvidenceCommand implements Callable<Integer> {
  private static final long MAX_BUNDLE = 64L * 1024 * 1024;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The evidence bundle.")
  Path file;

  @Option(
      names = "--log-keys",
      paramLabel = "FILE",
      description = "The log's verifier keys, one per line, as its operator published them.")
  Path logKeys;

  @Override
  public Integer call() throws Exception {
    List<NoteVerifierKey> pinned = logKeys == null ? List.of() : LogKeyFiles.read(logKeys);
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BUNDLE) {
        throw new CliFailure(
            ExitCodes.CRYPTO, "The file " + file + " is too large to be an evidence bundle.");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.IO, "The evidence bundle " + file + " does not exist.");
    }
    VerifiedEvidence v = EvidenceBundle.decode(bytes).verify(pinned);
    PrintWriter w = spec.commandLine().getOut();
    EvidencePrinter.print(v, w);
    if (pinned.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "Note: verified against the log keys inside the bundle (%s); compare them with the"
              + " keys the hub's operator published, or pass them with --log-keys FILE.%n",
          v.logKeys().stream()
              .map(k -> k.name() + "+" + String.format("%08x", k.keyId()))
              .collect(Collectors.joining(", ")));
      err.flush();
    }
    return ExitCodes.OK;
  }
}
