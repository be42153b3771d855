package org.rogatory.hub.party.command;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.party.api.EnrolmentResult;
import org.rogatory.hub.party.api.PartyCommands.CompleteEnrolmentCommand;
import org.rogatory.hub.party.api.PartyCommands.EnrolPartyCommand;
import org.rogatory.hub.party.api.PartyCommands.IssueEnrolmentCodeCommand;
import org.rogatory.hub.party.api.PartyCommands.RegisterKeyBundleCommand;
import org.rogatory.hub.party.api.PartyCommands.RegisterWitnessKeyCommand;
import org.rogatory.hub.party.api.PartyCommands.ReinstatePartyCommand;
import org.rogatory.hub.party.api.PartyCommands.RevokeCertificateCommand;
import org.rogatory.hub.party.api.PartyCommands.RevokeKeyBundleCommand;
import org.rogatory.hub.party.api.PartyCommands.SuspendPartyCommand;
import org.rogatory.hub.party.api.PartyEvents.CertificateIssuedEvent;
import org.rogatory.hub.party.api.PartyEvents.CertificateRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.EnrolmentAttemptRejectedEvent;
import org.rogatory.hub.party.api.PartyEvents.EnrolmentCodeIssuedEvent;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRegisteredEvent;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyEnrolledEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyReinstatedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartySuspendedEvent;
import org.rogatory.hub.party.api.PartyEvents.WitnessKeyRegisteredEvent;
import org.rogatory.hub.party.api.PartyKind;
import org.rogatory.hub.party.api.PartyRejectedException;

