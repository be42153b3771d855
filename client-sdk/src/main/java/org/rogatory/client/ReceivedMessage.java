package org.rogatory.client;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A message fetched, decrypted and verified: its plaintext is in {@link #file()}.
 *
 * @param requestId the request, as the signed header states it
 * @param messageId the message id, as the signed header states it
 * @param sender the party whose signature verified against its directory key
 * @param contentType the media type the sender stated
 * @param createdAt when the sender sealed it (sender's clock)
 * @param envelopeDigest hex SHA-256 of the envelope as received: the receipt digest to acknowledge
 * @param file where the plaintext was written
 */
public record ReceivedMessage(
    String requestId,
    String messageId,
    String sender,
    String contentType,
    Instant createdAt,
    String envelopeDigest,
    Path file) {}
