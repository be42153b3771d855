package org.rogatory.crypto;

/** A verified envelope opened in memory: its header and its payload. */
public final class OpenedEnvelope {
  private final EnvelopeHeader header;
  private final byte[] payload;

  OpenedEnvelope(EnvelopeHeader header, byte[] payload) {
    this.header = header;
    this.payload = payload;
  }

  public EnvelopeHeader header() {
    return header;
  }

  /** A copy of the verified payload. */
  public byte[] payload() {
    return payload.clone();
  }
}
