package org.rogatory.hub.infra.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.Pkcs12;
import org.rogatory.crypto.SecretKeyAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own keys, created in {@code <data>/pki} on first start and loaded afterwards: its
 * certificate authority, its TLS server key and certificate, and a trust store with the CA. The key
 * stores are PKCS#12 under a password from {@code ROGATORY_KEYSTORE_PASSWORD}, or, when none is
 * configured, a random one kept in a file readable by the hub's user only.
 */
public final class HubPki {
  private static final Logger LOG = LoggerFactory.getLogger(HubPki.class);
  private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
  private static final Duration SERVER_VALIDITY = Duration.ofDays(2 * 365);
  private static final Duration ADMIN_VALIDITY = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final char[] password;
  private final HubCertificateAuthority ca;

  private HubPki(Path dir, char[] password, HubCertificateAuthority ca) {
    this.dir = dir;
    this.password = password;
    this.ca = ca;
  }

  /** Loads the PKI from {@code dir}, creating whatever is missing. */
  public static HubPki openOrCreate(
      Path dir, String configuredPassword, List<String> extraHostNames, Clock clock)
      throws IOException, CryptoException {
    Files.createDirectories(dir);
    restrict(dir, "rwx------");
    char[] password = password(dir, configuredPassword);
    Path caFile = dir.resolve("ca.p12");
    HubCertificateAuthority ca;
    if (Files.exists(caFile)) {
      ca = HubCertificateAuthority.loadPkcs12(Files.readAllBytes(caFile), password, clock);
    } else {
      ca = HubCertificateAuthority.create("Rogatory hub CA", CA_VALIDITY, clock);
      writePrivate(caFile, ca.exportPkcs12(password, SecretKeyAccess.insecureSecretAccess()));
      LOG.info("created the hub's certificate authority in {}", caFile);
    }
    HubPki pki = new HubPki(dir, password, ca);
    if (!Files.exists(pki.serverKeyStore())) {
      pki.issueServerCertificate(extraHostNames);
    }
    if (!Files.exists(pki.adminKeyStore())) {
      pki.issueAdminCredential();
    }
    if (!Files.exists(pki.trustStore())) {
      writePrivate(
          pki.trustStore(), Pkcs12.trustStore(new Certificate[] {ca.certificate()}, password));
    }
    if (!Files.exists(pki.caCertificatePem())) {
      pki.writeCaPem();
    }
    return pki;
  }

  /**
   * The CA certificate in PEM, public: what a party's operator installs as the hub's trust anchor.
   */
  public Path caCertificatePem() {
    return dir.resolve("ca.pem");
  }

  private void writeCaPem() throws IOException {
    try {
      String pem =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(ca.certificate().getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      Path temp = caCertificatePem().resolveSibling("ca.pem.tmp");
      Files.writeString(temp, pem, StandardCharsets.US_ASCII);
      Files.move(temp, caCertificatePem(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException("cannot encode the hub CA certificate", e);
    }
  }

  private void issueServerCertificate(List<String> extraHostNames) throws IOException {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      LOG.debug("no local host name for the TLS certificate", e);
    }
    names.addAll(extraHostNames);
    KeyPair keys = HubCertificateAuthority.newKeyPair();
    X509Certificate cert =
        ca.issueServerCertificate(keys.getPublic(), new ArrayList<>(names), SERVER_VALIDITY);
    writePrivate(
        serverKeyStore(),
        Pkcs12.write(
            "server", keys.getPrivate(), new Certificate[] {cert, ca.certificate()}, password));
    LOG.info("issued the hub's TLS certificate for {}", names);
  }

  private static char[] password(Path dir, String configured) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return configured.toCharArray();
    }
    Path file = dir.resolve("keystore.password");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
    }
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    writePrivate(file, generated.getBytes(StandardCharsets.US_ASCII));
    return generated.toCharArray();
  }

  private static void writePrivate(Path file, byte[] content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, content);
    restrict(temp, "rw-------");
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void restrict(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      LOG.warn("cannot restrict permissions of {} on this file system", path);
    }
  }

  /**
   * The administrator's client credential ({@code admin.p12}), issued at first start: the
   * documented bootstrap for Court administration until staff accounts exist (console issue).
   */
  public Path adminKeyStore() {
    return dir.resolve("admin.p12");
  }

  private void issueAdminCredential() throws IOException {
    KeyPair keys = HubCertificateAuthority.newKeyPair();
    X509Certificate cert =
        ca.issueAdministratorCertificate(keys.getPublic(), "bootstrap", ADMIN_VALIDITY);
    writePrivate(
        adminKeyStore(),
        Pkcs12.write(
            "admin", keys.getPrivate(), new Certificate[] {cert, ca.certificate()}, password));
    LOG.info("issued the bootstrap administrator credential {}", adminKeyStore());
  }

  public HubCertificateAuthority ca() {
    return ca;
  }

  public Path serverKeyStore() {
    return dir.resolve("server.p12");
  }

  public Path trustStore() {
    return dir.resolve("trust.p12");
  }

  /** The key store password (a copy). */
  public char[] password() {
    return password.clone();
  }
}
