package org.rogatory.hub.status;

import java.nio.file.Path;
import org.rogatory.hub.infra.tls.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Tells whoever started the hub where it listens, where its data and credentials are, and how to
 * enrol the first party. Printed once, when the hub is ready to take traffic.
 */
@Component
class StartupReport {
  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  private final Environment environment;
  private final HubPki pki;
  private final Path dataDir;

  StartupReport(
      Environment environment, HubPki pki, @Value("${rogatory.data-dir:./data}") Path dataDir) {
    this.environment = environment;
    this.pki = pki;
    this.dataDir = dataDir;
  }

  @EventListener(ApplicationReadyEvent.class)
  void report() {
    String api = environment.getProperty("local.server.port", "?");
    String management = environment.getProperty("local.management.port", "?");
    String console = environment.getProperty("local.console.port");
    String managementHost = environment.getProperty("management.server.address", "127.0.0.1");
    Path adminKeyStore = pki.adminKeyStore().toAbsolutePath();
    Path parent = adminKeyStore.getParent();
    String pkiDir = (parent == null ? adminKeyStore : parent).normalize().toString();
    LOG.info(
        "\n  Rogatory hub ready."
            + "\n  API (TLS 1.3, client certificates) https://localhost:{}/v1/  (OpenAPI: /v1/openapi.yaml)"
            + "\n  Court staff console (TLS 1.3)      {}"
            + "\n  Health and metrics                 http://{}:{}/actuator/health"
            + "\n  Data directory                     {}"
            + "\n  Hub CA certificate for parties     {}/ca.pem"
            + "\n  Bootstrap administrator credential {}/admin.p12 (password in {}/keystore.password)"
            + "\n  Enrol the first party: see README.md, section 'Enrol a party'.",
        api,
        console == null
            ? "off (rogatory.console.enabled=false)"
            : "https://localhost:"
                + console
                + "/  (first administrator: README.md, 'First sign-in to the Court staff"
                + " console')",
        managementHost,
        management,
        dataDir.toAbsolutePath().normalize(),
        pkiDir,
        pkiDir,
        pkiDir);
  }
}
