package org.rogatory.hub.console.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.rogatory.hub.console.api.ConsoleCommands.ApprovePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionProposedEvent;

/**
 * Four-eyes for suspending a party: one administrator proposes, a different one approves. Both
 * steps are facts in the history; the proposer can never approve their own proposal.
 */
@Aggregate
public class SuspensionProposal extends PartyActionProposal {
  protected SuspensionProposal() {}

  @CommandHandler
  public SuspensionProposal(ProposePartySuspensionCommand c) {
    require(
        c.partyId(),
        c.reason(),
        c.proposedBy(),
        true,
        "a suspension proposal needs a party, a reason and a proposer");
    apply(
        new PartySuspensionProposedEvent(
            c.proposalId(), c.partyId(), c.reason().strip(), c.proposedBy(), c.at()));
  }

  @CommandHandler
  public void handle(ApprovePartySuspensionCommand c) {
    checkApproval(c.approvedBy());
    apply(
        new PartySuspensionApprovedEvent(
            proposalId(), partyId(), proposedBy(), c.approvedBy(), c.at()));
  }

  @EventSourcingHandler
  void on(PartySuspensionProposedEvent e) {
    proposed(e.proposalId(), e.partyId(), e.proposedBy());
  }

  @EventSourcingHandler
  void on(PartySuspensionApprovedEvent e) {
    approved();
  }
}
