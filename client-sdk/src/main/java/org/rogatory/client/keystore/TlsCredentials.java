package org.rogatory.client.keystore;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.PartyId;

/**
 * The credentials a party presents to the hub in mutual TLS: the private key of its client
 * certificate and the certificate chain the hub issued at enrolment (the party's certificate
 * first).
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #toString()} never prints the key. The key may be a handle to a key that never leaves a
 * hardware token (a PKCS#11 backend); nothing here asks for its encoding.
 *
 * <h2>Warning</h2>
 *
 * The key authenticates the party to the hub: keep it in a {@link KeyStoreBackend}, never in a
 * plain file.
 */
public final class TlsCredentials {
  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final PartyId party;

  private TlsCredentials(PrivateKey key, List<X509Certificate> chain, PartyId party) {
    this.key = key;
    this.chain = chain;
    this.party = party;
  }

  /**
   * Pairs a private key with its certificate chain.
   *
   * @throws IllegalArgumentException if the chain is empty, or its first certificate does not
   *     certify a Rogatory party
   */
  public static TlsCredentials of(PrivateKey key, List<X509Certificate> chain) {
    Objects.requireNonNull(key, "key");
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty");
    }
    try {
      return new TlsCredentials(
          key, List.copyOf(chain), HubCertificateAuthority.partyOf(chain.get(0)));
    } catch (CryptoException e) {
      throw new IllegalArgumentException("the certificate names no Rogatory party", e);
    }
  }

  /** The private key of the client certificate. */
  public PrivateKey privateKey() {
    return key;
  }

  /** The certificate chain, the party's certificate first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The party the certificate names. */
  public PartyId party() {
    return party;
  }

  /** The serial number of the client certificate, in lower-case hex as the hub shows it. */
  public String serial() {
    return chain.get(0).getSerialNumber().toString(16);
  }

  @Override
  public String toString() {
    return "TlsCredentials[" + party + ", serial " + serial() + ", private key REDACTED]";
  }
}
