package org.rogatory.crypto;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the sender states about a message in the envelope's authenticated header: its id, the
 * cooperation request it belongs to, and the content type of the payload. The header is visible to
 * the hub (it routes on it); put nothing confidential here.
 */
public final class EnvelopeMetadata {
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final Pattern CONTENT_TYPE = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,126}");

  private final UUID messageId;
  private final String requestId;
  private final String contentType;

  private EnvelopeMetadata(UUID messageId, String requestId, String contentType) {
    this.messageId = messageId;
    this.requestId = requestId;
    this.contentType = contentType;
  }

  /**
   * Validates the header fields of a message.
   *
   * @param messageId unique id of the message; the sender chooses it (and reuses it on retries)
   * @param requestId the cooperation request: 1-128 characters of letters, digits and {@code ._:/-}
   * @param contentType a media type such as {@code application/pdf}: 1-127 printable ASCII
   *     characters
   * @throws IllegalArgumentException if a field breaks these rules
   */
  public static EnvelopeMetadata of(UUID messageId, String requestId, String contentType) {
    Objects.requireNonNull(messageId, "messageId");
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      throw new IllegalArgumentException(
          "a request id is 1-128 characters of letters, digits, '.', '_', ':', '/' or '-'");
    }
    if (contentType == null || !CONTENT_TYPE.matcher(contentType).matches()) {
      throw new IllegalArgumentException("a content type is 1-127 printable ASCII characters");
    }
    return new EnvelopeMetadata(messageId, requestId, contentType);
  }

  static boolean isValidRequestId(String s) {
    return REQUEST_ID.matcher(s).matches();
  }

  static boolean isValidContentType(String s) {
    return CONTENT_TYPE.matcher(s).matches();
  }

  public UUID messageId() {
    return messageId;
  }

  public String requestId() {
    return requestId;
  }

  public String contentType() {
    return contentType;
  }
}
