package org.rogatory.client.keystore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writing the store's files: new files only, owner-only where the file system supports it. */
final class StoreFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private StoreFiles() {}

  static boolean isPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Writes {@code content} to a new file {@code target}: first to a hidden temporary file in the
   * same directory, then moved into place, so a reader never sees half a file.
   *
   * @throws FileAlreadyExistsException if {@code target} exists and {@code replace} is false
   */
  static void write(Path target, byte[] content, boolean secret, boolean replace)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!replace && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    FileAttribute<?>[] attributes =
        secret && isPosix(dir)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
    boolean done = false;
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
        out.write(content);
      }
      if (replace) {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // Files.move without REPLACE_EXISTING refuses an existing target; ATOMIC_MOVE may not.
        Files.move(temp, target);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Opens one retired key file's bytes. */
  @FunctionalInterface
  interface RetiredKeyOpener {
    org.rogatory.crypto.PartyKeys open(byte[] file) throws Exception;
  }

  /**
   * The keys in the files of {@code retiredDir} whose names end with {@code suffix}, opened with
   * {@code opener}, newest key version first; none if the folder does not exist.
   *
   * @throws IOException if a file cannot be read or opened
   */
  static java.util.List<org.rogatory.crypto.PartyKeys> readRetired(
      Path retiredDir, String suffix, int maxSize, RetiredKeyOpener opener) throws IOException {
    java.util.List<org.rogatory.crypto.PartyKeys> loaded = new java.util.ArrayList<>();
    if (Files.isDirectory(retiredDir)) {
      try (var files = Files.list(retiredDir)) {
        for (Path f : (Iterable<Path>) files.sorted()::iterator) {
          String name = String.valueOf(f.getFileName());
          if (!name.endsWith(suffix) || name.startsWith(".")) {
            continue;
          }
          byte[] content = DirectoryKeyStore.readLimited(f, maxSize);
          try {
            loaded.add(opener.open(content));
          } catch (Exception e) {
            throw new IOException("the retired key file " + f + " cannot be opened", e);
          }
        }
      }
    }
    loaded.sort(
        java.util.Comparator.comparingLong(
                (org.rogatory.crypto.PartyKeys k) -> k.bundle().keyVersion())
            .reversed());
    return loaded;
  }
}
