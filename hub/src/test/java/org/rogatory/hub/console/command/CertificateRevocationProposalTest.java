package org.rogatory.hub.console.command;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.console.api.ConsoleCommands.ApproveCertificateRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposeCertificateRevocationCommand;
import org.rogatory.hub.console.api.ConsoleEvents.CertificateRevocationApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.CertificateRevocationProposedEvent;
import org.rogatory.hub.console.api.ConsoleRejectedException;

class CertificateRevocationProposalTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private AggregateTestFixture<CertificateRevocationProposal> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(CertificateRevocationProposal.class);
  }

  private static CertificateRevocationProposedEvent proposed() {
    return new CertificateRevocationProposedEvent(
        "c1", "court.otp", "0a1b2c", "server decommissioned", "ana", T0);
  }

  @Test
  void propose_withReason_isRecorded() {
    fixture
        .givenNoPriorActivity()
        .when(
            new ProposeCertificateRevocationCommand(
                "c1", "court.otp", "0a1b2c", "  server decommissioned ", "ana", T0))
        .expectEvents(proposed());
  }

  @Test
  void propose_withoutCertificate_isRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new ProposeCertificateRevocationCommand("c1", "court.otp", " ", "why", "ana", T0))
        .expectNoEvents()
        .expectException(ConsoleRejectedException.class);
  }

  @Test
  void approve_byAnotherAdministrator_isRecorded() {
    fixture
        .given(proposed())
        .when(new ApproveCertificateRevocationCommand("c1", "ben", T0.plusSeconds(5)))
        .expectEvents(
            new CertificateRevocationApprovedEvent(
                "c1", "court.otp", "0a1b2c", "ana", "ben", T0.plusSeconds(5)));
  }

  @Test
  void approve_byTheProposer_isRefused() {
    fixture
        .given(proposed())
        .when(new ApproveCertificateRevocationCommand("c1", "ana", T0.plusSeconds(5)))
        .expectNoEvents()
        .expectException(ConsoleRejectedException.class);
  }

  @Test
  void approve_twice_isRefused() {
    fixture
        .given(
            proposed(),
            new CertificateRevocationApprovedEvent(
                "c1", "court.otp", "0a1b2c", "ana", "ben", T0.plusSeconds(5)))
        .when(new ApproveCertificateRevocationCommand("c1", "carl", T0.plusSeconds(9)))
        .expectNoEvents()
        .expectException(ConsoleRejectedException.class);
  }
}
