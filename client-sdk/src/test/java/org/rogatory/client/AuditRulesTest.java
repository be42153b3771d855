package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.rogatory.client.AuditBundleFixtures.History;

/**
 * One test per domain rule of docs/spec/audit-bundle.md section 5, on histories built to break it.
 */
class AuditRulesTest {
  private static final String REQ = "req-9";
  private static final String M1 = "00000000-0000-4000-8000-0000000000a1";
  private static final String FP_COURT = "11".repeat(32);
  private static final String FP_STATE = "22".repeat(32);

  /** Court organ, State and auditor enrolled, each with a key known by fingerprint. */
  private static History parties() {
    History h = new History();
    h.enrol("court.registry", "COURT_ORGAN").key("court.registry", FP_COURT, "AAAA");
    h.enrol("state.nl", "CENTRAL_AUTHORITY").key("state.nl", FP_STATE, "AAAA");
    h.enrol("oversight.body", "AUDITOR");
    return h;
  }

  private static History opened() {
    return parties().open(REQ, "court.registry", "state.nl");
  }

  /** Applies every event; returns the exception of the first broken rule. */
  private static LogAuditException firstBroken(History h) {
    AuditRules rules = new AuditRules();
    for (AuditEvent e : h.events) {
      try {
        rules.apply(e);
      } catch (LogAuditException x) {
        return x;
      }
    }
    throw new AssertionError("no rule was broken");
  }

  private static void assertBroken(History h, String rule) {
    LogAuditException e = firstBroken(h);
    assertThat(e.getMessage()).contains("domain rule " + rule);
    assertThat(e.leafIndex()).isEqualTo(h.events.size() - 1); // the last event added broke it
  }

  @Test
  void lawfulHistory_breaksNoRule_andChecksItsReceipts() throws Exception {
    AuditRules rules = new AuditRules();
    for (AuditEvent e : History.lawful().events) {
      rules.apply(e);
    }
    assertThat(rules.receipts()).isEqualTo(2);
  }

  @Test
  void p1_partyEnrolledTwice() {
    assertBroken(parties().enrol("state.nl", "ORGANISATION"), "P1");
  }

  @Test
  void p2_revokingAKeyNeverRegistered() {
    assertBroken(parties().revoke("state.nl", "33".repeat(32)), "P2");
  }

  @Test
  void p3_partyNamedBeforeEnrolment() {
    assertBroken(parties().open(REQ, "court.registry", "state.fr"), "P3");
  }

  @Test
  void r1_requestOpenedByANonCourtParty() {
    assertBroken(parties().open(REQ, "state.nl", "court.registry"), "R1");
  }

  @Test
  void r1_requestAddressedToAnAuditor() {
    assertBroken(parties().open(REQ, "court.registry", "oversight.body"), "R1");
  }

  @Test
  void r1_requestOpenedTwice() {
    assertBroken(opened().open(REQ, "court.registry", "state.nl"), "R1");
  }

  @Test
  void r2_eventOnARequestNotOpened() {
    assertBroken(
        parties()
            .status("req-unknown", "RequestAcknowledgedEvent", "acknowledgedBy", "state.nl", ""),
        "R2");
  }

  @Test
  void r2_messageOnARequestBeforeItWasOpened() {
    History h = parties().submit(REQ, M1, "court.registry", FP_COURT, "state.nl");
    assertBroken(h, "R2");
  }

  @Test
  void r3_statusMovesAlongAnIllegalEdge() {
    // OPEN -> IN_EXECUTION skips the acknowledgement
    assertBroken(
        opened().status(REQ, "ExecutionStartedEvent", "actingParty", "state.nl", ""), "R3");
  }

  @Test
  void r3_closedWithoutOutcomeAndNotWithdrawn() {
    assertBroken(
        opened()
            .status(
                REQ, "RequestClosedEvent", "closedBy", "court.registry", ",\"withdrawn\":false"),
        "R3");
  }

  @Test
  void r3_withdrawnRequestMayCloseFromAnyOpenStatus() {
    History h =
        opened()
            .status(REQ, "RequestClosedEvent", "closedBy", "court.registry", ",\"withdrawn\":true");
    AuditRules rules = new AuditRules();
    for (AuditEvent e : h.events) {
      try {
        rules.apply(e);
      } catch (LogAuditException x) {
        throw new AssertionError(x.getMessage());
      }
    }
    // and nothing moves a closed request
    assertBroken(
        h.status(REQ, "RequestClosedEvent", "closedBy", "court.registry", ",\"withdrawn\":true"),
        "R3");
  }

  @Test
  void r4_actionReservedToTheAddresseeTakenByTheCourt() {
    assertBroken(
        opened().status(REQ, "RequestAcknowledgedEvent", "acknowledgedBy", "court.registry", ""),
        "R4");
  }

  @Test
  void m1_messageToAPartyOutsideTheRequest() {
    assertBroken(opened().submit(REQ, M1, "court.registry", FP_COURT, "oversight.body"), "M1");
  }

