package org.rogatory.crypto;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.rogatory.crypto.internal.HybridSigning;
import org.rogatory.crypto.internal.XWingHpke;

/**
 * A party's private keys (hybrid signing identity and X-Wing decryption key) together with the
 * public {@link KeyBundle} they belong to.
 *
 * <h2>Security guarantees</h2>
 *
 * The private keys are only ever written out encrypted, by {@link KeyFile}; this class has no
 * method that returns them. {@link #toString()} prints only the public bundle.
 *
 * <h2>Warning</h2>
 *
 * Keep one instance per party device; do not copy key files between devices — enrol each device
 * with keys of its own so that a lost device can be revoked alone.
 */
public final class PartyKeys {
  private final HybridSigning.PrivateKey signing;
  private final XWingHpke.PrivateKey decryption;
  private final KeyBundle bundle;

  PartyKeys(HybridSigning.PrivateKey signing, XWingHpke.PrivateKey decryption, KeyBundle bundle) {
    this.signing = signing;
    this.decryption = decryption;
    this.bundle = bundle;
  }

  /** Starts generating fresh keys for {@code party}. */
  public static Generator generator(PartyId party) {
    return new Generator(Objects.requireNonNull(party, "party"));
  }

  /** A validated builder for fresh keys. */
  public static final class Generator {
    private final PartyId party;
    private String deviceId = "primary";
    private long keyVersion = 1;
    private Instant notBefore;
    private Duration lifetime = Duration.ofDays(2 * 365);

    private Generator(PartyId party) {
      this.party = party;
    }

    /** The device these keys live on; same syntax as a party id. Default {@code primary}. */
    public Generator device(String deviceId) {
      if (!PartyId.isValidDeviceId(deviceId)) {
        throw new IllegalArgumentException(
            "a device id is 1-64 characters of a-z, 0-9, '.', '_' or '-'");
      }
      this.deviceId = deviceId;
      return this;
    }

    /** The key version, 1 for a party's first keys and one more at each rotation. */
    public Generator keyVersion(long keyVersion) {
      if (keyVersion < 1 || keyVersion > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("key version must be between 1 and 2^32-1");
      }
      this.keyVersion = keyVersion;
      return this;
    }

    /** Start of validity; default: now, truncated to the second. */
    public Generator validFrom(Instant notBefore) {
      this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
      return this;
    }

    /** Length of validity; default two years. */
    public Generator lifetime(Duration lifetime) {
      if (lifetime.compareTo(Duration.ofSeconds(1)) < 0
          || lifetime.compareTo(Duration.ofDays(10 * 366)) > 0) {
        throw new IllegalArgumentException("key lifetime must be between 1 second and 10 years");
      }
      this.lifetime = lifetime;
      return this;
    }

    public PartyKeys generate() {
      Instant from =
          (notBefore != null ? notBefore : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
      return fromSeeds(
          party,
          deviceId,
          keyVersion,
          from,
          from.plus(lifetime),
          SecureRandoms.bytes(32),
          SecureRandoms.bytes(32),
          SecureRandoms.bytes(32));
    }
  }

  static PartyKeys fromSeeds(
      PartyId party,
      String deviceId,
      long keyVersion,
      Instant notBefore,
      Instant notAfter,
      byte[] ed25519Seed,
      byte[] mldsaSeed,
      byte[] xwingSeed) {
    HybridSigning.PrivateKey signing = new HybridSigning.PrivateKey(ed25519Seed, mldsaSeed);
    XWingHpke.PrivateKey decryption = new XWingHpke.PrivateKey(xwingSeed);
    KeyBundle bundle =
        KeyBundle.create(
            party, deviceId, keyVersion, notBefore, notAfter, signing, decryption.publicKey());
    return new PartyKeys(signing, decryption, bundle);
  }

  /** The public half, to publish in the hub's directory. */
  public KeyBundle bundle() {
    return bundle;
  }

  public PartyId party() {
    return bundle.party();
  }

  /**
   * Signs {@code data} with both the Ed25519 and the ML-DSA-65 key; verify with {@link
   * KeyBundle#verify}.
   */
  public byte[] sign(SignatureContext context, byte[] data) {
    String ctx = context.label();
    return signing.sign(
        ctx,
        org.rogatory.crypto.internal.HybridSigning.signingInput(
            ctx, bundle.fingerprint().bytesUnsafe(), data),
        SecureRandoms.get());
  }

  HybridSigning.PrivateKey signingKey() {
    return signing;
  }

  XWingHpke.PrivateKey decryptionKey() {
    return decryption;
  }

  @Override
  public String toString() {
    return "PartyKeys[" + bundle + ", private keys REDACTED]";
  }
}
