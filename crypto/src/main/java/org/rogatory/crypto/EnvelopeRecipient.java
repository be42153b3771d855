package org.rogatory.crypto;

import java.util.Objects;

/**
 * One recipient named in an envelope header: a party and the fingerprint of the key bundle the
 * content key was wrapped to.
 */
public final class EnvelopeRecipient {
  private final PartyId party;
  private final Fingerprint keyFingerprint;

  public EnvelopeRecipient(PartyId party, Fingerprint keyFingerprint) {
    this.party = Objects.requireNonNull(party, "party");
    this.keyFingerprint = Objects.requireNonNull(keyFingerprint, "keyFingerprint");
  }

  public PartyId party() {
    return party;
  }

  public Fingerprint keyFingerprint() {
    return keyFingerprint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvelopeRecipient other
        && other.party.equals(party)
        && other.keyFingerprint.equals(keyFingerprint);
  }

  @Override
  public int hashCode() {
    return 31 * party.hashCode() + keyFingerprint.hashCode();
  }

  @Override
  public String toString() {
    return party + ":" + keyFingerprint;
  }
}