  @Test
  void m1_messageOnAClosedRequest() {
    History h =
        opened()
            .status(REQ, "RequestClosedEvent", "closedBy", "court.registry", ",\"withdrawn\":true")
            .submit(REQ, M1, "court.registry", FP_COURT, "state.nl");
    assertBroken(h, "M1");
  }

  @Test
  void m1_messageSubmittedTwice() {
    History h =
        opened()
            .submit(REQ, M1, "court.registry", FP_COURT, "state.nl")
            .submit(REQ, M1, "court.registry", FP_COURT, "state.nl");
    assertBroken(h, "M1");
  }

  @Test
  void r4_messageSentByAPartyOutsideTheRequest() {
    History h = opened();
    h.key("oversight.body", "44".repeat(32), "AAAA");
    assertBroken(h.submit(REQ, M1, "oversight.body", "44".repeat(32), "state.nl"), "R4");
  }

  @Test
  void m2_messageDeliveredToANonRecipient() {
    History h =
        opened()
            .submit(REQ, M1, "court.registry", FP_COURT, "state.nl")
            .deliver(REQ, M1, "court.registry");
    assertBroken(h, "M2");
  }

  @Test
  void m2_messageDeliveredBeforeItWasSubmitted() {
    assertBroken(opened().deliver(REQ, M1, "state.nl"), "M2");
  }

  @Test
  void k1_messageSignedWithARevokedKey() {
    History h =
        opened()
            .revoke("court.registry", FP_COURT)
            .submit(REQ, M1, "court.registry", FP_COURT, "state.nl");
    assertBroken(h, "K1");
  }

  @Test
  void k1_messageSignedWithAKeyNeverRegistered() {
    assertBroken(opened().submit(REQ, M1, "court.registry", "55".repeat(32), "state.nl"), "K1");
  }

  @Test
  void s1_suspendedPartyActs_andActsAgainOnceReinstated() {
    History h = opened().suspend("state.nl");
    History broken = h;
    broken.status(REQ, "RequestAcknowledgedEvent", "acknowledgedBy", "state.nl", "");
    assertBroken(broken, "S1");

    History reinstated = opened().suspend("state.nl").reinstate("state.nl");
    reinstated.status(REQ, "RequestAcknowledgedEvent", "acknowledgedBy", "state.nl", "");
    AuditRules rules = new AuditRules();
    for (AuditEvent e : reinstated.events) {
      try {
        rules.apply(e);
      } catch (LogAuditException x) {
        throw new AssertionError(x.getMessage());
      }
    }
  }

  @Test
  void s1_messageDeliveredToASuspendedRecipient() {
    History h =
        opened()
            .submit(REQ, M1, "court.registry", FP_COURT, "state.nl")
            .suspend("state.nl")
            .deliver(REQ, M1, "state.nl");
    assertBroken(h, "S1");
  }

  @Test
  void e1_receiptThatIsNotTheRecordedDigest() {
    History h = History.lawful();
    AuditEvent last = h.events.get(9);
    assertThat(last.payloadType()).endsWith("MessageRetrievedEvent");
    String p = new String(last.payload(), StandardCharsets.UTF_8);
    String forged = p.replaceFirst("\"receiptDigest\":\"[0-9a-f]", "\"receiptDigest\":\"x");
    History cut = new History();
    for (int i = 0; i < 9; i++) {
      cut.events.add(h.events.get(i));
    }
    cut.events.add(
        new AuditEvent(
            9,
            last.eventId(),
            last.aggregateType(),
            last.aggregateId(),
            last.aggregateSequence(),
            last.timestamp(),
            last.payloadType(),
            last.payloadRevision(),
            forged.getBytes(StandardCharsets.UTF_8),
            last.metadata(),
            last.hash()));
    assertBroken(cut, "E1");
  }

  @Test
  void k2_receiptSignedWithAKeyRevokedBefore() {
    History h = History.lawful();
    // revoke state.nl's key, then replay up to its retrieval receipt
    History replay = new History();
    for (int i = 0; i < 9; i++) {
      replay.events.add(h.events.get(i));
    }
    AuditEvent revoke =
        new History().enrol("x.y", "ORGANISATION").events.get(0); // shape only, replaced below
    String fp = fingerprintOfState(h);
    String payload =
        "{\"partyId\":\"state.nl\",\"keyFingerprint\":\""
            + fp
            + "\",\"reason\":\"lost\",\"by\":\"admin\",\"at\":\"2026-12-01T09:00:00Z\"}";
    replay.events.add(
        new AuditEvent(
            9,
            revoke.eventId(),
            "Party",
            "state.nl",
            2,
            revoke.timestamp(),
            AuditRules.PARTY + "KeyBundleRevokedEvent",
            "1",
            payload.getBytes(StandardCharsets.UTF_8),
            revoke.metadata(),
            revoke.hash()));
    AuditEvent retrieval = h.events.get(9);
    replay.events.add(
        new AuditEvent(
            10,
            retrieval.eventId(),
            retrieval.aggregateType(),
            retrieval.aggregateId(),
            retrieval.aggregateSequence(),
            retrieval.timestamp(),
            retrieval.payloadType(),
            retrieval.payloadRevision(),
            retrieval.payload(),
            retrieval.metadata(),
            retrieval.hash()));
    assertBroken(replay, "K2");
  }

