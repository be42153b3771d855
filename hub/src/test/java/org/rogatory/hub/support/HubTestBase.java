package org.rogatory.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
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
  private Enrolment enrolment;

  /** An enrolled party: its keys and a client holding its certificate. */
  public record Party(String id, PartyKeys keys, HubApiClient client, String certSerial) {}

  protected void connectAdministrator() throws Exception {
    char[] pw = pki.password();
    admin = HubApiClient.of(port, pki.trustStore(), Files.readAllBytes(pki.adminKeyStore()), pw);
    anonymous = HubApiClient.of(port, pki.trustStore(), null, pw);
  }

  protected Party enrol(String id, String kind) throws Exception {
    if (enrolment == null) {
      enrolment = new Enrolment(admin, anonymous, port, pki.trustStore(), pki.password());
    }
    return enrolment.enrol(id, kind);
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
