package org.rogatory.hub.support;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase.Party;

/**
 * Enrols parties through the public flow: the administrator registers a party and gets a one-time
 * code; the party presents the code with a certificate request and its key bundle, and gets a
 * client certificate; a client holding that certificate is returned.
 */
public final class Enrolment {
  private static final char[] CLIENT_PASSWORD = "test".toCharArray();
  private final HubApiClient admin;
  private final HubApiClient anonymous;
  private final int port;
  private final Path clientTrustStore;

  /**
   * @param trustStore the hub's trust store (its CA), under {@code trustPassword}
   */
  public Enrolment(
      HubApiClient admin, HubApiClient anonymous, int port, Path trustStore, char[] trustPassword)
      throws Exception {
    this.admin = admin;
    this.anonymous = anonymous;
    this.port = port;
    // Party clients keep their key store under their own password; HubApiClient uses one password
    // for both stores, so the hub's trust store is re-wrapped under the client's password once.
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(new ByteArrayInputStream(Files.readAllBytes(trustStore)), trustPassword);
    this.clientTrustStore = Files.createTempFile("rogatory-trust", ".p12");
    clientTrustStore.toFile().deleteOnExit();
    try (var out = Files.newOutputStream(clientTrustStore)) {
      trust.store(out, CLIENT_PASSWORD);
    }
  }

  /** Registers and enrols party {@code id} of {@code kind} (e.g. COURT_ORGAN). */
  public Party enrol(String id, String kind) throws Exception {
    Response created =
        admin.postJson(
            "/v1/admin/parties",
            Map.of("partyId", id, "kind", kind, "displayName", "Party " + id),
            UUID.randomUUID().toString());
    require(created, 201);
    String code = created.json().get("enrolmentCode").asText();
    PartyKeys keys = PartyKeys.generator(PartyId.of(id)).generate();
    KeyPair tls = HubCertificateAuthority.newKeyPair();
    Response enrolled =
        anonymous.postJson(
            "/v1/enrolment",
            Map.of(
                "partyId", id,
                "enrolmentCode", code.toLowerCase(Locale.ROOT),
                "certificateRequest",
                    Base64.getEncoder()
                        .encodeToString(
                            HubCertificateAuthority.certificateRequest(tls, PartyId.of(id))),
                "keyBundle", Base64.getEncoder().encodeToString(keys.bundle().encode())),
            null);
    require(enrolled, 200);
    String pem = enrolled.json().get("certificate").asText();
    byte[] keyStore = HubApiClient.keyStore(tls.getPrivate(), pem, CLIENT_PASSWORD);
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    HubApiClient client = HubApiClient.of(port, clientTrustStore, keyStore, CLIENT_PASSWORD);
    return new Party(id, keys, client, cert.getSerialNumber().toString(16));
  }

  private static void require(Response r, int status) {
    if (r.status() != status) {
      throw new AssertionError("expected " + status + " but got " + r);
    }
  }
}
