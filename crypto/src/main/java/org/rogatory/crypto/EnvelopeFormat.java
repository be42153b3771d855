package org.rogatory.crypto;

import java.nio.charset.StandardCharsets;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.Hkdf;
import org.rogatory.crypto.internal.HybridSigning;

/** Labels and derivations shared by the sealer and the opener (docs/spec/envelope.md). */
final class EnvelopeFormat {
  static final int CONTENT_KEY_LENGTH = 32;
  static final int SIGNATURE_LENGTH = HybridSigning.SIGNATURE_LENGTH;
  private static final byte[] WRAP_INFO_LABEL =
      "rogatory-v1 content key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PAYLOAD_KEY_LABEL =
      "rogatory-v1 payload key".getBytes(StandardCharsets.US_ASCII);

  private EnvelopeFormat() {}

  /** HPKE {@code info}: the label followed by SHA-256 of the encoded header. */
  static byte[] wrapInfo(byte[] headerDigest) {
    return new ByteWriter(WRAP_INFO_LABEL.length + 32)
        .raw(WRAP_INFO_LABEL)
        .raw(headerDigest)
        .toByteArray();
  }

  /** The AES-256-GCM key of the payload segments. */
  static byte[] payloadKey(byte[] contentKey, byte[] headerDigest) {
    return Hkdf.derive(headerDigest, contentKey, PAYLOAD_KEY_LABEL, 32);
  }

  /** What the sender signs: header digest, payload digest, payload length. */
  static byte[] signedData(byte[] headerDigest, byte[] payloadDigest, long payloadLength) {
    return new ByteWriter(72).raw(headerDigest).raw(payloadDigest).i64(payloadLength).toByteArray();
  }
}
