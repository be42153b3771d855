package org.rogatory.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rogatory.client.EvidenceBundle;
import org.rogatory.client.EvidenceException;
import org.rogatory.client.VerifiedEvidence;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.EvidenceStatement.Type;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.hub.request.deadline.RetrievalWatch;
import org.rogatory.hub.support.EnvelopeFixtures;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.rogatory.hub.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Evidence over the real API (mTLS, embedded store): the hub's statements made on demand from the
 * stored events verify against the log's keys and are included under its signed checkpoint, name
 * exactly the leaf the log serves, and a recipient's retrieval receipt is verified before it is
 * logged.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rogatory.test.context=evidence", // its own context: the test moves the hub's clock
      "rogatory.deadlines.check-interval=1h" // the retrieval watch runs when told
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(MovableClock.Config.class)
class EvidenceIT extends HubTestBase {
  @Autowired LogSigningKey logKey;
  @Autowired MovableClock clock;
  @Autowired RetrievalWatch retrievalWatch;

  Party court;
  Party state;
  Party stranger;
  final Random random = new Random(7);

  @BeforeAll
  void setUp() throws Exception {
    connectAdministrator();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    court = enrol("court.ev-" + suffix, "COURT_ORGAN");
    state = enrol("state.ev-" + suffix, "CENTRAL_AUTHORITY");
    stranger = enrol("state.evx-" + suffix, "CENTRAL_AUTHORITY");
  }

  /** A message from the Court to the State, submitted and fetched (delivered) by the State. */
  private EnvelopeFixtures.Sealed deliveredMessage() throws Exception {
    EnvelopeFixtures.Sealed sealed = submittedMessage();
    Response fetched = state.client().get(path(sealed, ""));
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(sealed.bytes());
    return sealed;
  }

  /** A message from the Court to the State, submitted and not yet fetched. */
  private EnvelopeFixtures.Sealed submittedMessage() throws Exception {
    String requestId = openRequest(court, state);
    EnvelopeFixtures.Sealed sealed =
        EnvelopeFixtures.seal(court, List.of(state), requestId, 2048, random);
    Response submitted =
        court
            .client()
            .post(
                "/v1/requests/" + requestId + "/messages",
                "application/vnd.rogatory.envelope",
                sealed.bytes(),
                UUID.randomUUID().toString());
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    return sealed;
  }

  private static String path(EnvelopeFixtures.Sealed m, String tail) {
    return "/v1/requests/" + m.requestId() + "/messages/" + m.messageId() + tail;
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static SignedStatement receipt(
      PartyKeys keys, EnvelopeFixtures.Sealed m, UUID messageId, byte[] digest) throws Exception {
    return SignedStatement.signByParty(
        keys,
        EvidenceStatement.retrievalReceipt(
            m.requestId(),
            messageId,
            keys.party(),
            keys.bundle().fingerprint(),
            digest,
            m.bytes().length,
            Instant.now()));
  }

  private Response postReceipt(Party who, EnvelopeFixtures.Sealed m, String base64)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receipt", base64);
    return who.client().postJson(path(m, "/retrieval"), body, UUID.randomUUID().toString());
  }

