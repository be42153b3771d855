package org.rogatory.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.rogatory.crypto.internal.MalformedInputException;
import org.rogatory.crypto.internal.X509Issuer;

/**
 * The hub's own certificate authority (ECDSA P-256): it issues the client certificates parties
 * authenticate with (mutual TLS) and the hub's TLS server certificate. A party's certificate names
 * it in a URI subject alternative name {@code urn:rogatory:party:<id>}.
 *
 * <h2>Security guarantees</h2>
 *
 * A client certificate is issued only for a PKCS#10 request whose signature verifies under the key
 * it certifies (proof of possession); serial numbers are 127-bit random.
 *
 * <h2>Warning</h2>
 *
 * TLS here authenticates parties and protects metadata in transit with classical cryptography (the
 * JDK's TLS 1.3 has no post-quantum key exchange); message content is protected end to end by
 * envelopes, which are post-quantum.
 */
public final class HubCertificateAuthority {
  private static final String ALIAS = "rogatory-ca";
  private static final String PARTY_URI_PREFIX = "urn:rogatory:party:";
  private static final String ADMIN_URI_PREFIX = "urn:rogatory:admin:";

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;

  private HubCertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock) {
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
  }

  /** Creates a new CA with a fresh P-256 key, valid for {@code validity} from now. */
  public static HubCertificateAuthority create(String name, Duration validity, Clock clock) {
    try {
      KeyPair pair = newKeyPair();
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      X509Certificate cert =
          X509Issuer.issue(
              X509Issuer.Profile.CA,
              name,
              List.of(),
              List.of(),
              pair.getPublic(),
              null,
              pair.getPrivate(),
              now.minus(Duration.ofMinutes(5)),
              now.plus(validity));
      return new HubCertificateAuthority(cert, pair.getPrivate(), clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not create the certificate authority", e);
    }
  }

  /** Loads a CA saved with {@link #exportPkcs12}. */
  public static HubCertificateAuthority loadPkcs12(byte[] pkcs12, char[] password, Clock clock)
      throws CryptoException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(pkcs12), password);
      PrivateKey key = (PrivateKey) ks.getKey(ALIAS, password);
      X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
      if (key == null || cert == null) {
        throw new GeneralSecurityException("no CA entry");
      }
      return new HubCertificateAuthority(cert, key, clock);
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new CryptoException(
          CryptoException.Reason.MALFORMED,
          "the CA key store cannot be read (wrong password or damaged)");
    }
  }

  /** The CA's key and certificate as a password-protected PKCS#12 file. */
  public byte[] exportPkcs12(char[] password, SecretKeyAccess access) {
    Objects.requireNonNull(access, "access");
    return Pkcs12.write(ALIAS, key, new Certificate[] {certificate}, password);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues a client certificate for {@code party} over the key in a PKCS#10 request.
   *
   * @throws CryptoException with reason MALFORMED if the request does not parse or its signature
   *     does not verify
   */
  public X509Certificate issueClientCertificate(byte[] csrDer, PartyId party, Duration validity)
      throws CryptoException {
    PublicKey subjectKey;
    try {
      subjectKey = X509Issuer.verifiedCsrKey(csrDer);
    } catch (MalformedInputException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
    }
    return issue(
        X509Issuer.Profile.CLIENT,
        party.value(),
        List.of(PARTY_URI_PREFIX + party.value()),
        List.of(),
        subjectKey,
        validity);
  }

  /**
   * Issues a client certificate for a Court administrator, named by a URI subject alternative name
   * {@code urn:rogatory:admin:<name>}; it never names a party.
   */
  public X509Certificate issueAdministratorCertificate(
      PublicKey key, String name, Duration validity) {
    PartyId.of(name); // same syntax as party ids
    return issue(
        X509Issuer.Profile.CLIENT,
        "admin " + name,
        List.of(ADMIN_URI_PREFIX + name),
        List.of(),
        key,
        validity);
  }

  /** The administrator a client certificate names, if it is an administrator certificate. */
  public static java.util.Optional<String> administratorOf(X509Certificate cert) {
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> name : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(6).equals(name.get(0))
              && name.get(1) instanceof String uri
              && uri.startsWith(ADMIN_URI_PREFIX)) {
            return java.util.Optional.of(uri.substring(ADMIN_URI_PREFIX.length()));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }

  /** Issues the hub's TLS server certificate for the given host names and addresses. */
  public X509Certificate issueServerCertificate(
      PublicKey key, List<String> hostNames, Duration validity) {
    return issue(
        X509Issuer.Profile.SERVER,
        hostNames.isEmpty() ? "rogatory-hub" : hostNames.get(0),
        List.of(),
        hostNames,
        key,
        validity);
  }

  private X509Certificate issue(
      X509Issuer.Profile profile,
      String cn,
      List<String> uris,
      List<String> dns,
      PublicKey subjectKey,
      Duration validity) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    try {
      return X509Issuer.issue(
          profile,
          cn,
          uris,
          dns,
          subjectKey,
          certificate,
          key,
          now.minus(Duration.ofMinutes(5)),
          now.plus(validity));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("certificate issuance failed", e);
    }
  }

  /**
   * The party a client certificate names, if it carries Rogatory's party URI.
   *
   * @throws CryptoException with reason MALFORMED if the certificate names no valid party
   */
  public static PartyId partyOf(X509Certificate cert) throws CryptoException {
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> name : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(6).equals(name.get(0))
              && name.get(1) instanceof String uri
              && uri.startsWith(PARTY_URI_PREFIX)) {
            return PartyId.of(uri.substring(PARTY_URI_PREFIX.length()));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException | IllegalArgumentException e) {
      throw new CryptoException(
          CryptoException.Reason.MALFORMED, "the certificate's party name is malformed");
    }
    throw new CryptoException(
        CryptoException.Reason.MALFORMED, "the certificate names no Rogatory party");
  }

  /** A fresh P-256 key pair, for TLS keys and client credentials. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is not available", e);
    }
  }

  /** A PKCS#10 request for {@code keys}, as a party sends at enrolment. */
  public static byte[] certificateRequest(KeyPair keys, PartyId party) {
    try {
      return X509Issuer.csr(keys, party.value());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build the certificate request", e);
    }
  }
}
