package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.KeyTransparency;
import org.rogatory.client.KeyTransparencyException;
import org.rogatory.client.RetryPolicy;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.party.query.PartyDirectoryProjection;
import org.rogatory.hub.sdk.SdkFixtures.Party;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Key transparency against the real hub: a client that pinned the log's keys seals only to key
 * bundles the log proves were registered, and refuses one the hub's directory shows without having
 * logged it (a hub slipping its own key in for a State, to read what the Court sends it).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=sdk-key-transparency")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkKeyTransparencyIT {
  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired LogSigningKey logKey;
  @Autowired MongoDatabase mongo;
  @Autowired PartyDirectoryProjection directory;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  Party court;
  HubClient pinned;

  @BeforeAll
  void setUp() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    court = fixtures.enrol("court.registry-" + SdkFixtures.suffix(), "COURT_ORGAN");
    pinned =
        HubClient.builder()
            .hub(java.net.URI.create("https://localhost:" + port))
            .trustAnchor(fixtures.hubCa())
            .keyStore(court.store())
            .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(50), Duration.ofMillis(200)))
            .logKeys(logKey.verifierKeys())
            .build();
  }

  @AfterAll
  void close() throws Exception {
    pinned.close();
    fixtures.close();
  }

  /** Waits until a checkpoint covers the key's registration (published every second here). */
  private Checkpoint awaitLogged(KeyTransparency kt, KeyBundle bundle) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return kt.requireLogged(bundle);
      } catch (HubException e) {
        if (e.code() != ErrorCode.UNAVAILABLE || System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  @Test
  void keysTheLogProves_areSealedTo() throws Exception {
    Party state = fixtures.enrol("state.kt-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    KeyTransparency kt = pinned.keyTransparency().orElseThrow();
    Checkpoint covering = awaitLogged(kt, state.store().partyKeys().bundle());
    assertThat(covering).isNotNull();
    awaitLogged(kt, court.store().partyKeys().bundle());
    String requestId = SdkFixtures.openRequest(pinned, state.id());
    Path note = Files.writeString(tmp.resolve("kt-" + requestId), "proven keys only");
    String messageId = pinned.messages().send(requestId, note, "text/plain", null).messageId();
    Path out = tmp.resolve("kt-out-" + requestId);
    state.client().messages().fetch(requestId, messageId, out, (d, n) -> {});
    assertThat(Files.readString(out)).isEqualTo("proven keys only");
  }

  @Test
  void aKeyTheDirectoryShowsButTheLogNeverRegistered_isRefused() throws Exception {
    Party state = fixtures.enrol("state.mx-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    KeyTransparency kt = pinned.keyTransparency().orElseThrow();
    awaitLogged(kt, state.store().partyKeys().bundle());
    awaitLogged(kt, court.store().partyKeys().bundle());
    String requestId = SdkFixtures.openRequest(pinned, state.id());

    assertThat(state.client().unknownOwnKeys(java.util.Set.of())).isEmpty();
    // The operator slips a key of its own into the State's directory entry, behind the log.
    KeyBundle planted = PartyKeys.generator(state.id()).device("planted").generate().bundle();
    mongo
        .getCollection("party_directory")
        .updateOne(
            Filters.eq("_id", state.id().value()),
            Updates.push(
                "keys",
                new Document("fingerprint", planted.fingerprint().toHex())
                    .append("device", "planted")
                    .append("version", 1L)
                    .append("bundle", Base64.getEncoder().encodeToString(planted.encode()))
                    .append("revoked", false)));
    // Edited behind the hub's back: its in-memory copy of the State would hide the edit.
    directory.forgetCached();
    assertThat(pinned.directory(state.id()).activeBundles()).contains(planted);
    // The State's own monitoring sees a key it did not register.
    assertThat(state.client().unknownOwnKeys(java.util.Set.of())).containsExactly(planted);
    assertThat(state.client().unknownOwnKeys(java.util.Set.of(planted.fingerprint()))).isEmpty();

    Path note = Files.writeString(tmp.resolve("mx-" + requestId), "must not reach the operator");
    assertThatThrownBy(() -> pinned.messages().send(requestId, note, "text/plain", null))
        .isInstanceOf(KeyTransparencyException.class)
        .hasMessageContaining(planted.fingerprint().toHex())
        .hasMessageContaining("no record of its registration");
    // A client without pinned log keys trusts the directory as served: the check is what stops it.
    assertThat(court.client().keyTransparency()).isEmpty();
  }
}
