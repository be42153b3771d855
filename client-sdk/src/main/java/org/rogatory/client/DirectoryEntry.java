package org.rogatory.client;

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

  /** The bundles not revoked: the ones to seal to and to accept signatures from. */
  public List<KeyBundle> activeBundles() {
    return keys.stream().filter(k -> !k.revoked()).map(DirectoryKey::bundle).toList();
  }

  /**
   * One key bundle in the directory.
   *
   * @param bundle the decoded, self-signature-checked bundle
   * @param revoked whether the party or the Registry revoked it
   */
  public record DirectoryKey(KeyBundle bundle, boolean revoked) {}
}
