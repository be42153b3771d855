package org.rogatory.client.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.crypto.CryptoException;

/**
 * Unlocks the key store named by {@code --key}, with one-sentence errors: a passphrase-encrypted
 * key file, or one sealed by a PKCS#11 token ({@link TokenStores}), whose PIN is given as the
 * passphrase.
 */
final class Stores {
  private Stores() {}

  static KeyStoreBackend unlock(Path dir, PassphraseOptions options, CliContext context)
      throws IOException {
    if (TokenStores.isTokenStore(dir)) {
      char[] pin = options.existing(context);
      try {
        return TokenStores.unlock(dir, pin);
      } finally {
        Arrays.fill(pin, '\0');
      }
    }
    Path keyFile = dir.resolve(DirectoryKeyStore.PRIVATE_KEY_FILE);
    char[] secret = options.existing(context);
    try {
      return DirectoryKeyStore.unlock(dir, secret, context.keyFilePreset());
    } catch (NoSuchFileException e) {
      throw new CliFailure(
          ExitCodes.IO,
          "There is no key file " + keyFile + "; run 'rogatory keys generate' first.");
    } catch (CryptoException e) {
      throw new CliFailure(
          ExitCodes.CRYPTO,
          "The key file "
              + keyFile
              + " could not be decrypted: wrong passphrase, or the file is damaged.");
    } finally {
      Arrays.fill(secret, '\0');
    }
  }
}
