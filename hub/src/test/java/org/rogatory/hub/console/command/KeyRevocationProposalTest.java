package org.rogatory.hub.console.command;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.console.api.ConsoleCommands.ApproveKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposeKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationProposedEvent;
import org.rogatory.hub.console.api.ConsoleRejectedException;

class KeyRevocationProposalTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private AggregateTestFixture<KeyRevocationProposal> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(KeyRevocationProposal.class);
  }

  private static KeyRevocationProposedEvent proposed() {
    return new KeyRevocationProposedEvent("k1", "state.ke", "ab12", "lost laptop", "ana", T0);
  }

  @Test
  void propose_withReason_isRecorded() {
    fixture
        .givenNoPriorActivity()
        .when(new ProposeKeyRevocationCommand("k1", "state.ke", "ab12", "lost laptop", "ana", T0))
        .expectEvents(proposed());
  }

  @Test
  void approve_byAnotherAdministrator_isRecorded() {
    fixture
        .given(proposed())
        .when(new ApproveKeyRevocationCommand("k1", "ben", T0.plusSeconds(5)))
        .expectEvents(
            new KeyRevocationApprovedEvent(
                "k1", "state.ke", "ab12", "ana", "ben", T0.plusSeconds(5)));
  }

  @Test
  void approve_byTheProposer_isRefused() {
    fixture
        .given(proposed())
        .when(new ApproveKeyRevocationCommand("k1", "ana", T0.plusSeconds(5)))
        .expectNoEvents()
        .expectException(ConsoleRejectedException.class);
  }
}
