package org.rogatory.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A document to attach to a message: a file, or a stream read once. It is sealed to a temporary
 * file as it is read (so its size and digest are known before the upload), then uploaded; memory
 * stays flat whatever its size.
 */
public final class AttachmentSource {
  private static final String OCTET_STREAM = "application/octet-stream";

  /** Opens the content; called once. */
  @FunctionalInterface
  private interface Content {
    InputStream open() throws IOException;
  }

  private final String fileName;
  private final String contentType;
  private final Content content;

  private AttachmentSource(String fileName, String contentType, Content content) {
    if (fileName == null || fileName.isBlank() || fileName.length() > 255) {
      throw new IllegalArgumentException("an attachment's file name is 1-255 characters");
    }
    if (contentType == null || !contentType.matches("[\\x21-\\x7e][\\x20-\\x7e]{0,126}")) {
      throw new IllegalArgumentException("a content type is 1-127 printable ASCII characters");
    }
    this.fileName = fileName;
    this.contentType = contentType;
    this.content = content;
  }

  /**
   * The file at {@code file}, named as it is, with the media type the platform guesses from its
   * name (else {@code application/octet-stream}).
   */
  public static AttachmentSource file(Path file) {
    String type;
    try {
      type = Files.probeContentType(file);
    } catch (IOException e) {
      type = null;
    }
    return file(file, type == null ? OCTET_STREAM : type);
  }

  /** The file at {@code file}, named as it is, of media type {@code contentType}. */
  public static AttachmentSource file(Path file, String contentType) {
    Objects.requireNonNull(file, "file");
    Path name = file.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("not a file: " + file);
    }
    return new AttachmentSource(name.toString(), contentType, () -> Files.newInputStream(file));
  }

  /**
   * What {@code in} holds, read to its end once and closed, under {@code fileName} and of media
   * type {@code contentType}.
   */
  public static AttachmentSource stream(String fileName, String contentType, InputStream in) {
    Objects.requireNonNull(in, "in");
    return new AttachmentSource(fileName, contentType, () -> in);
  }

  /** The name the recipient will see. */
  public String fileName() {
    return fileName;
  }

  /** The media type the recipient will see. */
  public String contentType() {
    return contentType;
  }

  InputStream open() throws IOException {
    return content.open();
  }

  @Override
  public String toString() {
    return "AttachmentSource[" + fileName + ", " + contentType + "]";
  }
}
