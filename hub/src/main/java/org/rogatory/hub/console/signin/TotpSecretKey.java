package org.rogatory.hub.console.signin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.LocalSecretKey;
import org.rogatory.crypto.SecretKeyAccess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The key that seals the staff's TOTP secrets in {@code console_staff_credentials}: 32 random bytes
 * in {@code <data dir>/pki/console-totp.key} (owner-only), made on the first start. It sits with
 * the hub's other keys, so that every node of a deployment shares it the way they share the PKI
 * (deploy/README.md); a node with another key cannot open the secrets and refuses sign-ins.
 *
 * <p>Decision 0009 says what this does and does not protect against.
 */
@Component
final class TotpSecretKey {
  static final String FILE = "console-totp.key";
  private static final String PREFIX = "v1:";
  private final LocalSecretKey key;

  @Autowired
  TotpSecretKey(@Value("${rogatory.data-dir:./data}") Path dataDir) throws IOException {
    this.key = loadOrCreate(dataDir.resolve("pki").resolve(FILE));
  }

  /** For tests: a given key. */
  TotpSecretKey(LocalSecretKey key) {
    this.key = key;
  }

  private static LocalSecretKey loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      byte[] raw =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
      return LocalSecretKey.fromBytes(raw, SecretKeyAccess.insecureSecretAccess());
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    LocalSecretKey created = LocalSecretKey.generate();
    Path temp = file.resolveSibling(FILE + ".tmp");
    Files.writeString(
        temp,
        Base64.getEncoder().encodeToString(created.toBytes(SecretKeyAccess.insecureSecretAccess())),
        StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory's protection is all there is.
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return created;
  }

  /** The stored form of a staff member's base32 TOTP secret: {@code v1:} and base64. */
  String seal(String username, String base32Secret) {
    return PREFIX
        + Base64.getEncoder()
            .encodeToString(
                key.seal(base32Secret.getBytes(StandardCharsets.US_ASCII), context(username)));
  }

  /** Whether a stored value is sealed (older hubs stored the base32 secret as it is). */
  static boolean isSealed(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  /** The base32 secret from its stored form; a value stored unsealed is returned as it is. */
  String open(String username, String stored) {
    if (!isSealed(stored)) {
      return stored;
    }
    try {
      return new String(
          key.open(
              Base64.getDecoder().decode(stored.substring(PREFIX.length())), context(username)),
          StandardCharsets.US_ASCII);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the TOTP secret of "
              + username
              + " does not open with pki/"
              + FILE
              + "; every node must have the same key file",
          e);
    }
  }

  private static byte[] context(String username) {
    return ("rogatory console totp secret\u0000" + username).getBytes(StandardCharsets.UTF_8);
  }
}
