package org.rogatory.hub.console.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the Court staff console. {@code by} is the staff member acting. Passwords and
 * second-factor secrets never travel in a command: they are kept in the console's credential store,
 * out of the event history that auditors replay.
 */
public final class ConsoleCommands {
  private ConsoleCommands() {}

  public record CreateStaffAccountCommand(
      @TargetAggregateIdentifier String username, StaffRole role, String by, Instant at) {}

  /** A staff member completed both sign-in steps. */
  public record RecordStaffSignInCommand(@TargetAggregateIdentifier String username, Instant at) {}

  /** Too many failed sign-ins: the account is locked until {@code until}. */
  public record LockStaffAccountCommand(
      @TargetAggregateIdentifier String username, Instant until, Instant at) {}

  public record RecordStaffPasswordChangeCommand(
      @TargetAggregateIdentifier String username, Instant at) {}

  /** The first half of four-eyes: an administrator proposes to suspend a party. */
  public record ProposePartySuspensionCommand(
      @TargetAggregateIdentifier String proposalId,
      String partyId,
      String reason,
      String proposedBy,
      Instant at) {}

  /** The second half: a different administrator approves. */
  public record ApprovePartySuspensionCommand(
      @TargetAggregateIdentifier String proposalId, String approvedBy, Instant at) {}

  /** Four-eyes for revoking one of a party's key bundles: the proposal. */
  public record ProposeKeyRevocationCommand(
      @TargetAggregateIdentifier String proposalId,
      String partyId,
      String keyFingerprint,
      String reason,
      String proposedBy,
      Instant at) {}

  /** The approval, by a different administrator. */
  public record ApproveKeyRevocationCommand(
      @TargetAggregateIdentifier String proposalId, String approvedBy, Instant at) {}

  /** Four-eyes for revoking one of a party's TLS client certificates: the proposal. */
  public record ProposeCertificateRevocationCommand(
      @TargetAggregateIdentifier String proposalId,
      String partyId,
      String certificateSerial,
      String reason,
      String proposedBy,
      Instant at) {}

  /** The approval, by a different administrator. */
  public record ApproveCertificateRevocationCommand(
      @TargetAggregateIdentifier String proposalId, String approvedBy, Instant at) {}
}
