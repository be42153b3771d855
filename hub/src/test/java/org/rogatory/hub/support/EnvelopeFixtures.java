package org.rogatory.hub.support;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.hub.support.HubTestBase.Party;

/** Sealed envelopes as parties submit them: a payload of random bytes, signed by the sender. */
public final class EnvelopeFixtures {
  /** The payload size of the load and crash tests: 4 KiB. */
  public static final int PAYLOAD = 4096;

  private EnvelopeFixtures() {}

  /** One sealed envelope and what identifies it. */
  public record Sealed(String requestId, UUID messageId, String sender, byte[] bytes) {
    public String sha256() {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Seals {@code payloadSize} random bytes from {@code sender} to {@code recipients} (the sender is
   * added as a recipient, so it can read its own message) under request {@code requestId}.
   */
  public static Sealed seal(
      Party sender, List<Party> recipients, String requestId, int payloadSize, Random random)
      throws CryptoException {
    byte[] payload = new byte[payloadSize];
    random.nextBytes(payload);
    List<KeyBundle> bundles = new ArrayList<>();
    for (Party p : recipients) {
      bundles.add(p.keys().bundle());
    }
    if (!recipients.contains(sender)) {
      bundles.add(sender.keys().bundle());
    }
    // A version 4 UUID drawn from the caller's random source.
    UUID messageId =
        new UUID(
            (random.nextLong() & ~0xF000L) | 0x4000L,
            (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, sender.keys(), Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(messageId, requestId, "application/octet-stream"),
                bundles,
                payload);
    return new Sealed(requestId, messageId, sender.id(), envelope);
  }
}
