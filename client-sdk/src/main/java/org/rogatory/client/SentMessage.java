package org.rogatory.client;

/**
 * The hub's receipt for a message it accepted.
 *
 * @param requestId the request
 * @param messageId the message id (from the envelope header)
 * @param envelopeDigest hex SHA-256 of the envelope the hub stored
 * @param envelopeSize bytes of the envelope
 */
public record SentMessage(
    String requestId, String messageId, String envelopeDigest, long envelopeSize) {}
