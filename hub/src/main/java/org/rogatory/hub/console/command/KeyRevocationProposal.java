package org.rogatory.hub.console.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.rogatory.hub.console.api.ConsoleCommands.ApproveKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposeKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationProposedEvent;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;

/**
 * Four-eyes for revoking one of a party's key bundles: one administrator proposes, a different one
 * approves; both steps are facts in the history.
 */
@Aggregate
public class KeyRevocationProposal {
  @AggregateIdentifier private String proposalId;
  private String partyId;
  private String keyFingerprint;
  private String proposedBy;
  private boolean approved;

  protected KeyRevocationProposal() {}

  @CommandHandler
  public KeyRevocationProposal(ProposeKeyRevocationCommand c) {
    if (c.partyId() == null
        || c.keyFingerprint() == null
        || c.reason() == null
        || c.reason().isBlank()
        || c.proposedBy() == null
        || c.proposedBy().isBlank()) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT,
          "a key revocation proposal needs a party, a key, a reason and a proposer");
    }
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
    FourEyesPolicy.checkApproval(approved, proposedBy, c.approvedBy());
    apply(
        new KeyRevocationApprovedEvent(
            proposalId, partyId, keyFingerprint, proposedBy, c.approvedBy(), c.at()));
  }

  @EventSourcingHandler
  void on(KeyRevocationProposedEvent e) {
    this.proposalId = e.proposalId();
    this.partyId = e.partyId();
    this.keyFingerprint = e.keyFingerprint();
    this.proposedBy = e.proposedBy();
  }

  @EventSourcingHandler
  void on(KeyRevocationApprovedEvent e) {
    this.approved = true;
  }
}
