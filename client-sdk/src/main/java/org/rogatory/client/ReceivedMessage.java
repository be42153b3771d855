package org.rogatory.client;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A message fetched, decrypted and verified: its plaintext body is in {@link #file()}; its
 * attachments, if any, are listed (download each with {@link Messages#fetchAttachment}).
 *
 * @param requestId the request, as the signed header states it
 * @param messageId the message id, as the signed header states it
 * @param sender the party whose signature verified against its directory key
 * @param contentType the media type of the body, as the sender stated it
 * @param createdAt when the sender sealed it (sender's clock)
 * @param envelopeDigest hex SHA-256 of the envelope as received, which is the one the hub recorded
 * @param envelopeSize the envelope's size in bytes
 * @param file where the body's plaintext was written
 * @param attachments the attachments the sender listed in the signed message, in its order
 */
public record ReceivedMessage(
    String requestId,
    String messageId,
    String sender,
    String contentType,
    Instant createdAt,
    String envelopeDigest,
    long envelopeSize,
    Path file,
    List<Attachment> attachments) {

  /** Copies the list. */
  public ReceivedMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }
}
