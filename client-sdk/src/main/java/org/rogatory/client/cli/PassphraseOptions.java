package org.rogatory.client.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where the passphrase of the key store comes from: {@code --passphrase-file}, else the {@value
 * #ENV} environment variable, else a prompt without echo when on a terminal, else an error.
 */
final class PassphraseOptions {
  static final String ENV = "ROGATORY_PASSPHRASE";
  private static final int MAX_FILE = 4096;
  static final int MIN_NEW_LENGTH = 8;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description =
          "Read the key store passphrase from the first line of FILE. Without it, the"
              + " ROGATORY_PASSPHRASE environment variable is used, else it is asked for"
              + " (only on a terminal).")
  Path passphraseFile;

  /** The passphrase to unlock an existing store. The caller wipes it after use. */
  char[] existing(CliContext context) {
    return resolve(context, false);
  }

  /** A passphrase for a new store; on a terminal it is asked twice. */
  char[] fresh(CliContext context) {
    char[] p = resolve(context, true);
    if (p.length < MIN_NEW_LENGTH) {
      Arrays.fill(p, '\0');
      throw new CliFailure(
          ExitCodes.USAGE,
          "The passphrase must have at least "
              + MIN_NEW_LENGTH
              + " characters; a phrase of six random words is better.");
    }
    return p;
  }

  private char[] resolve(CliContext context, boolean confirm) {
    if (passphraseFile != null) {
      return fromFile(passphraseFile);
    }
    String env = context.environment().get(ENV);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    if (context.prompt() == null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "No passphrase given: use --passphrase-file FILE or set "
              + ENV
              + " (there is no terminal to ask on).");
    }
    char[] typed = context.prompt().readSecret("Key store passphrase: ");
    if (typed == null || typed.length == 0) {
      throw new CliFailure(ExitCodes.USAGE, "No passphrase was typed.");
    }
    if (confirm) {
      char[] again = context.prompt().readSecret("Repeat the passphrase: ");
      boolean same = again != null && Arrays.equals(typed, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(typed, '\0');
        throw new CliFailure(ExitCodes.USAGE, "The two passphrases differ; nothing was written.");
      }
    }
    return typed;
  }

  private static char[] fromFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.IO, "The passphrase file " + file + " does not exist.");
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.IO, "The passphrase file " + file + " cannot be read.");
    }
    try {
      if (bytes.length > MAX_FILE) {
        throw new CliFailure(
            ExitCodes.USAGE, "The passphrase file " + file + " is too large to be one.");
      }
      int end = 0;
      while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
        end++;
      }
      if (end == 0) {
        throw new CliFailure(
            ExitCodes.USAGE, "The passphrase file " + file + " starts with an empty line.");
      }
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, end));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      Arrays.fill(chars.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      throw new CliFailure(ExitCodes.USAGE, "The passphrase file " + file + " is not UTF-8 text.");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
