package org.rogatory.client.keystore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.KeyFile;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyKeys;

/**
 * A party's local key store: a directory holding its private keys encrypted under a passphrase
 * ({@value #PRIVATE_KEY_FILE}, the key-file format), its public key bundle ({@value #BUNDLE_FILE}).
 * Layout and formats: {@code docs/spec/key-store.md}.
 *
 * <h2>Security guarantees</h2>
 *
 * Private keys are written only encrypted (Argon2id and AES-256-GCM, see {@link KeyFile}), to
 * owner-only files where the file system has POSIX permissions; files are written to a temporary
 * name and moved into place, and existing keys are never overwritten.
 *
 * <h2>Warning</h2>
 *
 * The store is as strong as its passphrase; choose a long one.
 */
public final class DirectoryKeyStore {
  /** The passphrase-encrypted private keys (key-file format). */
  public static final String PRIVATE_KEY_FILE = "private.key";

  /** The party's public key bundle, to publish and to give to correspondents. */
  public static final String BUNDLE_FILE = "public.bundle";

  private static final int MAX_KEY_FILE = 16 * 1024;
  private static final int MAX_BUNDLE_FILE = 8 * 1024;

  private final Path dir;
  private final PartyKeys keys;

  private DirectoryKeyStore(Path dir, PartyKeys keys) {
    this.dir = dir;
    this.keys = keys;
  }

  /**
   * Creates a store in {@code dir} (created if missing) for freshly generated {@code keys}.
   *
   * @throws FileAlreadyExistsException if {@code dir} already holds a private key or a bundle
   */
  public static DirectoryKeyStore create(
      Path dir, PartyKeys keys, char[] passphrase, KeyFilePreset preset) throws IOException {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(preset, "preset");
    Files.createDirectories(dir);
    Path key = dir.resolve(PRIVATE_KEY_FILE);
    Path bundle = dir.resolve(BUNDLE_FILE);
    for (Path p : new Path[] {key, bundle}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
    }
    StoreFiles.write(key, KeyFile.encrypt(keys, passphrase, preset), true, false);
    StoreFiles.write(bundle, keys.bundle().encode(), false, false);
    return new DirectoryKeyStore(dir, keys);
  }

  /**
   * Opens the store in {@code dir}, decrypting the private keys with {@code passphrase}.
   *
   * @throws CryptoException with reason {@code WRONG_PASSPHRASE_OR_DAMAGED} if the passphrase is
   *     wrong or the file damaged, {@code MALFORMED} if it is not a key file
   * @throws java.nio.file.NoSuchFileException if there is no key file in {@code dir}
   */
  public static DirectoryKeyStore unlock(Path dir, char[] passphrase)
      throws IOException, CryptoException {
    byte[] file = readLimited(dir.resolve(PRIVATE_KEY_FILE), MAX_KEY_FILE);
    return new DirectoryKeyStore(dir, KeyFile.decrypt(file, passphrase));
  }

  /**
   * Reads a key bundle file (as written to {@value #BUNDLE_FILE}), checking its self-signature.
   *
   * @throws CryptoException if it is not a well-formed, self-signed key bundle
   */
  public static KeyBundle readBundle(Path file) throws IOException, CryptoException {
    return KeyBundle.decode(readLimited(file, MAX_BUNDLE_FILE));
  }

  static byte[] readLimited(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new IOException(file + " is larger than " + limit + " bytes; it is not a store file");
      }
      return bytes;
    }
  }

  /** The directory of this store. */
  public Path directory() {
    return dir;
  }

  /** The party's unlocked end-to-end keys. */
  public PartyKeys partyKeys() {
    return keys;
  }

  @Override
  public String toString() {
    return "DirectoryKeyStore[" + dir + ", " + keys.bundle() + "]";
  }
}
