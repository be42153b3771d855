package org.rogatory.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.client.keystore.Pkcs11KeyStore;
import org.rogatory.client.keystore.Pkcs11Token;
import org.rogatory.client.keystore.TlsCredentials;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.PartyKeys;

/**
 * Key stores whose key file is sealed by a key on a PKCS#11 token ({@code docs/spec/key-store.md}).
 * The token's module and slot are saved next to the key file, in {@value #SETTINGS_FILE}, so that
 * later commands need only {@code --key DIR}; the token's user PIN comes wherever a passphrase
 * would ({@code --passphrase-file}, {@code ROGATORY_PASSPHRASE}, or a prompt).
 */
final class TokenStores {
  static final String SETTINGS_FILE = "pkcs11.properties";

  private TokenStores() {}

  /** Whether {@code dir} holds a key store sealed by a token. */
  static boolean isTokenStore(Path dir) {
    return Files.exists(dir.resolve(Pkcs11KeyStore.TOKEN_KEY_FILE));
  }

  /** Creates a token-sealed store in {@code dir} for {@code keys}; the caller wipes {@code pin}. */
  static KeyStoreBackend create(Path dir, PartyKeys keys, Path library, long slot, char[] pin)
      throws IOException {
    Pkcs11Token token = open(library, slot, pin);
    try {
      Pkcs11KeyStore store = Pkcs11KeyStore.create(dir, keys, token);
      Properties p = new Properties();
      p.setProperty("library", library.toAbsolutePath().toString());
      p.setProperty("slot", Long.toString(slot));
      try (OutputStream out = Files.newOutputStream(dir.resolve(SETTINGS_FILE))) {
        p.store(out, "The PKCS#11 token that seals " + Pkcs11KeyStore.TOKEN_KEY_FILE);
      }
      return new Closing(store, token);
    } catch (IOException | RuntimeException e) {
      token.close();
      throw e;
    }
  }

  /** Opens the token-sealed store in {@code dir}; the caller wipes {@code pin}. */
  static KeyStoreBackend unlock(Path dir, char[] pin) throws IOException {
    Path settings = dir.resolve(SETTINGS_FILE);
    if (!Files.isRegularFile(settings)) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "The key store "
              + dir
              + " is sealed by a PKCS#11 token but "
              + settings
              + " does not say which; recreate it with 'rogatory keys generate --pkcs11-library'.");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(settings)) {
      p.load(in);
    }
    Path library = Path.of(p.getProperty("library", ""));
    long slot;
    try {
      slot = Long.parseLong(p.getProperty("slot", "-1"));
    } catch (NumberFormatException e) {
      throw new CliFailure(ExitCodes.USAGE, settings + " names no valid slot.");
    }
    Pkcs11Token token = open(library, slot, pin);
    try {
      return new Closing(Pkcs11KeyStore.open(dir, token), token);
    } catch (CryptoException e) {
      token.close();
      throw new CliFailure(
          ExitCodes.CRYPTO,
          "The token could not open "
              + dir.resolve(Pkcs11KeyStore.TOKEN_KEY_FILE)
              + ": it is damaged, or sealed by another token.");
    } catch (IOException | RuntimeException e) {
      token.close();
      throw e;
    }
  }

  private static Pkcs11Token open(Path library, long slot, char[] pin) {
    try {
      return Pkcs11Token.open(library, slot, pin);
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.CRYPTO,
          "The PKCS#11 token could not be opened ("
              + FailureReporter.sentence(e.getMessage())
              + "): check the module, the slot and the PIN.");
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /** A token-sealed store that logs out of its token when it closes. */
  private record Closing(Pkcs11KeyStore store, Pkcs11Token token) implements KeyStoreBackend {
    @Override
    public PartyKeys partyKeys() {
      return store.partyKeys();
    }

    @Override
    public KeyPair newTlsKeyPair() {
      return store.newTlsKeyPair();
    }

    @Override
    public void storeTlsCredentials(TlsCredentials credentials) throws IOException {
      store.storeTlsCredentials(credentials);
    }

    @Override
    public Optional<TlsCredentials> tlsCredentials() throws IOException {
      return store.tlsCredentials();
    }

    @Override
    public List<PartyKeys> retiredKeys() throws IOException {
      return store.retiredKeys();
    }

    @Override
    public void rotate(PartyKeys next) throws IOException {
      store.rotate(next);
    }

    @Override
    public void close() {
      store.close();
      token.close();
    }

    @Override
    public String toString() {
      return store.toString();
    }
  }
}
