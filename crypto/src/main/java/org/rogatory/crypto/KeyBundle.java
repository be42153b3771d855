package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.HybridSigning;
import org.rogatory.crypto.internal.MalformedInputException;
import org.rogatory.crypto.internal.Sha256;
import org.rogatory.crypto.internal.XWingHpke;

/**
 * The public keys of one party (or one of its devices): a hybrid signing identity (Ed25519 +
 * ML-DSA-65), a hybrid encryption key (X-Wing: ML-KEM-768 + X25519), the party id, a device id, a
 * key version and a validity period, self-signed with the identity key. The byte layout is
 * specified in {@code docs/spec/key-bundle.md}.
 *
 * <h2>Security guarantees</h2>
 *
 * A {@code KeyBundle} instance always carries a valid self-signature: {@link #decode} verifies it
 * (and the ML-KEM encapsulation-key check) before returning. A self-signature only proves that
 * whoever holds the keys made the bundle; whether the bundle belongs to the party it names is
 * decided by a trusted directory and by comparing {@link SafetyCode}s out of band.
 *
 * <h2>Warning</h2>
 *
 * {@link #verify} checks a signature against these keys; it does not check that the bundle is valid
 * at the relevant time: use {@link #isValidAt}.
 */
public final class KeyBundle {
  static final byte[] MAGIC = "RGKB".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  static final int SUITE_HYBRID_V1 = 1;
  static final int MAX_ENCODED_LENGTH = 8192;

  private final PartyId party;
  private final String deviceId;
  private final long keyVersion;
  private final Instant notBefore;
  private final Instant notAfter;
  private final byte[] ed25519Public;
  private final byte[] mldsaPublic;
  private final byte[] xwingPublic;
  private final byte[] body;
  private final byte[] signature;
  private final Fingerprint fingerprint;
  private final HybridSigning.PublicKey verifier;

  private KeyBundle(
      PartyId party,
      String deviceId,
      long keyVersion,
      Instant notBefore,
      Instant notAfter,
      byte[] ed25519Public,
      byte[] mldsaPublic,
      byte[] xwingPublic,
      byte[] body,
      byte[] signature)
      throws MalformedInputException {
    this.party = party;
    this.deviceId = deviceId;
    this.keyVersion = keyVersion;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.ed25519Public = ed25519Public;
    this.mldsaPublic = mldsaPublic;
    this.xwingPublic = xwingPublic;
    this.body = body;
    this.signature = signature;
    this.fingerprint = Fingerprint.of(Sha256.of(body));
    this.verifier = new HybridSigning.PublicKey(ed25519Public, mldsaPublic);
  }

  static byte[] encodeBody(
      PartyId party,
      String deviceId,
      long keyVersion,
      Instant notBefore,
      Instant notAfter,
      byte[] ed25519Public,
      byte[] mldsaPublic,
      byte[] xwingPublic) {
    return new ByteWriter(3300)
        .raw(MAGIC)
        .u8(FORMAT_VERSION)
        .u8(SUITE_HYBRID_V1)
        .str16(party.value())
        .str16(deviceId)
        .u32(keyVersion)
        .i64(notBefore.getEpochSecond())
        .i64(notAfter.getEpochSecond())
        .raw(ed25519Public)
        .raw(mldsaPublic)
        .raw(xwingPublic)
        .toByteArray();
  }

  /** Builds and self-signs a bundle; used by {@link PartyKeys}. */
  static KeyBundle create(
      PartyId party,
      String deviceId,
      long keyVersion,
      Instant notBefore,
      Instant notAfter,
      HybridSigning.PrivateKey signingKey,
      byte[] xwingPublic) {
    byte[] ed = signingKey.ed25519Public();
    byte[] ml = signingKey.mldsaPublic();
    byte[] body = encodeBody(party, deviceId, keyVersion, notBefore, notAfter, ed, ml, xwingPublic);
    byte[] fp = Sha256.of(body);
    String ctx = SignatureContext.KEY_BUNDLE.label();
    byte[] sig =
        signingKey.sign(ctx, HybridSigning.signingInput(ctx, fp, body), SecureRandoms.get());
    try {
      return new KeyBundle(
          party, deviceId, keyVersion, notBefore, notAfter, ed, ml, xwingPublic, body, sig);
    } catch (MalformedInputException e) {
      throw new IllegalStateException("freshly generated keys do not parse", e);
    }
  }

