package org.rogatory.hub.party.api;

import java.util.List;

/** Queries of the party feature and their views. */
public final class PartyQueries {
  private PartyQueries() {}

  public record FindPartyQuery(String partyId) {}

  /** Every party in the directory, ordered by id (the Court staff console's parties page). */
  public record ListPartiesQuery() {}

  public record PartyListView(List<PartyView> parties) {}

  /** The party whose current witness key is {@code verifierKey}, if any (a {@link PartyView}). */
  public record FindWitnessQuery(String verifierKey) {}

  /**
   * Every certificate the hub's CA issued to a party, valid or revoked, ordered by serial (the
   * Court staff console's party page).
   */
  public record ListCertificatesQuery(String partyId) {}

  /** A party's certificates. */
  public record CertificateListView(List<CertificateView> certificates) {}

  /** Whether a certificate serial is currently valid for the party (used on every call). */
  public record FindCertificateQuery(String certificateSerial) {}

  /**
   * One key bundle of a party; {@code revokedAt} and {@code revocationReason} are null while it is
   * active.
   */
  public record KeyView(
      String keyFingerprint,
      String deviceId,
      long keyVersion,
      String keyBundle,
      boolean revoked,
      java.time.Instant revokedAt,
      String revocationReason) {}

  /** A party as the directory knows it; {@code witnessKey} is its witness verifier key or null. */
  public record PartyView(
      String partyId,
      PartyKind kind,
      String displayName,
      boolean enrolled,
      boolean suspended,
      List<KeyView> keys,
      String witnessKey) {}

  public record CertificateView(String certificateSerial, String partyId, boolean revoked) {}
}
