package org.rogatory.client;

import java.util.Objects;

/**
 * An attachment of a message: a document sealed into an envelope of its own and uploaded next to
 * the message, which lists it. The list travels inside the sealed, signed message, so the file name
 * and type are seen by the parties only (the hub sees an opaque blob, its size and digest).
 *
 * @param attachmentId the hub's id of the upload, to download it with
 * @param envelopeId the message id in the attachment's own envelope header, checked when it opens
 * @param fileName the name the sender gave it; sender-controlled, so sanitise it before using it as
 *     a path (the CLI does)
 * @param contentType its media type, as the sender stated it
 * @param size bytes of plaintext
 * @param sealedSize bytes of the sealed envelope the hub stores
 * @param sealedSha256 hex SHA-256 of the sealed envelope, checked on download
 */
public record Attachment(
    String attachmentId,
    String envelopeId,
    String fileName,
    String contentType,
    long size,
    long sealedSize,
    String sealedSha256) {

  /** Checks that no field is missing. */
  public Attachment {
    Objects.requireNonNull(attachmentId, "attachmentId");
    Objects.requireNonNull(envelopeId, "envelopeId");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(sealedSha256, "sealedSha256");
  }
}
