package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.Classification;
import org.rogatory.client.CooperationRequest;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.InboxPage;
import org.rogatory.client.MessageRejectedException;
import org.rogatory.client.NewRequest;
import org.rogatory.client.ReceivedMessage;
import org.rogatory.client.RequestAction;
import org.rogatory.client.RequestCategory;
import org.rogatory.client.RequestStatus;
import org.rogatory.client.RetryPolicy;
import org.rogatory.client.SentMessage;
import org.rogatory.client.TransferListener;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The real hub (embedded store, TLS 1.3 with client certificates on Netty) driven only through the
 * client SDK, as a Court organ and a State's central authority would drive it. Only the Registry's
 * administration (creating parties) goes through the plain test client.
 */
// A context (and store) of its own: the cached context other ITs share has, by the time this
// class runs in a full build, processors that no longer keep the directory up to date.
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=sdk-round-trip")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkRoundTripIT {
  static final char[] PASSPHRASE = "a store passphrase for the test".toCharArray();

  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired org.axonframework.eventsourcing.eventstore.EventStore eventStore;
  @TempDir static Path tmp;

  HubApiClient admin;
  X509Certificate hubCa;
  final List<AutoCloseable> toClose = new ArrayList<>();
  Party court;
  Party state;
  Party stranger;

  record Party(PartyId id, Path storeDir, HubClient client) {}

  @BeforeAll
  void enrolParties() throws Exception {
    admin =
        HubApiClient.of(
            port, pki.trustStore(), Files.readAllBytes(pki.adminKeyStore()), pki.password());
    hubCa = pki.ca().certificate();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    court = enrol("court.otp-" + suffix, "COURT_ORGAN");
    state = enrol("state.ke-" + suffix, "CENTRAL_AUTHORITY");
    stranger = enrol("state.ug-" + suffix, "CENTRAL_AUTHORITY");
  }

  @AfterAll
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  record Created(String id, String code) {}

  /**
   * The Registry creates a party. On a loaded machine the hub may answer 503 "recorded but not
   * visible yet"; the party then exists without our having its code, so try again under a new id.
   */
  private Created createParty(String id, String kind) throws Exception {
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

  private HubClient client(DirectoryKeyStore store) throws Exception {
    HubClient c =
        HubClient.builder()
            .hub(URI.create("https://localhost:" + port))
            .trustAnchor(hubCa)
            .keyStore(store)
            .requestTimeout(Duration.ofSeconds(30))
            .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(50), Duration.ofMillis(500)))
            .build();
    toClose.add(c);
    return c;
  }

  private Party enrol(String wantedId, String kind) throws Exception {
    Created created = createParty(wantedId, kind);
    String code = created.code();
    PartyId party = PartyId.of(created.id());
    Path dir = tmp.resolve(created.id());
    DirectoryKeyStore store =
        DirectoryKeyStore.create(
            dir, PartyKeys.generator(party).generate(), PASSPHRASE, KeyFilePreset.ARGON2ID_19MIB);
    toClose.add(store);
    HubClient client = client(store);
    var enrolment = client.enrol(code);
    assertThat(enrolment.party()).isEqualTo(party);
    assertThat(enrolment.keyFingerprint())
        .isEqualTo(store.partyKeys().bundle().fingerprint().toHex());
    return new Party(party, dir, client);
  }

  private String openRequest() throws HubException {
    return openRequest(null);
  }

  /** A request from the Court to the State, with its own retrieval period or the hub's (null). */
  private String openRequest(Duration retrievalPeriod) throws HubException {
    return court
        .client()
        .openRequest(
            new NewRequest(
                state.id(),
                RequestCategory.ARREST_AND_SURRENDER,
                Classification.UNDER_SEAL,
                "ICC-01/04-02/06",
                null,
                retrievalPeriod));
  }

  private static InboxPage.Entry awaitInbox(HubClient client, String messageId) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      for (InboxPage.Entry e : allInbox(client)) {
        if (e.messageId().equals(messageId)) {
          return e;
        }
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("message " + messageId + " never reached the inbox");
      }
      Thread.sleep(50);
    }
  }

  private static List<InboxPage.Entry> allInbox(HubClient client) throws HubException {
    List<InboxPage.Entry> all = new ArrayList<>();
    long from = 0;
    while (true) {
      InboxPage page = client.inbox(from, 2);
      all.addAll(page.entries());
      if (page.entries().isEmpty() || page.next() == from) {
        return all;
      }
      from = page.next();
    }
  }

  @Test
  void courtSendsSealedMessage_stateFetchesOpensVerifiesAndAcknowledges() throws Exception {
    String requestId = openRequest();
    byte[] secret = new byte[300_000];
    new Random(7).nextBytes(secret);
    Path file = tmp.resolve("warrant-" + requestId + ".pdf");
    Files.write(file, secret);
    List<Long> uploaded = new CopyOnWriteArrayList<>();
    SentMessage sent =
        court
            .client()
            .messages()
            .send(requestId, file, "application/pdf", (done, total) -> uploaded.add(done));
    assertThat(sent.requestId()).isEqualTo(requestId);
    assertThat(uploaded).isNotEmpty();
    assertThat(uploaded.get(uploaded.size() - 1)).isEqualTo(sent.envelopeSize());

    InboxPage.Entry entry = awaitInbox(state.client(), sent.messageId());
    assertThat(entry.sender()).isEqualTo(court.id().value());

    Path target = tmp.resolve("received-" + sent.messageId() + ".pdf");
    List<Long> downloaded = new CopyOnWriteArrayList<>();
    ReceivedMessage received =
        state
            .client()
            .messages()
            .fetch(requestId, sent.messageId(), target, (done, total) -> downloaded.add(done));
    assertThat(Files.readAllBytes(target)).isEqualTo(secret);
    assertThat(received.sender()).isEqualTo(court.id().value());
    assertThat(received.contentType()).isEqualTo("application/pdf");
    assertThat(received.envelopeDigest()).isEqualTo(sent.envelopeDigest());
    assertThat(downloaded).isNotEmpty();
    state.client().messages().acknowledge(received);
    state.client().messages().acknowledge(received); // repeating is harmless

    state.client().act(requestId, RequestAction.acknowledge());
    CooperationRequest seen = awaitRetrieved(court.client(), requestId, state.id().value());
    assertThat(seen.status()).isEqualTo(RequestStatus.ACKNOWLEDGED);

    // The sender reads its own sent item too: it sealed to its own key as well.
    Path own = tmp.resolve("own-" + sent.messageId());
    assertThat(
            court
                .client()
                .messages()
                .fetch(requestId, sent.messageId(), own, TransferListener.NONE)
                .sender())
        .isEqualTo(court.id().value());
    assertThat(Files.readAllBytes(own)).isEqualTo(secret);
  }

  private static CooperationRequest awaitRetrieved(HubClient client, String requestId, String by)
      throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      CooperationRequest r = client.request(requestId);
      if (r.status() == RequestStatus.ACKNOWLEDGED
          && r.messages().stream().anyMatch(m -> m.retrievedBy().contains(by))) {
        return r;
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("retrieval and acknowledgement never showed: " + r);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void retriedSubmission_withSameKeyAndEnvelope_isRecordedOnce() throws Exception {
    String key = "open-" + UUID.randomUUID();
    NewRequest spec =
        new NewRequest(
            state.id(),
            RequestCategory.EVIDENCE_AND_DOCUMENTS,
            Classification.CONFIDENTIAL,
            "ICC-02/05",
            null);
    String requestId = court.client().openRequest(spec, key);
    assertThat(court.client().openRequest(spec, key)).isEqualTo(requestId);

    DirectoryKeyStore courtStore = DirectoryKeyStore.unlock(court.storeDir(), PASSPHRASE);
    toClose.add(courtStore);
    Path envelope = tmp.resolve("retry-" + requestId + ".rge");
    UUID messageId = UUID.randomUUID();
    Files.write(
        envelope,
        EnvelopeSealer.create(
                EnvelopePreset.HYBRID_V1_64K, courtStore.partyKeys(), Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(messageId, requestId, "text/plain"),
                state.client().directory(state.id()).activeBundles(),
                "twice sent, once recorded".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String uploadKey = "upload-" + UUID.randomUUID();
    SentMessage first =
        court.client().messages().post(requestId, envelope, uploadKey, TransferListener.NONE);
    SentMessage again =
        court.client().messages().post(requestId, envelope, uploadKey, TransferListener.NONE);
    assertThat(again).isEqualTo(first);
    awaitInbox(state.client(), messageId.toString());
    assertThat(
            allInbox(state.client()).stream()
                .filter(e -> e.messageId().equals(messageId.toString())))
        .hasSize(1);
    assertThat(court.client().request(requestId).messages()).hasSize(1);
  }

  @Test
  void hubRefusals_surfaceAsTypedExceptions_withStableCodes() throws Exception {
    String requestId = openRequest();
    state.client().act(requestId, RequestAction.acknowledge());
    assertThatThrownBy(() -> state.client().act(requestId, RequestAction.acknowledge()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.correlationId()).isNotBlank();
            });
    assertThatThrownBy(
            () ->
                state
                    .client()
                    .openRequest(
                        new NewRequest(
                            court.id(),
                            RequestCategory.DEFENCE_REQUEST,
                            Classification.PUBLIC,
                            null,
                            null)))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> stranger.client().request(requestId))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> court.client().directory(PartyId.of("nobody.here")))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void enrol_withWrongCode_isRefusedWithItsCode() throws Exception {
    String id =
        createParty("org.test-" + UUID.randomUUID().toString().substring(0, 8), "ORGANISATION")
            .id();
    DirectoryKeyStore store =
        DirectoryKeyStore.create(
            tmp.resolve(id),
            PartyKeys.generator(PartyId.of(id)).generate(),
            PASSPHRASE,
            KeyFilePreset.ARGON2ID_19MIB);
    toClose.add(store);
    HubClient client = client(store);
    assertThatThrownBy(() -> client.enrol("AAAA-BBBB-CCCC-DDDD-EEEE"))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENROLMENT_CODE_INVALID));
    assertThat(store.tlsCredentials()).isEmpty();
  }

  @Test
  void storeReopenedFromDisk_authenticatesWithoutEnrollingAgain() throws Exception {
    DirectoryKeyStore reopened = DirectoryKeyStore.unlock(state.storeDir(), PASSPHRASE);
    toClose.add(reopened);
    assertThat(reopened.tlsCredentials()).isPresent();
    HubClient client = client(reopened);
    assertThat(client.inbox(0, 10).party()).isEqualTo(state.id().value());
  }

  @Test
  void messageSealedToAKeyTheReaderDoesNotHold_isRejectedOnTheReceivingSide() throws Exception {
    // The envelope names the State as recipient (so the hub routes it) but is sealed only to
    // another device's key, registered for the State a moment ago (the hub does not insist on the
    // State's first key, valid for less than its clock allowance): the State's SDK, which holds
    // only
    // its first key, downloads it and refuses to release anything.
    String requestId = openRequest();
    KeyBundle otherDevice =
        PartyKeys.generator(state.id()).device("other-device").generate().bundle();
    state.client().registerKeyBundle(otherDevice);
    DirectoryKeyStore courtStore = DirectoryKeyStore.unlock(court.storeDir(), PASSPHRASE);
    toClose.add(courtStore);
    UUID messageId = UUID.randomUUID();
    Path envelope = tmp.resolve("other-key-" + requestId + ".rge");
    Files.write(
        envelope,
        EnvelopeSealer.create(
                EnvelopePreset.HYBRID_V1_64K, courtStore.partyKeys(), Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(messageId, requestId, "text/plain"),
                List.of(otherDevice),
                new byte[] {1, 2, 3}));
    court.client().messages().post(requestId, envelope, "k-" + messageId, TransferListener.NONE);
    awaitInbox(state.client(), messageId.toString());
    Path target = tmp.resolve("never-" + messageId);
    assertThatThrownBy(
            () ->
                state
                    .client()
                    .messages()
                    .fetch(requestId, messageId.toString(), target, TransferListener.NONE))
        .isInstanceOf(MessageRejectedException.class)
        .hasMessageContaining("could not be opened");
    assertThat(target).doesNotExist();
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("rogatory-partial"));
    }
  }

  /**
   * A request's own retrieval period (decision 0013): shown on the request, and deciding each of
   * its messages' retrieval deadlines; outside one hour to 90 days, or not a duration, refused.
   */
  @Test
  void aRequestsOwnRetrievalPeriod_isShown_andFixesItsMessagesDeadlines() throws Exception {
    String requestId = openRequest(Duration.ofHours(48));
    assertThat(court.client().request(requestId).retrievalPeriod()).isEqualTo(Duration.ofHours(48));
    assertThat(state.client().request(requestId).retrievalPeriod()).isEqualTo(Duration.ofHours(48));
    assertThat(court.client().request(openRequest()).retrievalPeriod()).isNull();

    Path file = tmp.resolve("urgent-" + requestId);
    Files.writeString(file, "urgent");
    SentMessage sent = court.client().messages().send(requestId, file, "text/plain", null);
    org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent submitted = null;
    try (var stream = eventStore.openStream(null)) {
      while (stream.hasNextAvailable(2, java.util.concurrent.TimeUnit.SECONDS)) {
        if (stream.nextAvailable().getPayload()
                instanceof org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent e
            && e.messageId().equals(sent.messageId())) {
          submitted = e;
        }
      }
    }
    assertThat(submitted).isNotNull();
    assertThat(submitted.retrievalDeadline()).isEqualTo(submitted.at().plus(Duration.ofHours(48)));

    for (Duration wrong : List.of(Duration.ofMinutes(30), Duration.ofDays(91))) {
      assertThatThrownBy(
              () ->
                  court
                      .client()
                      .openRequest(
                          new NewRequest(
                              state.id(),
                              RequestCategory.EVIDENCE_AND_DOCUMENTS,
                              Classification.CONFIDENTIAL,
                              "ICC-01/04-02/06",
                              null,
                              wrong)))
          .isInstanceOfSatisfying(
              HubException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                assertThat(e.getMessage()).contains("retrievalPeriod must be");
              });
    }
  }
}
