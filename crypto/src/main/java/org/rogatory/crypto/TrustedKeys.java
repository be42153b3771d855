package org.rogatory.crypto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key bundles the caller trusts as senders, looked up by party and fingerprint — typically
 * backed by the hub's directory after the caller has checked it (key transparency), or by bundle
 * files exchanged and compared out of band.
 */
@FunctionalInterface
public interface TrustedKeys {

  /** The trusted bundle with this party and fingerprint, or empty if there is none. */
  Optional<KeyBundle> find(PartyId party, Fingerprint fingerprint);

  /** Trusts exactly the given bundles. */
  static TrustedKeys of(KeyBundle... bundles) {
    return of(List.of(bundles));
  }

  /** Trusts exactly the given bundles. */
  static TrustedKeys of(List<KeyBundle> bundles) {
    Map<Fingerprint, KeyBundle> byFingerprint = new HashMap<>();
    for (KeyBundle b : bundles) {
      byFingerprint.put(b.fingerprint(), b);
    }
    Map<Fingerprint, KeyBundle> frozen = Map.copyOf(byFingerprint);
    return (party, fingerprint) ->
        Optional.ofNullable(frozen.get(fingerprint)).filter(b -> b.party().equals(party));
  }
}