class PartyTest {
  private static final String ID = "state.nl";
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant EXPIRES = T0.plus(Duration.ofDays(7));
  private FixtureConfiguration<Party> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Party.class);
  }

  private static PartyEnrolledEvent enrolled() {
    return new PartyEnrolledEvent(
        ID,
        PartyKind.CENTRAL_AUTHORITY,
        "Netherlands, Ministry of Justice",
        "code-digest",
        EXPIRES,
        "admin",
        T0);
  }

  private static CompleteEnrolmentCommand complete(String code, Instant at) {
    return new CompleteEnrolmentCommand(ID, code, "serial-1", "bundle", "fp-1", 1, at);
  }

  @Test
  void enrol_recordsCodeDigestNotCode() {
    fixture
        .givenNoPriorActivity()
        .when(
            new EnrolPartyCommand(
                ID,
                PartyKind.CENTRAL_AUTHORITY,
                "Netherlands, Ministry of Justice",
                "code-digest",
                EXPIRES,
                "admin",
                T0))
        .expectEvents(enrolled());
  }

  @Test
  void enrol_withExpiredCodeOrNoName_isRejected() {
    fixture
        .givenNoPriorActivity()
        .when(new EnrolPartyCommand(ID, PartyKind.ORGANISATION, "x", "d", T0, "admin", T0))
        .expectException(PartyRejectedException.class)
        .expectNoEvents();
    fixture
        .givenNoPriorActivity()
        .when(new EnrolPartyCommand(ID, PartyKind.ORGANISATION, " ", "d", EXPIRES, "admin", T0))
        .expectException(PartyRejectedException.class);
  }

  @Test
  void completeEnrolment_withRightCode_issuesCertificateAndRegistersBundle() {
    fixture
        .given(enrolled())
        .when(complete("code-digest", T0.plusSeconds(60)))
        .expectResultMessagePayload(EnrolmentResult.success())
        .expectEvents(
            new CertificateIssuedEvent(ID, "serial-1", T0.plusSeconds(60)),
            new KeyBundleRegisteredEvent(ID, "bundle", "fp-1", "primary", 1, T0.plusSeconds(60)));
  }

  @Test
  void completeEnrolment_withWrongExpiredOrReusedCode_isRecordedAndRefused() {
    fixture
        .given(enrolled())
        .when(complete("wrong", T0))
        .expectResultMessagePayload(
            EnrolmentResult.refused(
                PartyRejectedException.Code.ENROLMENT_CODE_INVALID,
                "the enrolment code is not the one issued for this party"))
        .expectEvents(
            new EnrolmentAttemptRejectedEvent(
                ID, "the enrolment code is not the one issued for this party", T0));
    fixture
        .given(enrolled())
        .when(complete("code-digest", EXPIRES))
        .expectEvents(
            new EnrolmentAttemptRejectedEvent(
                ID, "the enrolment code has expired; ask the Registry for a new one", EXPIRES));
    fixture
        .given(enrolled(), new CertificateIssuedEvent(ID, "serial-1", T0))
        .when(complete("code-digest", T0))
        .expectEvents(
            new EnrolmentAttemptRejectedEvent(
                ID,
                "the enrolment code was already used; ask the Registry for a new one if needed",
                T0));
  }

  @Test
  void aFreshCode_replacesTheOldOne_andLetsTheOperatorEnrolAgain() {
    Instant later = T0.plus(Duration.ofDays(30));
    Instant laterExpiry = later.plus(Duration.ofDays(7));
    fixture
        .given(enrolled(), new CertificateIssuedEvent(ID, "serial-1", T0))
        .when(new IssueEnrolmentCodeCommand(ID, "fresh-digest", laterExpiry, "admin", later))
        .expectEvents(
            new EnrolmentCodeIssuedEvent(ID, "fresh-digest", laterExpiry, "admin", later));
    // The old code no longer works; the fresh one does, once.
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new EnrolmentCodeIssuedEvent(ID, "fresh-digest", laterExpiry, "admin", later))
        .when(complete("code-digest", later))
        .expectEvents(
            new EnrolmentAttemptRejectedEvent(
                ID, "the enrolment code is not the one issued for this party", later));
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new EnrolmentCodeIssuedEvent(ID, "fresh-digest", laterExpiry, "admin", later))
        .when(
            new CompleteEnrolmentCommand(
                ID, "fresh-digest", "serial-2", "bundle", "fp-1", 1, later))
        .expectResultMessagePayload(EnrolmentResult.success())
        .expectEvents(
            new CertificateIssuedEvent(ID, "serial-2", later),
            new KeyBundleRegisteredEvent(ID, "bundle", "fp-1", "primary", 1, later));
    // Enrolling again with the keys already registered renews only the certificate.
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new KeyBundleRegisteredEvent(ID, "bundle", "fp-1", "primary", 1, T0),
            new EnrolmentCodeIssuedEvent(ID, "fresh-digest", laterExpiry, "admin", later))
        .when(
            new CompleteEnrolmentCommand(
                ID, "fresh-digest", "serial-2", "bundle", "fp-1", 1, later))
        .expectResultMessagePayload(EnrolmentResult.success())
        .expectEvents(new CertificateIssuedEvent(ID, "serial-2", later));
    // A code that expires in the past is refused outright.
    fixture
        .given(enrolled())
        .when(new IssueEnrolmentCodeCommand(ID, "d", later, "admin", later))
        .expectException(PartyRejectedException.class);
  }

  @Test
  void registerKeyBundle_needsNewerVersionPerDevice() {
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new KeyBundleRegisteredEvent(ID, "bundle", "fp-1", "primary", 1, T0))
        .when(new RegisterKeyBundleCommand(ID, "b2", "fp-2", "primary", 1, T0))
        .expectException(PartyRejectedException.class)
        .expectNoEvents();
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new KeyBundleRegisteredEvent(ID, "bundle", "fp-1", "primary", 1, T0))
        .when(new RegisterKeyBundleCommand(ID, "b2", "fp-2", "laptop", 1, T0))
        .expectEvents(new KeyBundleRegisteredEvent(ID, "b2", "fp-2", "laptop", 1, T0));
  }

  @Test
  void registerWitnessKey_isRecorded_onceForTheSameKey_andOnlyForAnActiveParty() {
    fixture
        .given(enrolled(), new CertificateIssuedEvent(ID, "serial-1", T0))
        .when(new RegisterWitnessKeyCommand(ID, "w+00000000+key", T0))
        .expectEvents(new WitnessKeyRegisteredEvent(ID, "w+00000000+key", T0));
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new WitnessKeyRegisteredEvent(ID, "w+00000000+key", T0))
        .when(new RegisterWitnessKeyCommand(ID, "w+00000000+key", T0))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new PartySuspendedEvent(ID, "investigation", "admin", T0))
        .when(new RegisterWitnessKeyCommand(ID, "w+00000000+key", T0))
        .expectException(PartyRejectedException.class)
        .expectExceptionMessage("the party is suspended");
  }

  @Test
  void registerKeyBundle_beforeEnrolmentOrWhileSuspended_isRejected() {
    fixture
        .given(enrolled())
        .when(new RegisterKeyBundleCommand(ID, "b2", "fp-2", "primary", 2, T0))
        .expectException(PartyRejectedException.class)
        .expectExceptionMessage("the party has not completed enrolment");
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new PartySuspendedEvent(ID, "investigation", "admin", T0))
        .when(new RegisterKeyBundleCommand(ID, "b2", "fp-2", "primary", 2, T0))
        .expectException(PartyRejectedException.class)
        .expectExceptionMessage("the party is suspended");
  }

  @Test
  void revocations_ofKnownKeysAndCertificates_areRecorded_unknownOnesRefused() {
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new KeyBundleRegisteredEvent(ID, "bundle", "fp-1", "primary", 1, T0))
        .when(new RevokeKeyBundleCommand(ID, "fp-1", "device lost", "admin", T0))
        .expectEvents(new KeyBundleRevokedEvent(ID, "fp-1", "device lost", "admin", T0));
    fixture
        .given(enrolled(), new CertificateIssuedEvent(ID, "serial-1", T0))
        .when(new RevokeKeyBundleCommand(ID, "fp-9", "?", "admin", T0))
        .expectException(PartyRejectedException.class);
    fixture
        .given(enrolled(), new CertificateIssuedEvent(ID, "serial-1", T0))
        .when(new RevokeCertificateCommand(ID, "serial-1", "compromised", "admin", T0))
        .expectEvents(new CertificateRevokedEvent(ID, "serial-1", "compromised", "admin", T0));
    fixture
        .given(
            enrolled(),
            new CertificateIssuedEvent(ID, "serial-1", T0),
            new CertificateRevokedEvent(ID, "serial-1", "compromised", "admin", T0))
        .when(new RevokeCertificateCommand(ID, "serial-1", "again", "admin", T0))
        .expectException(PartyRejectedException.class);
  }

  @Test
  void suspendAndReinstate_alternate() {
    fixture
        .given(enrolled())
        .when(new SuspendPartyCommand(ID, "investigation", "admin", T0))
        .expectEvents(new PartySuspendedEvent(ID, "investigation", "admin", T0));
    fixture
        .given(enrolled(), new PartySuspendedEvent(ID, "investigation", "admin", T0))
        .when(new SuspendPartyCommand(ID, "again", "admin", T0))
        .expectException(PartyRejectedException.class);
    fixture
        .given(enrolled(), new PartySuspendedEvent(ID, "investigation", "admin", T0))
        .when(new ReinstatePartyCommand(ID, "admin", T0))
        .expectEvents(new PartyReinstatedEvent(ID, "admin", T0));
    fixture
        .given(enrolled())
        .when(new ReinstatePartyCommand(ID, "admin", T0))
        .expectException(PartyRejectedException.class);
  }
}
