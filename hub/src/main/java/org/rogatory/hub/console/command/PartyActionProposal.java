package org.rogatory.hub.console.command;

import org.axonframework.modelling.command.AggregateIdentifier;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;

/**
 * The shape every four-eyes proposal about a party shares: its id, the party, who proposed it, and
 * whether it was approved. A proposal is checked when made ({@link #require}) and approved once, by
 * a different administrator ({@link FourEyesPolicy}); each subclass only names its action, its
 * subject (a key, a certificate, or none) and its events.
 */
abstract class PartyActionProposal {
  @AggregateIdentifier private String proposalId;
  private String partyId;
  private String proposedBy;
  private boolean approved;

  /**
   * Refuses a proposal without a party, a reason, a proposer, or (where the action has one) a
   * subject, with a sentence naming what it needs.
   */
  static void require(
      String partyId, String reason, String proposedBy, boolean subjectGiven, String sentence) {
    if (partyId == null
        || partyId.isBlank()
        || reason == null
        || reason.isBlank()
        || proposedBy == null
        || proposedBy.isBlank()
        || !subjectGiven) {
      throw new ConsoleRejectedException(Code.INVALID_INPUT, sentence);
    }
  }

  /** Refuses an approval of an approved proposal, or by its proposer. */
  void checkApproval(String approvedBy) {
    FourEyesPolicy.checkApproval(approved, proposedBy, approvedBy);
  }

  /** Called by the subclass's handler of its proposed event. */
  void proposed(String proposalId, String partyId, String proposedBy) {
    this.proposalId = proposalId;
    this.partyId = partyId;
    this.proposedBy = proposedBy;
  }

  /** Called by the subclass's handler of its approved event. */
  void approved() {
    this.approved = true;
  }

  String proposalId() {
    return proposalId;
  }

  String partyId() {
    return partyId;
  }

  String proposedBy() {
    return proposedBy;
  }
}
