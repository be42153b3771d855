package org.rogatory.client.keystore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.login.LoginException;

/**
 * A PKCS#11 token (a smart card, an HSM, or SoftHSM in tests), opened through Java's {@code
 * SunPKCS11} provider and logged in with the user PIN.
 *
 * <p>Keys this SDK generates on the token are marked sensitive and not extractable: the token uses
 * them, and nothing (not this process either) can read them out. The provider is registered with
 * the JCA for the life of this object, so that signatures made with the token's keys (the TLS
 * handshake, the certificate request) find it.
 */
public final class Pkcs11Token implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Provider provider;
  private final KeyStore keyStore;

  private Pkcs11Token(Provider provider, KeyStore keyStore) {
    this.provider = provider;
    this.keyStore = keyStore;
  }

  /**
   * Opens the token in {@code slot} of the PKCS#11 module {@code library}.
   *
   * @param library the module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
   * @param slot the slot id, or a negative number for the first slot that holds a token
   * @param pin the user PIN; the caller may wipe it afterwards
   * @throws IOException if the module is missing, the token absent, or the PIN refused
   */
  public static Pkcs11Token open(Path library, long slot, char[] pin) throws IOException {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(pin, "pin");
    if (!Files.isRegularFile(library)) {
      throw new IOException("no PKCS#11 module at " + library);
    }
    String config =
        String.join(
            "\n",
            "name = rogatory" + COUNTER.incrementAndGet(),
            "library = " + library.toAbsolutePath(),
            slot < 0 ? "slotListIndex = 0" : "slot = " + slot,
            // What the SDK generates stays on the token: sensitive, never extractable.
            "attributes(*, CKO_SECRET_KEY, *) = {",
            "  CKA_SENSITIVE = true",
            "  CKA_EXTRACTABLE = false",
            "}",
            "attributes(*, CKO_PRIVATE_KEY, *) = {",
            "  CKA_SENSITIVE = true",
            "  CKA_EXTRACTABLE = false",
            "}",
            "");
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new IOException("this Java runtime has no SunPKCS11 provider");
    }
    Provider provider;
    try {
      provider = base.configure("--" + config);
    } catch (RuntimeException e) {
      throw new IOException("the PKCS#11 module " + library + " could not be loaded", e);
    }
    char[] copy = pin.clone();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", provider);
      ks.load(null, copy);
      Security.addProvider(provider);
      return new Pkcs11Token(provider, ks);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new IOException(
          "could not log in to the token (is the slot right and the PIN correct?)", e);
    } finally {
      Arrays.fill(copy, '\0');
    }
  }

  /** The token's JCA provider. */
  public Provider provider() {
    return provider;
  }

  /** The token's objects, as a {@code KeyStore} of type PKCS11. */
  KeyStore keyStore() {
    return keyStore;
  }

  /**
   * Logs out of the token and unregisters the provider; keys obtained from the token stop working.
   * (A PKCS#11 login holds for the whole process: without the logout, a later open of the same
   * token would not be asked for its PIN.)
   */
  @Override
  public void close() {
    try {
      if (provider instanceof AuthProvider auth) {
        auth.logout();
      }
    } catch (LoginException e) {
      // Already logged out, or the token was removed: nothing is left to close.
    } finally {
      Security.removeProvider(provider.getName());
    }
  }

  @Override
  public String toString() {
    return "Pkcs11Token[" + provider.getName() + "]";
  }
}
