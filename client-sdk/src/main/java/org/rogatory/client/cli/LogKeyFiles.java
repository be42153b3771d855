package org.rogatory.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.NoteVerifierKey;

/**
 * The transparency log's verifier keys as files: one key per line, as the hub writes them to {@code
 * <data>/log/verifier-keys}. A party pins them once in its key store ({@value #PINNED}).
 */
final class LogKeyFiles {
  static final String PINNED = "log-keys";
  private static final long MAX_FILE = 64 * 1024;

  private LogKeyFiles() {}

  static List<NoteVerifierKey> read(Path file) throws IOException {
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new CliFailure(ExitCodes.USAGE, "The log key file " + file + " is too large.");
      }
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.IO, "The log key file " + file + " does not exist.");
    }
    List<NoteVerifierKey> keys = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        keys.add(NoteVerifierKey.parse(line.strip()));
      } catch (CryptoException e) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "The file "
                + file
                + " holds a line that is not a log verifier key ("
                + e.getMessage()
                + ").");
      }
    }
    if (keys.isEmpty()) {
      throw new CliFailure(ExitCodes.USAGE, "The log key file " + file + " holds no key.");
    }
    return keys;
  }

  /**
   * The keys pinned in {@code keyDir}; {@code given} pins them the first time and must agree with
   * them afterwards.
   */
  static List<NoteVerifierKey> pinned(Path keyDir, Path given) throws IOException {
    Path pinned = keyDir.resolve(PINNED);
    boolean havePinned = Files.isRegularFile(pinned);
    if (given == null) {
      if (!havePinned) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "Pin the transparency log's keys once with --log-keys FILE (the hub's"
                + " data/log/verifier-keys, from its operator).");
      }
      return read(pinned);
    }
    List<NoteVerifierKey> keys = read(given);
    if (!havePinned) {
      Path temp = Files.createTempFile(keyDir, "." + PINNED, ".tmp");
      Files.copy(given, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, pinned, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else if (!new HashSet<>(read(pinned)).equals(new HashSet<>(keys))) {
      throw new CliFailure(
          ExitCodes.CRYPTO,
          "The log keys in "
              + given
              + " differ from the ones pinned in "
              + pinned
              + "; remove that file only if the log's operator confirmed a key change.");
    }
    return keys;
  }
}
