package org.rogatory.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.HubApiClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What integration tests over the real API share: the hub's port and PKI, the bootstrap
 * administrator, and enrolment of parties through the public enrolment flow.
 */
public abstract class HubTestBase {
  @LocalServerPort protected int port;
  @Autowired protected HubPki pki;

  protected HubApiClient admin;
  protected HubApiClient anonymous;

  /** An enrolled party: its keys and a client holding its certificate. */
  public record Party(String id, PartyKeys keys, HubApiClient client, String certSerial) {}

  protected void connectAdministrator() throws Exception {
    char[] pw = pki.password();
    admin = HubApiClient.of(port, pki.trustStore(), Files.readAllBytes(pki.adminKeyStore()), pw);
    anonymous = HubApiClient.of(port, pki.trustStore(), null, pw);
  }

  protected Party enrol(String id, String kind) throws Exception {
    Response created =
        admin.postJson(
            "/v1/admin/parties",
            Map.of("partyId", id, "kind", kind, "displayName", "Party " + id),
            UUID.randomUUID().toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String code = created.json().get("enrolmentCode").asText();
    CodePresented enrolment = presentCode(id, code, PartyKeys.generator(PartyId.of(id)).generate());
    assertThat(enrolment.response().status()).as(enrolment.response().toString()).isEqualTo(200);
    return enrolment.party();
  }

  /** What presenting an enrolment code gave: the hub's answer, and the party if it was accepted. */
  public record CodePresented(Response response, Party party) {}

  /** Presents an enrolment code with a fresh TLS key and {@code keys}' bundle. */
  protected CodePresented presentCode(String id, String code, PartyKeys keys) throws Exception {
    KeyPair tls = HubCertificateAuthority.newKeyPair();
    Response enrolled =
        anonymous.postJson(
            "/v1/enrolment",
            Map.of(
                "partyId", id,
                "enrolmentCode", code.toLowerCase(java.util.Locale.ROOT),
                "certificateRequest",
                    Base64.getEncoder()
                        .encodeToString(
                            HubCertificateAuthority.certificateRequest(tls, PartyId.of(id))),
                "keyBundle", Base64.getEncoder().encodeToString(keys.bundle().encode())),
            null);
    if (enrolled.status() != 200) {
      return new CodePresented(enrolled, null);
    }
    char[] pw = "test".toCharArray();
    byte[] ks =
        HubApiClient.keyStore(tls.getPrivate(), enrolled.json().get("certificate").asText(), pw);
    java.security.cert.X509Certificate cert =
        (java.security.cert.X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new java.io.ByteArrayInputStream(
                        enrolled
                            .json()
                            .get("certificate")
                            .asText()
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    // The client key store uses its own password; the trust store uses the hub's.
    HubApiClient client = clientWith(ks, pw);
    return new CodePresented(
        enrolled, new Party(id, keys, client, cert.getSerialNumber().toString(16)));
  }

  protected HubApiClient clientWith(byte[] keyStore, char[] pw) throws Exception {
    // Re-wrap the hub's trust store under the client's password for the test client.
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(
        new java.io.ByteArrayInputStream(Files.readAllBytes(pki.trustStore())), pki.password());
    java.nio.file.Path t = Files.createTempFile("trust", ".p12");
    try (var out = Files.newOutputStream(t)) {
      trust.store(out, pw);
    }
    return HubApiClient.of(port, t, keyStore, pw);
  }

  protected String openRequest(Party from, Party to) throws Exception {
    Response r =
        from.client()
            .postJson(
                "/v1/requests",
                Map.of(
                    "addressee", to.id(),
                    "category", "ARREST_AND_SURRENDER",
                    "classification", "UNDER_SEAL",
                    "courtReference", "ICC-01/04-02/06"),
                UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("requestId").asText();
  }
}
