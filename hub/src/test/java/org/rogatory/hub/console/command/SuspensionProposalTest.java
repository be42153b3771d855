package org.rogatory.hub.console.command;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.console.api.ConsoleCommands.ApprovePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionProposedEvent;
import org.rogatory.hub.console.api.ConsoleRejectedException;

class SuspensionProposalTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private AggregateTestFixture<SuspensionProposal> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(SuspensionProposal.class);
  }

  private static PartySuspensionProposedEvent proposed() {
    return new PartySuspensionProposedEvent("p1", "state.ke", "key compromise", "ana", T0);
  }

  @Test
  void propose_withReason_isRecorded() {
    fixture
        .givenNoPriorActivity()
        .when(new ProposePartySuspensionCommand("p1", "state.ke", "key compromise", "ana", T0))
        .expectEvents(proposed());
  }

  @Test
  void propose_withoutReason_isRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new ProposePartySuspensionCommand("p1", "state.ke", " ", "ana", T0))
        .expectException(ConsoleRejectedException.class);
  }

  @Test
  void approve_byAnotherAdministrator_isRecorded() {
    fixture
        .given(proposed())
        .when(new ApprovePartySuspensionCommand("p1", "ben", T0.plusSeconds(60)))
        .expectEvents(
            new PartySuspensionApprovedEvent("p1", "state.ke", "ana", "ben", T0.plusSeconds(60)));
  }

  @Test
  void approve_byTheProposer_isRefused() {
    fixture
        .given(proposed())
        .when(new ApprovePartySuspensionCommand("p1", "ana", T0.plusSeconds(60)))
        .expectNoEvents()
        .expectExceptionMessage("you proposed this; a different administrator must approve it");
  }

  @Test
  void approve_twice_isRefused() {
    fixture
        .given(
            proposed(),
            new PartySuspensionApprovedEvent("p1", "state.ke", "ana", "ben", T0.plusSeconds(60)))
        .when(new ApprovePartySuspensionCommand("p1", "carla", T0.plusSeconds(120)))
        .expectNoEvents()
        .expectException(ConsoleRejectedException.class);
  }
}
