package org.rogatory.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rogatory.client.EvidenceBundle;
import org.rogatory.client.RequestEvidenceBundle;
import org.rogatory.client.VerifiedEvidence;
import org.rogatory.client.VerifiedRequestEvidence;
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
      "A request's bundle (from 'rogatory evidence REQUEST --all --export') is recognised by its"
          + " format: each message's evidence is verified so, every message must be of that"
          + " request, once, in the order of its submission; a failure names the message.",
      "Give the log's keys as published by the hub's operator with --log-keys FILE; without it"
          + " the bundle's own keys are used and their IDs printed for you to compare."
    },
    mixinStandardHelpOptions = true)
final class VerifyEvidenceCommand implements Callable<Integer> {
  private static final long MAX_BUNDLE = 64L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

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
    PrintWriter w = spec.commandLine().getOut();
    List<NoteVerifierKey> used;
    if (RequestEvidenceBundle.FORMAT.equals(format(bytes))) {
      VerifiedRequestEvidence v = RequestEvidenceBundle.decode(bytes).verify(pinned);
      EvidencePrinter.print(v, w);
      used = v.logKeys();
    } else {
      VerifiedEvidence v = EvidenceBundle.decode(bytes).verify(pinned);
      EvidencePrinter.print(v, w);
      used = v.logKeys();
    }
    if (pinned.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "Note: verified against the log keys inside the bundle (%s); compare them with the"
              + " keys the hub's operator published, or pass them with --log-keys FILE.%n",
          used.stream()
              .map(k -> k.name() + "+" + String.format("%08x", k.keyId()))
              .collect(Collectors.joining(", ")));
      err.flush();
    }
    return ExitCodes.OK;
  }

  /** The {@code format} member of a JSON object, or null; the decoder then says what is wrong. */
  private static String format(byte[] bytes) {
    try {
      JsonNode tree = JSON.readTree(bytes);
      JsonNode format = tree == null ? null : tree.get("format");
      return format != null && format.isTextual() ? format.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