  /** Polls the evidence until it holds {@code count} statements (checkpoints lag by a second). */
  private JsonNode evidence(Party who, EnvelopeFixtures.Sealed m, int count) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Response r = who.client().get(path(m, "/evidence"));
      if (r.status() == 200 && r.json().get("statements").size() >= count) {
        assertThat(r.json().get("statements").size()).isEqualTo(count);
        return r.json();
      }
      assertThat(r.status()).as(r.toString()).isIn(200, 503);
      assertThat(System.nanoTime()).as("evidence of " + count + " statements").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The hub's answer as a self-contained bundle, with the two parties' key bundles. */
  private EvidenceBundle bundle(JsonNode evidence) throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", EvidenceBundle.FORMAT);
    json.put("requestId", evidence.get("requestId").asText());
    json.put("messageId", evidence.get("messageId").asText());
    json.put("logKeys", logKey.verifierKeys().stream().map(k -> k.encode()).toList());
    json.put("checkpoint", evidence.get("checkpoint").asText());
    List<Map<String, Object>> items = new ArrayList<>();
    for (JsonNode s : evidence.get("statements")) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("statement", s.get("statement").asText());
      List<String> path = new ArrayList<>();
      s.get("inclusionPath").forEach(h -> path.add(h.asText()));
      item.put("inclusionPath", path);
      item.put("receipt", s.hasNonNull("receipt") ? s.get("receipt").asText() : null);
      items.add(item);
    }
    json.put("statements", items);
    json.put(
        "keyBundles",
        List.of(
            Base64.getEncoder().encodeToString(court.keys().bundle().encode()),
            Base64.getEncoder().encodeToString(state.keys().bundle().encode())));
    return EvidenceBundle.decode(
        org.rogatory.hub.support.HubApiClient.JSON.writeValueAsBytes(json));
  }

  @Test
  void evidence_ofADeliveredAndRetrievedMessage_verifiesAgainstTheLogKeysAndTheLog()
      throws Exception {
    EnvelopeFixtures.Sealed m = deliveredMessage();
    SignedStatement receipt = receipt(state.keys(), m, m.messageId(), sha256(m.bytes()));
    Response recorded = postReceipt(state, m, Base64.getEncoder().encodeToString(receipt.encode()));
    assertThat(recorded.status()).as(recorded.toString()).isEqualTo(204);

    JsonNode answer = evidence(court, m, 3);
    VerifiedEvidence v = bundle(answer).verify(logKey.verifierKeys());
    assertThat(v.statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(Type.SUBMISSION_ACCEPTANCE, Type.DELIVERY, Type.RETRIEVAL);
    EvidenceStatement submission = v.submission();
    assertThat(submission.actor()).isEqualTo(PartyId.of(court.id()));
    assertThat(submission.actorKey()).isEqualTo(court.keys().bundle().fingerprint());
    assertThat(submission.recipients()).contains(PartyId.of(state.id()));
    assertThat(submission.envelopeDigest()).isEqualTo(sha256(m.bytes()));
    assertThat(submission.envelopeSize()).isEqualTo(m.bytes().length);
    assertThat(v.statements().get(2).receiptDigest()).isEqualTo(receipt.digest());
    assertThat(v.receipts()).containsExactly(receipt.statement());

    // Each statement names the leaf the log itself serves at that index: the event hash is the
    // log's, not one the evidence made up.
    for (EvidenceStatement s : v.statements()) {
      Response leaves =
          state.client().get("/v1/log/leaves?start=" + s.logIndex() + "&end=" + (s.logIndex() + 1));
      assertThat(leaves.status()).as(leaves.toString()).isEqualTo(200);
      assertThat(leaves.json().get("leaves").get(0).get("eventHash").asText())
          .isEqualTo(Base64.getEncoder().encodeToString(s.eventHash()));
    }

    // The recipient gets the same statements; they are made from the stored events, so asking
    // again signs the very same content.
    JsonNode again = evidence(state, m, 3);
    VerifiedEvidence v2 = bundle(again).verify(logKey.verifierKeys());
    assertThat(v2.statements()).isEqualTo(v.statements());
  }

  @Test
  void evidence_underAnotherLogKey_orWithAStatementMoved_isRejected() throws Exception {
    EnvelopeFixtures.Sealed m = deliveredMessage();
    JsonNode answer = evidence(court, m, 2);
    EvidenceBundle b = bundle(answer);
    assertThatThrownBy(() -> b.verify(LogSigningKey.generate(logKey.origin()).verifierKeys()))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("not the pinned keys");
    // The delivery's proof under the submission's statement: the leaves differ, so it fails.
    com.fasterxml.jackson.databind.node.ObjectNode swapped = answer.deepCopy();
    com.fasterxml.jackson.databind.node.ArrayNode st =
        (com.fasterxml.jackson.databind.node.ArrayNode) swapped.get("statements");
    JsonNode firstPath = st.get(0).get("inclusionPath");
    ((com.fasterxml.jackson.databind.node.ObjectNode) st.get(0))
        .set("inclusionPath", st.get(1).get("inclusionPath"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) st.get(1)).set("inclusionPath", firstPath);
    assertThatThrownBy(() -> bundle(swapped).verify(logKey.verifierKeys()))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("is not included in the checkpoint");
  }

  @Test
  void retrieval_withABadReceipt_isRefusedWithBadReceiptAndNothingIsLogged() throws Exception {
    EnvelopeFixtures.Sealed m = deliveredMessage();
    byte[] digest = sha256(m.bytes());
    Base64.Encoder b64 = Base64.getEncoder();

    Map<String, String> bad = new LinkedHashMap<>();
    bad.put(
        "another envelope",
        b64.encodeToString(receipt(state.keys(), m, m.messageId(), sha256(digest)).encode()));
    bad.put(
        "another message",
        b64.encodeToString(receipt(state.keys(), m, UUID.randomUUID(), digest).encode()));
    bad.put(
        "an unregistered key",
        b64.encodeToString(
            receipt(
                    PartyKeys.generator(PartyId.of(state.id())).generate(),
                    m,
                    m.messageId(),
                    digest)
                .encode()));
    bad.put(
        "another party",
        b64.encodeToString(receipt(court.keys(), m, m.messageId(), digest).encode()));
    byte[] flipped = receipt(state.keys(), m, m.messageId(), digest).encode();
    flipped[flipped.length - 100] ^= 1;
    bad.put("a damaged signature", b64.encodeToString(flipped));
    bad.put("not a statement", b64.encodeToString("hello".getBytes(StandardCharsets.US_ASCII)));
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Response r = postReceipt(state, m, e.getValue());
      assertThat(r.status()).as(e.getKey() + ": " + r).isEqualTo(422);
      assertThat(r.code()).as(e.getKey()).isEqualTo("BAD_RECEIPT");
    }
    Response notBase64 = postReceipt(state, m, "%%%");
    assertThat(notBase64.status()).isEqualTo(400);
    assertThat(notBase64.code()).isEqualTo("INVALID_FIELD");
    Response missing = postReceipt(state, m, null);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.code()).isEqualTo("INVALID_FIELD");

    // None of them reached the log: the evidence shows the submission and the delivery only.
    Thread.sleep(1500); // a checkpoint interval, so a wrongly logged retrieval would show
    JsonNode answer = evidence(court, m, 2);
    assertThat(bundle(answer).verify(logKey.verifierKeys()).statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(Type.SUBMISSION_ACCEPTANCE, Type.DELIVERY);
  }

  @Test
  void evidence_forSomeoneNotAPartyToTheMessage_isNotFound() throws Exception {
    EnvelopeFixtures.Sealed m = deliveredMessage();
    evidence(court, m, 2);
    Response r = stranger.client().get(path(m, "/evidence"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.code()).isEqualTo("NOT_FOUND");
    Response badId =
        court.client().get("/v1/requests/" + m.requestId() + "/messages/not-a-uuid/evidence");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.code()).isEqualTo("INVALID_FIELD");
  }

  /**
   * Runs the retrieval watch until the evidence of {@code m} holds {@code count} statements (the
   * watch's projection and the checkpoints lag a little).
   */
  private VerifiedEvidence afterTheWatch(EnvelopeFixtures.Sealed m, int count) throws Exception {
    long until = System.nanoTime() + 20_000_000_000L;
    while (true) {
      retrievalWatch.checkOnce();
      Response r = court.client().get(path(m, "/evidence"));
      assertThat(r.status()).as(r.toString()).isIn(200, 503);
      if (r.status() == 200 && r.json().get("statements").size() >= count) {
        assertThat(r.json().get("statements").size()).isEqualTo(count);
        return bundle(r.json()).verify(logKey.verifierKeys());
      }
      assertThat(System.nanoTime()).as("evidence of " + count + " statements").isLessThan(until);
      Thread.sleep(300);
    }
  }

  @Test
  void missedRetrievalDeadline_isSignedAsNonRetrievalOrNonDelivery_andALateReceiptStillCounts()
      throws Exception {
    EnvelopeFixtures.Sealed fetchedOnly = deliveredMessage();
    EnvelopeFixtures.Sealed neverFetched = submittedMessage();
    EnvelopeFixtures.Sealed inTime = deliveredMessage();
    SignedStatement onTime =
        receipt(state.keys(), inTime, inTime.messageId(), sha256(inTime.bytes()));
    assertThat(
            postReceipt(state, inTime, Base64.getEncoder().encodeToString(onTime.encode()))
                .status())
        .isEqualTo(204);
    evidence(court, inTime, 3);
    evidence(court, fetchedOnly, 2);
    evidence(court, neverFetched, 1);

    // Before the deadline the watch records nothing.
    clock.advance(Duration.ofDays(6));
    Thread.sleep(1500); // the watch's projection follows the log
    retrievalWatch.checkOnce();
    Thread.sleep(1500); // a checkpoint interval, so a wrongly logged event would show
    evidence(court, fetchedOnly, 2);
    evidence(court, neverFetched, 1);

    java.util.concurrent.BlockingQueue<org.rogatory.hub.support.HubApiClient.Sse> courtEvents =
        new java.util.concurrent.LinkedBlockingQueue<>();
    AutoCloseable pushed = court.client().events(null, courtEvents);

    clock.advance(Duration.ofDays(2));
    VerifiedEvidence nonRetrieval = afterTheWatch(fetchedOnly, 3);
    assertThat(nonRetrieval.statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(Type.SUBMISSION_ACCEPTANCE, Type.DELIVERY, Type.NON_RETRIEVAL);
    EvidenceStatement missed = nonRetrieval.statements().get(2);
    assertThat(missed.actor()).isEqualTo(PartyId.of(state.id()));
    assertThat(missed.actorKey()).isNull();
    // The deadline fixed at submission: the accepted time plus the default seven days.
    assertThat(missed.time()).isEqualTo(nonRetrieval.submission().time().plus(Duration.ofDays(7)));
    assertThat(missed.logIndex()).isGreaterThan(nonRetrieval.statements().get(1).logIndex());

    VerifiedEvidence nonDelivery = afterTheWatch(neverFetched, 2);
    assertThat(nonDelivery.statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(Type.SUBMISSION_ACCEPTANCE, Type.NON_DELIVERY);
    // The recipient gets the same statement; asking again records nothing more.
    retrievalWatch.checkOnce();
    Thread.sleep(1500);
    assertThat(bundle(evidence(state, neverFetched, 2)).verify(logKey.verifierKeys()).statements())
        .isEqualTo(nonDelivery.statements());

    // The sender is told on its push channel, once per missed deadline, with which of the two.
    Map<String, String> missedDeadlines = new LinkedHashMap<>();
    long pushUntil = System.nanoTime() + 20_000_000_000L;
    while (missedDeadlines.size() < 2 && System.nanoTime() < pushUntil) {
      org.rogatory.hub.support.HubApiClient.Sse e =
          courtEvents.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (e != null && e.event().equals("message-not-retrieved")) {
        assertThat(e.data().get("actor").asText()).isEqualTo(state.id());
        assertThat(
                missedDeadlines.put(
                    e.data().get("messageId").asText(), e.data().get("detail").asText()))
            .as("one notification per missed deadline")
            .isNull();
      }
    }
    pushed.close();
    assertThat(missedDeadlines)
        .containsOnly(
            Map.entry(fetchedOnly.messageId().toString(), "non-retrieval"),
            Map.entry(neverFetched.messageId().toString(), "non-delivery"));

    // Retrieved in time: no missed deadline, however often the watch looks.
    assertThat(bundle(evidence(court, inTime, 3)).verify(logKey.verifierKeys()).statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(Type.SUBMISSION_ACCEPTANCE, Type.DELIVERY, Type.RETRIEVAL);

    // A late receipt is still verified and logged, after the non-retrieval.
    SignedStatement late =
        receipt(state.keys(), fetchedOnly, fetchedOnly.messageId(), sha256(fetchedOnly.bytes()));
    assertThat(
            postReceipt(state, fetchedOnly, Base64.getEncoder().encodeToString(late.encode()))
                .status())
        .isEqualTo(204);
    VerifiedEvidence both = bundle(evidence(court, fetchedOnly, 4)).verify(logKey.verifierKeys());
    assertThat(both.statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(
            Type.SUBMISSION_ACCEPTANCE, Type.DELIVERY, Type.NON_RETRIEVAL, Type.RETRIEVAL);
    assertThat(both.statements().get(3).time()).isAfter(missed.time());
    assertThat(both.receipts()).containsExactly(late.statement());
  }
}
