package org.rogatory.hub.console.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.rogatory.hub.console.api.ConsoleCommands.ApproveCertificateRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposeCertificateRevocationCommand;
import org.rogatory.hub.console.api.ConsoleEvents.CertificateRevocationApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.CertificateRevocationProposedEvent;

/**
 * Four-eyes for revoking one of a party's TLS client certificates: one administrator proposes, a
 * different one approves; both steps are facts in the history. Only after the approval does the
 * console send the party feature's {@code RevokeCertificateCommand}.
 */
@Aggregate
public class CertificateRevocationProposal extends PartyActionProposal {
  private String certificateSerial;

  protected CertificateRevocationProposal() {}

  @CommandHandler
  public CertificateRevocationProposal(ProposeCertificateRevocationCommand c) {
    require(
        c.partyId(),
        c.reason(),
        c.proposedBy(),
        c.certificateSerial() != null && !c.certificateSerial().isBlank(),
        "a certificate revocation proposal needs a party, a certificate, a reason and a proposer");
    apply(
        new CertificateRevocationProposedEvent(
            c.proposalId(),
            c.partyId(),
            c.certificateSerial(),
            c.reason().strip(),
            c.proposedBy(),
            c.at()));
  }

  @CommandHandler
  public void handle(ApproveCertificateRevocationCommand c) {
    checkApproval(c.approvedBy());
    apply(
        new CertificateRevocationApprovedEvent(
            proposalId(), partyId(), certificateSerial, proposedBy(), c.approvedBy(), c.at()));
  }

  @EventSourcingHandler
  void on(CertificateRevocationProposedEvent e) {
    proposed(e.proposalId(), e.partyId(), e.proposedBy());
    this.certificateSerial = e.certificateSerial();
  }

  @EventSourcingHandler
  void on(CertificateRevocationApprovedEvent e) {
    approved();
  }
}
