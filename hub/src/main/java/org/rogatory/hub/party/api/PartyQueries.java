package org.rogatory.hub.party.api;

import java.util.List;

/** Queries of the party feature and their views. */
public final class PartyQueries {
  private PartyQueries() {}

  public record FindPartyQuery(String partyId) {}

  /** Every party in the directory, ordered by id (the Court staff console's parties page). */
  public record ListPartiesQuery() {}

  public record PartyListView(List<PartyView> parties) {}

  /** Whether a certificate serial is currently valid for the party (used on every call). */
  public record FindCertificateQuery(String certificateSerial) {}

  public record KeyView(
      String keyFingerprint, String deviceId, long keyVersion, String keyBundle, boolean revoked) {}

  public record PartyView(
      String partyId,
      PartyKind kind,
      String displayName,
      boolean enrolled,
      boolean suspended,
      List<KeyView> keys) {}

  public record CertificateView(String certificateSerial, String partyId, boolean revoked) {}
}