  /**
   * Parses a bundle and verifies its self-signature.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if the bytes are not a
   *     bundle, or {@link CryptoException.Reason#VERIFICATION_FAILED} if the self-signature does
   *     not verify
   */
  public static KeyBundle decode(byte[] encoded) throws CryptoException {
    if (encoded == null || encoded.length > MAX_ENCODED_LENGTH) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "not a Rogatory key bundle");
    }
    KeyBundle bundle;
    try {
      ByteReader r = new ByteReader(encoded);
      byte[] magic = r.raw(4);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new MalformedInputException("not a Rogatory key bundle");
      }
      if (r.u8() != FORMAT_VERSION || r.u8() != SUITE_HYBRID_V1) {
        throw new MalformedInputException("unsupported key bundle version or suite");
      }
      String partyValue = r.str16();
      if (!PartyId.isValidDeviceId(partyValue)) {
        throw new MalformedInputException("malformed party id");
      }
      String device = r.str16();
      if (!PartyId.isValidDeviceId(device)) {
        throw new MalformedInputException("malformed device id");
      }
      long version = r.u32();
      long nb = r.i64();
      long na = r.i64();
      if (nb >= na || nb < 0 || na > 253402300799L) {
        throw new MalformedInputException("validity period is empty or out of range");
      }
      byte[] ed = r.raw(HybridSigning.ED25519_PUBLIC_LENGTH);
      byte[] ml = r.raw(HybridSigning.MLDSA65_PUBLIC_LENGTH);
      byte[] xw = r.raw(XWingHpke.PUBLIC_KEY_LENGTH);
      XWingHpke.checkPublicKey(xw);
      byte[] body = r.slice(0);
      byte[] sig = r.raw(HybridSigning.SIGNATURE_LENGTH);
      r.expectEnd();
      bundle =
          new KeyBundle(
              PartyId.of(partyValue),
              device,
              version,
              Instant.ofEpochSecond(nb),
              Instant.ofEpochSecond(na),
              ed,
              ml,
              xw,
              body,
              sig);
    } catch (MalformedInputException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
    }
    String ctx = SignatureContext.KEY_BUNDLE.label();
    if (!bundle.verifier.verify(
        ctx,
        HybridSigning.signingInput(ctx, bundle.fingerprint.bytesUnsafe(), bundle.body),
        bundle.signature)) {
      throw new CryptoException(
          CryptoException.Reason.VERIFICATION_FAILED, "the key bundle's self-signature is invalid");
    }
    return bundle;
  }

  /** The canonical encoding: body followed by the hybrid self-signature. */
  public byte[] encode() {
    byte[] out = java.util.Arrays.copyOf(body, body.length + signature.length);
    System.arraycopy(signature, 0, out, body.length, signature.length);
    return out;
  }

  /**
   * Verifies a hybrid signature made by this bundle's identity key.
   *
   * @throws CryptoException with {@link CryptoException.Reason#VERIFICATION_FAILED} unless both the
   *     Ed25519 and the ML-DSA-65 signature verify
   */
  public void verify(SignatureContext context, byte[] data, byte[] signature)
      throws CryptoException {
    if (!verifies(context, data, signature)) {
      throw new CryptoException(
          CryptoException.Reason.VERIFICATION_FAILED, "the signature does not verify");
    }
  }

  boolean verifies(SignatureContext context, byte[] data, byte[] signature) {
    String ctx = context.label();
    return verifier.verify(
        ctx, HybridSigning.signingInput(ctx, fingerprint.bytesUnsafe(), data), signature);
  }

  /** True if {@code instant} lies in [notBefore, notAfter). */
  public boolean isValidAt(Instant instant) {
    return !instant.isBefore(notBefore) && instant.isBefore(notAfter);
  }

  public PartyId party() {
    return party;
  }

  public String deviceId() {
    return deviceId;
  }

  public long keyVersion() {
    return keyVersion;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public Fingerprint fingerprint() {
    return fingerprint;
  }

  byte[] xwingPublicUnsafe() {
    return xwingPublic;
  }

  boolean hasSameKeys(byte[] ed, byte[] ml, byte[] xw) {
    return java.security.MessageDigest.isEqual(ed, ed25519Public)
        && java.security.MessageDigest.isEqual(ml, mldsaPublic)
        && java.security.MessageDigest.isEqual(xw, xwingPublic);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyBundle other && other.fingerprint.equals(fingerprint);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "KeyBundle[" + party + "/" + deviceId + " v" + keyVersion + " " + fingerprint + "]";
  }
}
