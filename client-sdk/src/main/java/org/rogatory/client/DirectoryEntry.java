package org.rogatory.client;

import java.time.Instant;
import java.util.List;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyId;

/**
 * A party as the hub's directory lists it, with the key bundles of its devices. Bundles have been
 * decoded and their self-signatures checked by the SDK, and each names this party.
 *
 * @param party the party
 * @param kind {@code COURT_ORGAN}, {@code CENTRAL_AUTHORITY} or {@code ORGANISATION}
 * @param displayName the name the Registry gave it
 * @param enrolled whether it has completed enrolment
 * @param suspended whether the Registry suspended it
 * @param keys its key bundles, revoked ones included
 */
public record DirectoryEntry(
    PartyId party,
    String kind,
    String displayName,
    boolean enrolled,
    boolean suspended,
    List<DirectoryKey> keys) {

  /** Copies the list. */
  public DirectoryEntry {
    keys = List.copyOf(keys);
  }

  /** The bundles not revoked: the ones to seal to and to accept new signatures from. */
  public List<KeyBundle> activeBundles() {
    return keys.stream().filter(k -> !k.revoked()).map(DirectoryKey::bundle).toList();
  }

  /**
   * The bundles whose signatures count for something the hub recorded at {@code recordedAt}: the
   * active ones, and those revoked only after that moment (a message sent before its sender rotated
   * or revoked a key still verifies; one recorded after the revocation does not).
   */
  public List<KeyBundle> bundlesTrustedAt(Instant recordedAt) {
    return keys.stream()
        .filter(
            k ->
                !k.revoked()
                    || (k.revokedAt() != null
                        && recordedAt != null
                        && k.revokedAt().isAfter(recordedAt)))
        .map(DirectoryKey::bundle)
        .toList();
  }

  /**
   * One key bundle in the directory.
   *
   * @param bundle the decoded, self-signature-checked bundle
   * @param revoked whether the party or the Registry revoked it
   * @param revokedAt when the hub recorded the revocation; null while active
   * @param revocationReason the reason given; null while active
   */
  public record DirectoryKey(
      KeyBundle bundle, boolean revoked, Instant revokedAt, String revocationReason) {}
}
