package org.rogatory.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.function.BooleanSupplier;
import org.rogatory.client.EvidenceException;
import org.rogatory.client.HubException;
import org.rogatory.client.HubUnreachableException;
import org.rogatory.client.LogAuditException;
import org.rogatory.client.MessageRejectedException;
import org.rogatory.client.SplitViewException;
import org.rogatory.crypto.CryptoException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Turns every failure into one sentence on stderr and an exit code from {@link ExitCodes}. */
final class FailureReporter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final BooleanSupplier verbose;

  FailureReporter(BooleanSupplier verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    report(cmd.getErr(), sentence(e.getMessage()) + " See '" + name + " --help'.");
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof CommandLine.ParameterException p) {
      return handleParseException(p, parsed.originalArgs().toArray(new String[0]));
    }
    if (e instanceof CliFailure f) {
      report(err, f.getMessage());
      return f.exitCode();
    }
    if (e instanceof HubUnreachableException u) {
      report(err, "The hub could not be reached: " + sentence(u.getMessage()));
      return ExitCodes.HUB_UNREACHABLE;
    }
    if (e instanceof HubException h) {
      report(err, refusal(h));
      return ExitCodes.HUB_REFUSED;
    }
    if (e instanceof EvidenceException v) {
      String why = v.getMessage().strip();
      report(err, "The evidence does not verify: " + why + (why.endsWith(".") ? "" : "."));
      return ExitCodes.CRYPTO;
    }
    if (e instanceof SplitViewException s) {
      report(err, "Split view: " + sentence(s.getMessage()));
      return ExitCodes.SPLIT_VIEW;
    }
    if (e instanceof LogAuditException a) {
      String why = a.getMessage().strip();
      report(err, "The log does not verify: " + why + (why.endsWith(".") ? "" : "."));
      return ExitCodes.CRYPTO;
    }
    if (e instanceof MessageRejectedException m) {
      report(err, sentence(m.getMessage()) + " No plaintext was written.");
      return ExitCodes.CRYPTO;
    }
    if (e instanceof IllegalArgumentException i) {
      // The SDK's way of saying an argument is invalid (an id, a content type).
      report(err, sentence(i.getMessage()));
      return ExitCodes.USAGE;
    }
    if (e instanceof CryptoException c) {
      report(err, crypto(c));
      return ExitCodes.CRYPTO;
    }
    if (e instanceof IOException io) {
      report(err, io(io));
      return ExitCodes.IO;
    }
    report(
        err,
        "Unexpected failure ("
            + e.getClass().getSimpleName()
            + "); run again with --verbose and report it.");
    if (verbose.getAsBoolean()) {
      e.printStackTrace(err);
      err.flush();
    }
    return ExitCodes.UNEXPECTED;
  }

  /** "The hub refused (CODE): its sentence. Correlation id: X." */
  private static String refusal(HubException e) {
    String s = "The hub refused (" + e.code().wire() + "): " + sentence(e.getMessage());
    if (e.correlationId() != null) {
      s += " Correlation id: " + e.correlationId() + ".";
    }
    return s;
  }

  private static String crypto(CryptoException e) {
    switch (e.reason()) {
      case DECRYPTION_FAILED:
        return "The envelope could not be opened: it is damaged, was not sealed to your key, or"
            + " was not signed by the expected sender; no plaintext was written.";
      case WRONG_PASSPHRASE_OR_DAMAGED:
        return "The key file could not be decrypted: wrong passphrase, or the file is damaged.";
      default:
        return sentence(e.getMessage());
    }
  }

  private static String io(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return "The file " + n.getFile() + " does not exist.";
    }
    if (e instanceof FileAlreadyExistsException x) {
      return "The file " + x.getFile() + " already exists and was not overwritten.";
    }
    if (e instanceof AccessDeniedException a) {
      return "Permission denied on " + a.getFile() + ".";
    }
    return "Input/output error: " + sentence(String.valueOf(e.getMessage()));
  }

  /** First line, capitalised, ending with a full stop. */
  static String sentence(String message) {
    String s = message == null || message.isBlank() ? "failed" : message.strip();
    int nl = s.indexOf('\n');
    if (nl >= 0) {
      s = s.substring(0, nl).strip();
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }

  private static void report(PrintWriter err, String sentence) {
    err.println("rogatory: " + sentence);
    err.flush();
  }
}
