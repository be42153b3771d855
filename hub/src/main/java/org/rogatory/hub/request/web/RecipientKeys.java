package org.rogatory.hub.request.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeRecipient;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.hub.infra.cache.LruMap;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.party.api.PartyDirectory;
import org.rogatory.hub.party.api.PartyQueries.KeyView;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.rogatory.protocol.ErrorCode;

/**
 * Whether a submitted envelope is sealed to the request's parties' current keys (decision 0017), so
 * that a sender holding an old copy of the directory learns of it before anything is recorded:
 *
 * <ol>
 *   <li>every recipient key names a party to the request and is a key the directory lists for it,
 *       not revoked;
 *   <li>every key of the other party that is not revoked and has been valid for longer than {@link
 *       #CLOCK_ALLOWANCE} (and stays valid for longer than that) is among the recipients: the
 *       allowance keeps a sender whose clock is a little behind the hub's from being refused over a
 *       key it still considers not yet valid, or no longer valid.
 * </ol>
 *
 * The sender's own keys are not required: an envelope sealed offline to the addressee alone is
 * accepted. A key bundle's validity period never changes, so it is decoded (and its self-signature
 * checked) once per fingerprint and remembered.
 */
final class RecipientKeys {
  static final Duration CLOCK_ALLOWANCE = Duration.ofMinutes(5);
  private static final int REMEMBERED = 10_000;

  private final PartyDirectory directory;
  private final LruMap<String, Validity> validity = new LruMap<>(REMEMBERED);

  RecipientKeys(PartyDirectory directory) {
    this.directory = directory;
  }

  private record Validity(Instant notBefore, Instant notAfter) {}

  /**
   * Throws {@code RECIPIENT_KEYS_CHANGED} unless the recipients meet both rules above.
   *
   * @param parties the request's opener and addressee
   * @param sender the submitting party (one of {@code parties}), whose entry is {@code senderEntry}
   */
  void check(
      List<String> parties,
      String sender,
      PartyView senderEntry,
      List<EnvelopeRecipient> recipients,
      Instant now) {
    Map<String, PartyView> entries = new LinkedHashMap<>();
    for (String p : parties) {
      PartyView entry = p.equals(sender) && senderEntry != null ? senderEntry : directory.find(p);
      if (entry != null) {
        entries.put(p, entry);
      }
    }
    Set<String> sealedTo = new HashSet<>();
    for (EnvelopeRecipient r : recipients) {
      String party = r.party().value();
      String fingerprint = r.keyFingerprint().toHex();
      PartyView entry = entries.get(party);
      if (entry == null) {
        throw changed(
            "the envelope is sealed to " + party + ", which is not a party to the request");
      }
      KeyView key = entry.key(fingerprint);
      if (key == null) {
        throw changed(
            "the envelope is sealed to key "
                + fingerprint
                + ", which is not registered for "
                + party);
      }
      if (key.revoked()) {
        throw changed(
            "the envelope is sealed to key "
                + fingerprint
                + " of "
                + party
                + ", which was revoked at "
                + key.revokedAt());
      }
      sealedTo.add(fingerprint);
    }
    for (Map.Entry<String, PartyView> e : entries.entrySet()) {
      if (e.getKey().equals(sender)) {
        continue;
      }
      for (KeyView key : e.getValue().keys()) {
        if (!key.revoked()
            && !sealedTo.contains(key.keyFingerprint())
            && comfortablyValid(key, now)) {
          throw changed(
              "the envelope is not sealed to key "
                  + key.keyFingerprint()
                  + ", which "
                  + e.getKey()
                  + " has registered");
        }
      }
    }
  }

  private boolean comfortablyValid(KeyView key, Instant now) {
    Validity v = validity.get(key.keyFingerprint());
    if (v == null) {
      try {
        KeyBundle bundle = KeyBundle.decode(Base64.getDecoder().decode(key.keyBundle()));
        v = new Validity(bundle.notBefore(), bundle.notAfter());
      } catch (CryptoException | IllegalArgumentException e) {
        // The directory only lists bundles the hub verified when they were registered.
        return false;
      }
      validity.put(key.keyFingerprint(), v);
    }
    return !v.notBefore().isAfter(now.minus(CLOCK_ALLOWANCE))
        && v.notAfter().isAfter(now.plus(CLOCK_ALLOWANCE));
  }

  private static ApiException changed(String what) {
    return new ApiException(
        ErrorCode.RECIPIENT_KEYS_CHANGED, what + "; read the directory again and seal anew");
  }
}
