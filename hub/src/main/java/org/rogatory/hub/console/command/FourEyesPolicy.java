package org.rogatory.hub.console.command;

import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;

/** The rule of every four-eyes action: approved once, and by someone other than its proposer. */
final class FourEyesPolicy {
  private FourEyesPolicy() {}

  static void checkApproval(boolean alreadyApproved, String proposedBy, String approvedBy) {
    if (alreadyApproved) {
      throw new ConsoleRejectedException(
          Code.ALREADY_DECIDED, "this proposal has already been approved");
    }
    if (approvedBy == null || approvedBy.isBlank()) {
      throw new ConsoleRejectedException(Code.INVALID_INPUT, "an approval needs an approver");
    }
    if (proposedBy.equals(approvedBy)) {
      throw new ConsoleRejectedException(
          Code.SELF_APPROVAL, "you proposed this; a different administrator must approve it");
    }
  }
}
