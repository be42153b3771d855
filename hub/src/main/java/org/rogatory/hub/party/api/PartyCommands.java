package org.rogatory.hub.party.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the party feature; {@code by} is the Court administrator (or the party) acting. */
public final class PartyCommands {
  private PartyCommands() {}

  /**
   * A Court administrator enrols a party; the one-time enrolment code itself never reaches the
   * event store, only its SHA-256 digest.
   */
  public record EnrolPartyCommand(
      @TargetAggregateIdentifier String partyId,
      PartyKind kind,
      String displayName,
      String enrolmentCodeDigest,
      Instant codeExpiresAt,
      String by,
      Instant at) {}

  /**
   * A Court administrator issues a fresh enrolment code to an existing party: the first was lost or
   * expired, or the party must enrol again after a certificate was revoked. Any earlier code stops
   * working.
   */
  public record IssueEnrolmentCodeCommand(
      @TargetAggregateIdentifier String partyId,
      String enrolmentCodeDigest,
      Instant codeExpiresAt,
      String by,
      Instant at) {}

  /** The party's operator presents the code with its key bundle; the hub issued a certificate. */
  public record CompleteEnrolmentCommand(
      @TargetAggregateIdentifier String partyId,
      String presentedCodeDigest,
      String certificateSerial,
      String keyBundle,
      String keyFingerprint,
      long keyVersion,
      Instant at) {}

  /** The party registers a new key bundle (rotation or an additional device). */
  public record RegisterKeyBundleCommand(
      @TargetAggregateIdentifier String partyId,
      String keyBundle,
      String keyFingerprint,
      String deviceId,
      long keyVersion,
      Instant at) {}

  /**
   * The party registers the verifier key of its witness (tlog-cosignature v1), replacing any
   * earlier one; the web layer has parsed it.
   */
  public record RegisterWitnessKeyCommand(
      @TargetAggregateIdentifier String partyId, String verifierKey, Instant at) {}

  /** A key bundle is revoked (by the party, or by administrators after four-eyes approval). */
  public record RevokeKeyBundleCommand(
      @TargetAggregateIdentifier String partyId,
      String keyFingerprint,
      String reason,
      String by,
      Instant at) {}

  /** A certificate is revoked; the next request presenting it is refused. */
  public record RevokeCertificateCommand(
      @TargetAggregateIdentifier String partyId,
      String certificateSerial,
      String reason,
      String by,
      Instant at) {}

  public record SuspendPartyCommand(
      @TargetAggregateIdentifier String partyId, String reason, String by, Instant at) {}

  public record ReinstatePartyCommand(
      @TargetAggregateIdentifier String partyId, String by, Instant at) {}
}
