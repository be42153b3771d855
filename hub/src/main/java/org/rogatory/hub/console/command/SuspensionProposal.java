package org.rogatory.hub.console.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.rogatory.hub.console.api.ConsoleCommands.ApprovePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionProposedEvent;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;

/**
 * Four-eyes for suspending a party: one administrator proposes, a different one approves. Both
 * steps are facts in the history; the proposer can never approve their own proposal.
 */
@Aggregate
public class SuspensionProposal {
  @AggregateIdentifier private String proposalId;
  private String partyId;
  private String proposedBy;
  private boolean approved;

  protected SuspensionProposal() {}

  @CommandHandler
  public SuspensionProposal(ProposePartySuspensionCommand c) {
    if (c.partyId() == null
        || c.reason() == null
        || c.reason().isBlank()
        || c.proposedBy() == null
        || c.proposedBy().isBlank()) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT, "a suspension proposal needs a party, a reason and a proposer");
    }
    apply(
        new PartySuspensionProposedEvent(
            c.proposalId(), c.partyId(), c.reason().strip(), c.proposedBy(), c.at()));
  }

  @CommandHandler
  public void handle(ApprovePartySuspensionCommand c) {
    FourEyesPolicy.checkApproval(approved, proposedBy, c.approvedBy());
    apply(
        new PartySuspensionApprovedEvent(proposalId, partyId, proposedBy, c.approvedBy(), c.at()));
  }

  @EventSourcingHandler
  void on(PartySuspensionProposedEvent e) {
    this.proposalId = e.proposalId();
    this.partyId = e.partyId();
    this.proposedBy = e.proposedBy();
  }

  @EventSourcingHandler
  void on(PartySuspensionApprovedEvent e) {
    this.approved = true;
  }
}
