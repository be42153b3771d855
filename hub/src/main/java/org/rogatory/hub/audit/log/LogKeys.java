package org.rogatory.hub.audit.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.SecretFile;
import org.rogatory.crypto.SecretKeyAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's signing key in {@code <data>/log}: created on first start with the configured origin,
 * kept as a secret file under the hub's key store password, and loaded afterwards with the origin
 * it was created with. The public verifier keys are written next to it ({@code verifier-keys}, one
 * per line) for the operator to publish out of band.
 */
public final class LogKeys {
  private static final Logger LOG = LoggerFactory.getLogger(LogKeys.class);

  private LogKeys() {}

  public static LogSigningKey openOrCreate(Path dir, String origin, char[] password)
      throws IOException, CryptoException {
    Files.createDirectories(dir);
    restrict(dir, "rwx------");
    Path keyFile = dir.resolve("log-key");
    LogSigningKey key;
    if (Files.exists(keyFile)) {
      byte[] secret = SecretFile.decrypt(Files.readAllBytes(keyFile), password);
      try {
        key = LogSigningKey.importPrivate(secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
      if (!key.origin().equals(origin)) {
        LOG.warn(
            "the log keeps its origin {}; the configured origin {} is ignored",
            key.origin(),
            origin);
      }
    } else {
      key = LogSigningKey.generate(origin);
      byte[] secret = key.exportPrivate(SecretKeyAccess.insecureSecretAccess());
      try {
        write(keyFile, SecretFile.encrypt(secret, password, KeyFilePreset.ARGON2ID_19MIB));
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
      LOG.info("created the transparency log's signing key for origin {}", origin);
    }
    StringBuilder vkeys = new StringBuilder();
    for (NoteVerifierKey k : key.verifierKeys()) {
      vkeys.append(k.encode()).append('\n');
    }
    write(dir.resolve("verifier-keys"), vkeys.toString().getBytes(StandardCharsets.US_ASCII));
    return key;
  }

  private static void write(Path file, byte[] content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, content);
    restrict(temp, "rw-------");
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void restrict(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      LOG.warn("cannot restrict permissions of {} on this file system", path);
    }
  }
}