  private static String fingerprintOfState(History h) {
    String p = new String(h.events.get(3).payload(), StandardCharsets.UTF_8);
    int i = p.indexOf("\"keyFingerprint\":\"") + "\"keyFingerprint\":\"".length();
    return p.substring(i, i + 64);
  }

  @Test
  void f1_payloadThatIsNotJson() {
    History h = parties();
    h.add(AuditRules.PARTY + "PartySuspendedEvent", "Party", "state.nl", "{not json");
    assertThatThrownBy(() -> firstBrokenOrThrow(h))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("domain rule F1");
  }

  private static void firstBrokenOrThrow(History h) throws LogAuditException {
    AuditRules rules = new AuditRules();
    for (AuditEvent e : h.events) {
      rules.apply(e);
    }
  }

  /** A message from the Court to the State, with its retrieval deadline in a week. */
  private static History sent() {
    return opened().submit(REQ, M1, "court.registry", FP_COURT, "state.nl");
  }

  /** As {@link #sent}, with real keys, so that the State can sign retrieval receipts. */
  private static History sentWithRealKeys() {
    History h = new History();
    h.enrol("court.registry", "COURT_ORGAN").key("court.registry");
    h.enrol("state.nl", "CENTRAL_AUTHORITY").key("state.nl");
    h.open(REQ, "court.registry", "state.nl");
    return h.submit(REQ, M1, "court.registry", h.fingerprint("court.registry"), "state.nl");
  }

  /** Eight days on, the hub records that {@code recipient} missed the last message's deadline. */
  private static History missed(History h, String recipient, boolean delivered) {
    return h.advance(java.time.Duration.ofDays(8))
        .notRetrieved(REQ, M1, recipient, delivered, h.retrievalDeadline());
  }

  @Test
  void nonRetrievalAfterTheDeadline_thenALateRetrieval_breaksNoRule() throws Exception {
    History h = missed(sentWithRealKeys().deliver(REQ, M1, "state.nl"), "state.nl", true);
    h.retrieve(REQ, M1, "state.nl");
    AuditRules rules = new AuditRules();
    for (AuditEvent e : h.events) {
      rules.apply(e);
    }
    assertThat(rules.receipts()).isEqualTo(1);
  }

  @Test
  void n1_nonRetrievalBeforeTheDeadline() {
    History h = sent();
    String due = h.retrievalDeadline();
    h.advance(java.time.Duration.ofDays(6));
    assertBroken(h.notRetrieved(REQ, M1, "state.nl", false, due), "N1");
  }

  @Test
  void n1_nonRetrievalNamingAnotherDeadlineThanTheMessages() {
    History h = sent().advance(java.time.Duration.ofDays(8));
    assertBroken(h.notRetrieved(REQ, M1, "state.nl", false, "2026-12-02T09:00:00Z"), "N1");
  }

  @Test
  void n1_nonRetrievalOfAMessageWithoutADeadline() {
    History h = opened();
    h.add(
        AuditRules.REQUEST + "MessageSubmittedEvent",
        "CooperationRequest",
        REQ,
        "{\"requestId\":\""
            + REQ
            + "\",\"messageId\":\""
            + M1
            + "\",\"sender\":\"court.registry\",\"senderKeyFingerprint\":\""
            + FP_COURT
            + "\",\"recipientParties\":[\"state.nl\"],\"envelopeDigest\":\""
            + AuditBundleFixtures.digestOf(M1)
            + "\",\"envelopeSize\":4096}");
    h.advance(java.time.Duration.ofDays(8));
    assertBroken(h.notRetrieved(REQ, M1, "state.nl", false, "2026-12-08T09:00:00Z"), "N1");
  }

  @Test
  void n1_nonRetrievalOfTheSendersOwnCopy() {
    History h = opened().submit(REQ, M1, "court.registry", FP_COURT, "state.nl", "court.registry");
    assertBroken(missed(h, "court.registry", false), "N1");
  }

  @Test
  void m2_nonRetrievalForAPartyThatIsNotARecipient() {
    assertBroken(missed(sent(), "court.registry", false), "M2");
  }

  @Test
  void n2_nonRetrievalAfterTheRecipientsRetrieval() {
    History h = sentWithRealKeys().deliver(REQ, M1, "state.nl").retrieve(REQ, M1, "state.nl");
    assertBroken(missed(h, "state.nl", true), "N2");
  }

  @Test
  void n2_nonRetrievalRecordedTwice() {
    assertBroken(missed(missed(sent(), "state.nl", false), "state.nl", false), "N2");
  }

  @Test
  void n3_nonDeliveryOfAnEnvelopeTheRecipientFetched_andTheReverse() {
    assertBroken(missed(sent().deliver(REQ, M1, "state.nl"), "state.nl", false), "N3");
    assertBroken(missed(sent(), "state.nl", true), "N3");
  }
}
