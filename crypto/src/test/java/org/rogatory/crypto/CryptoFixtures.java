package org.rogatory.crypto;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** Keys, clocks and payloads shared by the crypto tests. Key generation is cached per run. */
final class CryptoFixtures {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final PartyKeys REGISTRY = keys("court.registry", "primary");
  static final PartyKeys REGISTRY_LAPTOP = keys("court.registry", "laptop");
  static final PartyKeys STATE_NL = keys("state.nl", "primary");
  static final PartyKeys STATE_FR = keys("state.fr", "primary");
  static final PartyKeys MALLORY = keys("state.nl", "primary");

  private CryptoFixtures() {}

  static PartyKeys keys(String party, String device) {
    return PartyKeys.generator(PartyId.of(party))
        .device(device)
        .validFrom(NOW.minusSeconds(86_400))
        .generate();
  }

  static EnvelopeMetadata metadata() {
    return EnvelopeMetadata.of(UUID.randomUUID(), "req-2026-0042", "application/pdf");
  }

  static EnvelopeSealer sealer(PartyKeys sender, EnvelopePreset preset) {
    return EnvelopeSealer.create(preset, sender, CLOCK);
  }

  static EnvelopeOpener opener(PartyKeys recipient, KeyBundle... trustedSenders) {
    return EnvelopeOpener.create(recipient, TrustedKeys.of(trustedSenders));
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static List<KeyBundle> toStateNl() {
    return List.of(STATE_NL.bundle());
  }
}
