package org.rogatory.client.keystore;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.rogatory.crypto.PartyKeys;

/**
 * Where a party keeps its secrets: its end-to-end keys and its TLS client credentials. The SDK
 * reaches them only through this interface, so a party with a hardware token can keep what the
 * token supports on it.
 *
 * <p>Implementations: {@link DirectoryKeyStore} (files encrypted under a passphrase). A PKCS#11
 * backend is the designed alternative (see {@code docs/spec/key-store.md}): it MUST generate the
 * TLS key on the token as non-extractable and return a handle from {@link #newTlsKeyPair()}, and
 * MAY keep the end-to-end keys in a key file whose passphrase is a secret held on the token.
 *
 * <h2>Security guarantees</h2>
 *
 * An implementation MUST NOT write a private key unencrypted to persistent storage, and MUST NOT
 * log or print key material.
 *
 * <h2>Warning</h2>
 *
 * Instances are unlocked: they hold usable private keys. Close them when done.
 */
public interface KeyStoreBackend extends AutoCloseable {

  /** The party's end-to-end keys (hybrid signing and X-Wing decryption), unlocked. */
  PartyKeys partyKeys();

  /**
   * A fresh P-256 key pair for a TLS client certificate, generated where this backend keeps keys;
   * the caller sends a certificate request for it and stores the result with {@link
   * #storeTlsCredentials}.
   */
  KeyPair newTlsKeyPair();

  /**
   * Keeps the TLS credentials the hub issued, replacing earlier ones.
   *
   * @throws IOException if they cannot be stored; the earlier credentials then stay in place
   */
  void storeTlsCredentials(TlsCredentials credentials) throws IOException;

  /**
   * The TLS credentials, or empty before enrolment.
   *
   * @throws IOException if stored credentials cannot be read, are damaged, or do not match
   */
  Optional<TlsCredentials> tlsCredentials() throws IOException;

  /**
   * The keys this party used before its key rotations, newest first: kept so that what was sealed
   * to them still opens. Empty for a store that was never rotated.
   *
   * @throws IOException if a kept key cannot be read
   */
  default List<PartyKeys> retiredKeys() throws IOException {
    return List.of();
  }

  /**
   * Makes {@code next} the current keys; the current ones are kept as retired keys first, so that a
   * crash at any point leaves either the old keys current or the new ones, never neither.
   *
   * @throws IllegalArgumentException if {@code next} is for another party
   * @throws IOException if the keys cannot be stored
   * @throws UnsupportedOperationException if this backend cannot rotate
   */
  default void rotate(PartyKeys next) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot rotate keys");
  }

  /** Forgets the unlocked secrets this instance holds in memory, as far as the JVM allows. */
  @Override
  void close();
}
