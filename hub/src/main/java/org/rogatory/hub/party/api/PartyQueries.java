package org.rogatory.hub.party.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

  /**
   * A party as the directory knows it; {@code witnessKey} is its witness verifier key or null. Its
   * {@link #entityTag()} is what the directory call sends as {@code ETag}, and a fetched message as
   * the sender's directory tag.
   */
  public record PartyView(
      String partyId,
      PartyKind kind,
      String displayName,
      boolean enrolled,
      boolean suspended,
      List<KeyView> keys,
      String witnessKey) {

    /** The key with this fingerprint (revoked or not), or null if the party has none. */
    public KeyView key(String fingerprint) {
      for (KeyView k : keys) {
        if (k.keyFingerprint().equals(fingerprint)) {
          return k;
        }
      }
      return null;
    }

    /** Whether the party has a key with this fingerprint that is not revoked. */
    public boolean hasActiveKey(String fingerprint) {
      KeyView k = key(fingerprint);
      return k != null && !k.revoked();
    }

    /**
     * A strong entity tag over every field of a directory entry (a key bundle by its fingerprint).
     */
    public String entityTag() {
      MessageDigest sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      StringBuilder text =
          new StringBuilder()
              .append(partyId)
              .append('\n')
              .append(kind)
              .append('\n')
              .append(displayName)
              .append('\n')
              .append(enrolled)
              .append('\n')
              .append(suspended)
              .append('\n')
              .append(witnessKey);
      for (KeyView k : keys) {
        text.append('\n')
            .append(k.keyFingerprint())
            .append(' ')
            .append(k.deviceId())
            .append(' ')
            .append(k.keyVersion())
            .append(' ')
            .append(k.revoked())
            .append(' ')
            .append(k.revokedAt())
            .append(' ')
            .append(k.revocationReason());
      }
      byte[] digest = sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    }
  }

  public record CertificateView(String certificateSerial, String partyId, boolean revoked) {}
}
