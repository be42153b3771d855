package org.rogatory.crypto;

/**
 * Named, versioned parameter sets for envelopes. A preset fixes every algorithm; the only choice
 * left is the segment size of the streamed payload.
 *
 * <p>All presets of suite 1 use: HPKE base mode with X-Wing (KEM 0x647a), HKDF-SHA256 and
 * AES-256-GCM to wrap the content key; HKDF-SHA256 to derive the payload key; AES-256-GCM segments;
 * a hybrid Ed25519 + ML-DSA-65 sender signature. See {@code docs/spec/envelope.md}.
 */
public enum EnvelopePreset {
  /** Suite 1 with 64 KiB segments: the default, for messages and attachments of any size. */
  HYBRID_V1_64K(1, 64 * 1024),
  /** Suite 1 with 1 MiB segments: slightly faster for multi-gigabyte attachments. */
  HYBRID_V1_1M(1, 1024 * 1024);

  private final int suite;
  private final int segmentSize;

  EnvelopePreset(int suite, int segmentSize) {
    this.suite = suite;
    this.segmentSize = segmentSize;
  }

  int suite() {
    return suite;
  }

  int segmentSize() {
    return segmentSize;
  }
}
