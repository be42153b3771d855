package org.rogatory.hub.party.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Facts about parties. Key bundles are public keys (key transparency records them in the log); no
 * private key and no enrolment code ever appears here.
 */
public final class PartyEvents {
  private PartyEvents() {}

  @Revision("1")
  public record PartyEnrolledEvent(
      String partyId,
      PartyKind kind,
      String displayName,
      String enrolmentCodeDigest,
      Instant codeExpiresAt,
      String by,
      Instant at) {}

  @Revision("1")
  public record CertificateIssuedEvent(String partyId, String certificateSerial, Instant at) {}

  @Revision("1")
  public record KeyBundleRegisteredEvent(
      String partyId,
      String keyBundle,
      String keyFingerprint,
      String deviceId,
      long keyVersion,
      Instant at) {}

  @Revision("1")
  public record KeyBundleRevokedEvent(
      String partyId, String keyFingerprint, String reason, String by, Instant at) {}

  @Revision("1")
  public record CertificateRevokedEvent(
      String partyId, String certificateSerial, String reason, String by, Instant at) {}

  /**
   * The party registered (or replaced) the key with which it cosigns the log's checkpoints as a
   * witness: a C2SP verifier key of type 0x04 (docs/spec/transparency-log.md 2.5). A public key.
   */
  @Revision("1")
  public record WitnessKeyRegisteredEvent(String partyId, String verifierKey, Instant at) {}

  @Revision("1")
  public record PartySuspendedEvent(String partyId, String reason, String by, Instant at) {}

  @Revision("1")
  public record PartyReinstatedEvent(String partyId, String by, Instant at) {}

  /** A fresh enrolment code replaced the party's previous one (only its digest is stored). */
  @Revision("1")
  public record EnrolmentCodeIssuedEvent(
      String partyId, String enrolmentCodeDigest, Instant codeExpiresAt, String by, Instant at) {}

  /** A presented enrolment code was wrong, expired or already used: recorded, then refused. */
  @Revision("1")
  public record EnrolmentAttemptRejectedEvent(String partyId, String why, Instant at) {}
}
