package org.rogatory.hub.console.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Facts of the Court staff console: staff accounts and every administrative decision taken there,
 * in the same history as the parties' exchanges, so auditors see who did what and when. No
 * password, hash or second-factor secret ever appears here.
 */
public final class ConsoleEvents {
  private ConsoleEvents() {}

  @Revision("1")
  public record StaffAccountCreatedEvent(String username, StaffRole role, String by, Instant at) {}

  @Revision("1")
  public record StaffSignedInEvent(String username, Instant at) {}

  @Revision("1")
  public record StaffAccountLockedEvent(String username, Instant until, Instant at) {}

  @Revision("1")
  public record StaffPasswordChangedEvent(String username, Instant at) {}

  @Revision("1")
  public record PartySuspensionProposedEvent(
      String proposalId, String partyId, String reason, String proposedBy, Instant at) {}

  @Revision("1")
  public record PartySuspensionApprovedEvent(
      String proposalId, String partyId, String proposedBy, String approvedBy, Instant at) {}

  @Revision("1")
  public record KeyRevocationProposedEvent(
      String proposalId,
      String partyId,
      String keyFingerprint,
      String reason,
      String proposedBy,
      Instant at) {}

  @Revision("1")
  public record KeyRevocationApprovedEvent(
      String proposalId,
      String partyId,
      String keyFingerprint,
      String proposedBy,
      String approvedBy,
      Instant at) {}

  @Revision("1")
  public record CertificateRevocationProposedEvent(
      String proposalId,
      String partyId,
      String certificateSerial,
      String reason,
      String proposedBy,
      Instant at) {}

  @Revision("1")
  public record CertificateRevocationApprovedEvent(
      String proposalId,
      String partyId,
      String certificateSerial,
      String proposedBy,
      String approvedBy,
      Instant at) {}

  /**
   * A staff member had the hub walk its event chain from the first event: how many events were
   * checked, up to which global sequence, and the first problem found (null if intact).
   */
  @Revision("1")
  public record EventChainVerifiedEvent(
      String by, long eventsChecked, long headSequence, String problem, Instant at) {}
}
