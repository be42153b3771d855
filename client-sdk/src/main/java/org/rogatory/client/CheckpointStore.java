package org.rogatory.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The latest verified checkpoint of each log a party audits or witnesses, one file per log origin
 * ({@code <url-encoded origin>.checkpoint}, the signed note as received). The next audit or witness
 * round checks that the hub's new checkpoint extends it; {@link LogAudit#compare} checks
 * checkpoints met elsewhere against it.
 *
 * <h2>Warning</h2>
 *
 * The files are not protected against local tampering, and {@link #load} returns them unverified:
 * verify what it returns against the log keys. Save only checkpoints that were verified and shown
 * consistent with the one they replace ({@link Witness} and the CLI do).
 */
public final class CheckpointStore {
  private static final long MAX_FILE = 1 << 20;
  private final Path dir;

  private CheckpointStore(Path dir) {
    this.dir = dir;
  }

  /** The store in folder {@code dir} (created when the first checkpoint is saved). */
  public static CheckpointStore in(Path dir) {
    return new CheckpointStore(dir);
  }

  /** The saved checkpoint of the log {@code origin}, unverified, if there is one. */
  public Optional<String> load(String origin) throws IOException {
    Path file = file(origin);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    if (Files.size(file) > MAX_FILE) {
      throw new IOException("the saved checkpoint " + file + " is larger than 1 MiB");
    }
    return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Saves {@code note} as the latest checkpoint of {@code origin}, atomically; returns the file.
   */
  public Path save(String origin, String note) throws IOException {
    Path file = file(origin);
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".checkpoint", ".tmp");
    try {
      Files.writeString(temp, note, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return file;
  }

  @Override
  public String toString() {
    return "CheckpointStore[" + dir + "]";
  }

  /** The file of {@code origin}: every character but letters, digits and {@code .-_} escaped. */
  public Path file(String origin) {
    if (origin == null || origin.isEmpty()) {
      throw new IllegalArgumentException("a log origin is not empty");
    }
    String name = URLEncoder.encode(origin, StandardCharsets.UTF_8).replace("*", "%2A");
    if (name.startsWith(".")) {
      name = "%2E" + name.substring(1);
    }
    return dir.resolve(name + ".checkpoint");
  }
}
