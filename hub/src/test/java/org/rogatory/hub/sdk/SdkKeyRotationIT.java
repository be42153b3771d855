package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.DirectoryEntry;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.SentMessage;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.sdk.SdkFixtures.Party;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Key rotation through the SDK against the real hub: the old keys stay usable for what was sealed
 * to them or signed with them before, and useless for anything after.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=sdk-key-rotation")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkKeyRotationIT {
  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  Party court;

  @BeforeAll
  void setUp() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    court = fixtures.enrol("court.registry-" + SdkFixtures.suffix(), "COURT_ORGAN");
  }

  @AfterAll
  void close() throws Exception {
    fixtures.close();
  }

  private Path file(String name, String content) throws Exception {
    Path p = tmp.resolve(name + "-" + UUID.randomUUID());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static String read(HubClient client, String requestId, String messageId)
      throws Exception {
    Path out = tmp.resolve("read-" + UUID.randomUUID());
    client.messages().fetch(requestId, messageId, out, (d, n) -> {});
    return Files.readString(out);
  }

  @Test
  void afterARotation_oldMessagesStillOpenAndVerify_newOnesUseTheNewKey_andTheOldKeyIsRefused()
      throws Exception {
    Party state = fixtures.enrol("state.rt-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    String requestId = SdkFixtures.openRequest(court.client(), state.id());
    KeyBundle v1 = state.store().partyKeys().bundle();
    PartyKeys oldKeys = state.store().partyKeys();

    // Before the rotation: the Court seals to v1, the State signs with v1.
    SentMessage toState =
        court.client().messages().send(requestId, file("m1", "sealed to v1"), "text/plain", null);
    SentMessage fromState =
        state.client().messages().send(requestId, file("s1", "signed by v1"), "text/plain", null);

    HubClient.KeyRotation rotation = state.client().rotateKeys();
    assertThat(rotation.previous()).isEqualTo(v1.fingerprint());
    assertThat(rotation.keyVersion()).isEqualTo(v1.keyVersion() + 1);
    KeyBundle v2 = state.store().partyKeys().bundle();
    assertThat(v2.fingerprint()).isEqualTo(rotation.current());

    // The directory: v2 active, v1 revoked at a recorded time, as the rotation's reason.
    DirectoryEntry entry = court.client().directory(state.id());
    assertThat(entry.activeBundles()).containsExactly(v2);
    DirectoryEntry.DirectoryKey old =
        entry.keys().stream().filter(k -> k.bundle().equals(v1)).findFirst().orElseThrow();
    assertThat(old.revoked()).isTrue();
    assertThat(old.revokedAt()).isNotNull();
    assertThat(old.revocationReason()).contains("superseded");

    // What was sealed to v1 still opens (the store kept v1), and what v1 signed before its
    // revocation still verifies at the Court.
    assertThat(read(state.client(), requestId, toState.messageId())).isEqualTo("sealed to v1");
    assertThat(read(court.client(), requestId, fromState.messageId())).isEqualTo("signed by v1");

    // After: new messages flow both ways with v2.
    SentMessage m2 =
        court.client().messages().send(requestId, file("m2", "sealed to v2"), "text/plain", null);
    assertThat(read(state.client(), requestId, m2.messageId())).isEqualTo("sealed to v2");
    SentMessage s2 =
        state.client().messages().send(requestId, file("s2", "signed by v2"), "text/plain", null);
    assertThat(read(court.client(), requestId, s2.messageId())).isEqualTo("signed by v2");

    // An envelope signed with the revoked key is refused by the hub.
    Path forged = tmp.resolve("forged-" + UUID.randomUUID());
    Files.write(
        forged,
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, oldKeys, java.time.Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), requestId, "text/plain"),
                List.of(court.store().partyKeys().bundle(), v2),
                "signed by the revoked key".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(
            () ->
                state
                    .client()
                    .messages()
                    .post(requestId, forged, UUID.randomUUID().toString(), null))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ENVELOPE));

    // The party cannot leave itself without an active key.
    assertThatThrownBy(() -> state.client().revokeKey(v2.fingerprint(), "testing"))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

    // The store on disk: v2 current, v1 retired, both under the passphrase.
    try (DirectoryKeyStore reopened =
        DirectoryKeyStore.unlock(state.storeDir(), SdkFixtures.PASSPHRASE)) {
      assertThat(reopened.partyKeys().bundle()).isEqualTo(v2);
      assertThat(reopened.retiredKeys()).extracting(PartyKeys::bundle).containsExactly(v1);
      assertThat(DirectoryKeyStore.readBundle(state.storeDir().resolve("public.bundle")))
          .isEqualTo(v2);
    }
  }

  @Test
  void anInterruptedRotation_isFinishedByTheNextCall_notRepeated() throws Exception {
    Party state = fixtures.enrol("state.ir-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    KeyBundle v1 = state.store().partyKeys().bundle();
    // The store switched to new keys, then the process died before telling the hub.
    PartyKeys v2 = PartyKeys.generator(state.id()).keyVersion(v1.keyVersion() + 1).generate();
    state.store().rotate(v2);
    assertThat(court.client().directory(state.id()).activeBundles()).containsExactly(v1);

    HubClient.KeyRotation finished = state.client().rotateKeys();
    assertThat(finished.previous()).isNull();
    assertThat(finished.current()).isEqualTo(v2.bundle().fingerprint());
    assertThat(court.client().directory(state.id()).activeBundles()).containsExactly(v2.bundle());
  }

  @Test
  void anAdministrator_canRevokeAKey_andAPartyCannotRegisterAnotherPartysBundle() throws Exception {
    Party state = fixtures.enrol("state.ad-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    KeyBundle stranger =
        PartyKeys.generator(org.rogatory.crypto.PartyId.of("state.other-" + SdkFixtures.suffix()))
            .generate()
            .bundle();
    assertThatThrownBy(() -> state.client().registerKeyBundle(stranger))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY_BUNDLE));
    KeyBundle v1 = state.store().partyKeys().bundle();
    var r =
        fixtures
            .admin()
            .postJson(
                "/v1/admin/parties/"
                    + state.id().value()
                    + "/keys/"
                    + v1.fingerprint().toHex()
                    + "/revoke",
                java.util.Map.of("reason", "key compromise reported by the State"),
                UUID.randomUUID().toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    assertThat(court.client().directory(state.id()).activeBundles()).isEmpty();
  }

  /**
   * Decision 0017: the hub refuses an envelope that is not sealed to the request's parties' current
   * keys, and the SDK, which seals to the directory entries it holds, reads them again and seals
   * anew; between changes it seals and opens without reading the directory.
   */
  @Test
  void
      aSenderWithAnOldDirectoryEntry_isRefused_andTheSdkSealsAnew_withoutReadingTheDirectoryOtherwise()
          throws Exception {
    Party state = fixtures.enrol("state.dt-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    String requestId = SdkFixtures.openRequest(court.client(), state.id());
    KeyBundle courtKey = court.store().partyKeys().bundle();
    KeyBundle v1 = state.store().partyKeys().bundle();

    // First exchange: each side reads the other's entry once; after that, no directory reads.
    court.client().messages().send(requestId, file("a", "first"), "text/plain", null);
    SentMessage first =
        state.client().messages().send(requestId, file("b", "first back"), "text/plain", null);
    assertThat(read(court.client(), requestId, first.messageId())).isEqualTo("first back");
    double before = directoryReads();
    for (int i = 0; i < 3; i++) {
      SentMessage m =
          court.client().messages().send(requestId, file("c", "again " + i), "text/plain", null);
      assertThat(read(state.client(), requestId, m.messageId())).isEqualTo("again " + i);
      SentMessage back =
          state.client().messages().send(requestId, file("d", "back " + i), "text/plain", null);
      assertThat(read(court.client(), requestId, back.messageId())).isEqualTo("back " + i);
    }
    assertThat(directoryReads()).as("directory reads while nothing changed").isEqualTo(before);

    // The State rotates (v1 revoked) and adds a second device whose key has been valid for an
    // hour. The Court's client still holds the entry with v1 alone.
    state.client().rotateKeys();
    KeyBundle v2 = state.store().partyKeys().bundle();
    KeyBundle device =
        PartyKeys.generator(state.id())
            .device("second-device")
            .validFrom(java.time.Instant.now().minus(java.time.Duration.ofHours(1)))
            .generate()
            .bundle();
    state.client().registerKeyBundle(device);

    // What the hub refuses, each with RECIPIENT_KEYS_CHANGED and nothing recorded.
    KeyBundle unregistered = PartyKeys.generator(state.id()).device("unknown").generate().bundle();
    KeyBundle stranger =
        PartyKeys.generator(
                org.rogatory.crypto.PartyId.of("state.stranger-" + SdkFixtures.suffix()))
            .generate()
            .bundle();
    for (List<KeyBundle> to :
        List.of(
            List.of(courtKey, v1, v2, device), // a revoked key
            List.of(courtKey, v2), // the second device left out
            List.of(courtKey, v2, device, unregistered), // a key the directory does not list
            List.of(courtKey, v2, device, stranger))) { // a party not in the request
      Path envelope = sealByCourt(requestId, to);
      assertThatThrownBy(
              () ->
                  court
                      .client()
                      .messages()
                      .post(requestId, envelope, UUID.randomUUID().toString(), null))
          .as("sealed to %s", to)
          .isInstanceOfSatisfying(
              HubException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.RECIPIENT_KEYS_CHANGED));
    }
    // The sender's own keys are not required, the addressee's current ones are enough.
    Path toStateOnly = sealByCourt(requestId, List.of(v2, device));
    court.client().messages().post(requestId, toStateOnly, UUID.randomUUID().toString(), null);

    // The SDK's send is refused once, reads the State's entry again and seals to v2 and the
    // device: the State opens it with v2.
    double beforeResend = directoryReads();
    SentMessage resealed =
        court
            .client()
            .messages()
            .send(requestId, file("e", "after the rotation"), "text/plain", null);
    assertThat(directoryReads() - beforeResend).isEqualTo(2.0);
    assertThat(read(state.client(), requestId, resealed.messageId()))
        .isEqualTo("after the rotation");
    assertThat(court.client().directory(state.id()).activeBundles())
        .containsExactlyInAnyOrder(v2, device);

    // The Court opens what the State now signs with v2: the State's entry changed, so its tag did,
    // and the Court reads it again before checking the signature.
    double beforeOpen = directoryReads();
    SentMessage signedByV2 =
        state.client().messages().send(requestId, file("f", "signed by v2"), "text/plain", null);
    assertThat(read(court.client(), requestId, signedByV2.messageId())).isEqualTo("signed by v2");
    assertThat(directoryReads() - beforeOpen).isGreaterThanOrEqualTo(1.0);
  }

  private Path sealByCourt(String requestId, List<KeyBundle> to) throws Exception {
    Path envelope = tmp.resolve("sealed-" + UUID.randomUUID());
    Files.write(
        envelope,
        EnvelopeSealer.create(
                EnvelopePreset.HYBRID_V1_64K,
                court.store().partyKeys(),
                java.time.Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), requestId, "text/plain"),
                to,
                "sealed by hand".getBytes(StandardCharsets.UTF_8)));
    return envelope;
  }

  /** How many directory reads the hub has answered (200 or 304), from its request metrics. */
  private double directoryReads() {
    return meters
        .find("http.server.requests")
        .tag("uri", "/v1/directory/{partyId}")
        .timers()
        .stream()
        .mapToDouble(io.micrometer.core.instrument.Timer::count)
        .sum();
  }
}
