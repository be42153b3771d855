package org.rogatory.client;

import java.util.List;

/**
 * The hub's receipt for a message it accepted.
 *
 * @param requestId the request
 * @param messageId the message id (from the envelope header)
 * @param envelopeDigest hex SHA-256 of the envelope the hub stored
 * @param envelopeSize bytes of the envelope
 * @param attachments the attachments uploaded with it and listed in it, in the order given
 */
public record SentMessage(
    String requestId,
    String messageId,
    String envelopeDigest,
    long envelopeSize,
    List<Attachment> attachments) {

  /** Copies the list. */
  public SentMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }
}
