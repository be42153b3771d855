package org.rogatory.client.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.CryptoException;

/** Unlocks the key store named by {@code --key}, with one-sentence errors. */
final class Stores {
  private Stores() {}

  static DirectoryKeyStore unlock(Path dir, PassphraseOptions options, CliContext context)
      throws IOException {
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
