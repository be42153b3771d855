package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rogatory.client.Classification;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.NewRequest;
import org.rogatory.client.ReceivedMessage;
import org.rogatory.client.RequestCategory;
import org.rogatory.client.RetryPolicy;
import org.rogatory.client.SentMessage;
import org.rogatory.client.TransferListener;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.HubApiClient;

/**
 * Parties of the SDK's integration tests: created by the Registry (the plain test client with the
 * bootstrap administrator credential), enrolled and driven only through the SDK.
 */
final class SdkFixtures implements AutoCloseable {
  static final char[] PASSPHRASE = "a store passphrase for the test".toCharArray();

  private final int port;
  private final Path dir;
  private final HubApiClient admin;
  private final X509Certificate hubCa;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** An enrolled party, its unlocked store, and a client straight to the hub. */
  record Party(PartyId id, Path storeDir, DirectoryKeyStore store, HubClient client) {}

  /** A party the Registry created, with its one-time enrolment code. */
  record Created(String id, String code) {}

  SdkFixtures(int port, HubPki pki, Path dir) throws Exception {
    this.port = port;
    this.dir = dir;
    this.admin =
        HubApiClient.of(
            port, pki.trustStore(), Files.readAllBytes(pki.adminKeyStore()), pki.password());
    this.hubCa = pki.ca().certificate();
  }

  HubApiClient admin() {
    return admin;
  }

  X509Certificate hubCa() {
    return hubCa;
  }

  static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The Registry creates a party. On a loaded machine the hub may answer 503 "recorded but not
   * visible yet"; the party then exists without our having its code, so try again under a new id.
   */
  Created createParty(String id, String kind) throws Exception {
    for (int attempt = 0; ; attempt++) {
      String candidate = attempt == 0 ? id : id + "-r" + attempt;
      HubApiClient.Response created =
          admin.postJson(
              "/v1/admin/parties",
              Map.of("partyId", candidate, "kind", kind, "displayName", "Party " + candidate),
              UUID.randomUUID().toString());
      if (created.status() == 503 && attempt < 3) {
        continue;
      }
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      return new Created(candidate, created.json().get("enrolmentCode").asText());
    }
  }

  /** A client of the party whose store is {@code store}, to the hub or a relay on {@code port}. */
  HubClient client(KeyStoreBackend store, int viaPort) throws Exception {
    HubClient c =
        HubClient.builder()
            .hub(URI.create("https://localhost:" + viaPort))
            .trustAnchor(hubCa)
            .keyStore(store)
            .requestTimeout(Duration.ofSeconds(30))
            .retryPolicy(RetryPolicy.of(5, Duration.ofMillis(50), Duration.ofMillis(500)))
            .pushIdleTimeout(Duration.ofSeconds(40))
            .build();
    toClose.add(c);
    return c;
  }

  /** Creates a party and enrols it through the SDK. */
  Party enrol(String wantedId, String kind) throws Exception {
    Created created = createParty(wantedId, kind);
    PartyId party = PartyId.of(created.id());
    Path storeDir = dir.resolve(created.id());
    DirectoryKeyStore store =
        DirectoryKeyStore.create(
            storeDir,
            PartyKeys.generator(party).generate(),
            PASSPHRASE,
            KeyFilePreset.ARGON2ID_19MIB);
    toClose.add(store);
    HubClient client = client(store, port);
    client.enrol(created.code());
    return new Party(party, storeDir, store, client);
  }

  /** Another client of an enrolled party, through a relay on {@code viaPort}. */
  HubClient clientVia(Party party, int viaPort) throws Exception {
    return client(party.store(), viaPort);
  }

  /** The Court organ {@code court} opens a request to {@code addressee}. */
  static String openRequest(HubClient court, PartyId addressee) throws HubException {
    return court.openRequest(
        new NewRequest(
            addressee,
            RequestCategory.EVIDENCE_AND_DOCUMENTS,
            Classification.CONFIDENTIAL,
            "ICC-01/04-01/06",
            null));
  }

  /**
   * {@code sender} sends the PDF {@code file} in request {@code requestId}, and {@code recipient}
   * fetches it to {@code fetchedTo} and acknowledges it.
   */
  static void sendFetchAcknowledge(
      Party sender, Party recipient, String requestId, Path file, Path fetchedTo) throws Exception {
    SentMessage sent =
        sender.client().messages().send(requestId, file, "application/pdf", TransferListener.NONE);
    ReceivedMessage received =
        recipient
            .client()
            .messages()
            .fetch(requestId, sent.messageId(), fetchedTo, TransferListener.NONE);
    recipient.client().messages().acknowledge(received);
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }
}
