package org.rogatory.hub.console.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.rogatory.hub.console.api.ConsoleCommands.ApproveKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposeKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationProposedEvent;

/**
 * Four-eyes for revoking one of a party's key bundles: one administrator proposes, a different one
 * approves; both steps are facts in the history.
 */
@Aggregate
public class KeyRevocationProposal extends PartyActionProposal {
  private String keyFingerprint;

  protected KeyRevocationProposal() {}

  @CommandHandler
  public KeyRevocationProposal(ProposeKeyRevocationCommand c) {
    require(
        c.partyId(),
        c.reason(),
        c.proposedBy(),
        c.keyFingerprint() != null,
        "a key revocation proposal needs a party, a key, a reason and a proposer");
    apply(
        new KeyRevocationProposedEvent(
            c.proposalId(),
            c.partyId(),
            c.keyFingerprint(),
            c.reason().strip(),
            c.proposedBy(),
            c.at()));
  }

  @CommandHandler
  public void handle(ApproveKeyRevocationCommand c) {
    checkApproval(c.approvedBy());
    apply(
        new KeyRevocationApprovedEvent(
            proposalId(), partyId(), keyFingerprint, proposedBy(), c.approvedBy(), c.at()));
  }

  @EventSourcingHandler
  void on(KeyRevocationProposedEvent e) {
    proposed(e.proposalId(), e.partyId(), e.proposedBy());
    this.keyFingerprint = e.keyFingerprint();
  }

  @EventSourcingHandler
  void on(KeyRevocationApprovedEvent e) {
    approved();
  }
}
