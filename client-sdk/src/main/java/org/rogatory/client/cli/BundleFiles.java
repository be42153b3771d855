package org.rogatory.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.KeyBundle;

/** Reads key bundle files named on the command line, with errors that name the file. */
final class BundleFiles {
  private BundleFiles() {}

  static KeyBundle read(Path file) throws IOException {
    try {
      return DirectoryKeyStore.readBundle(file);
    } catch (CryptoException e) {
      throw new CliFailure(
          ExitCodes.CRYPTO,
          "The file " + file + " is not a valid key bundle (" + e.getMessage() + ").");
    }
  }
}
