package org.rogatory.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The payload of a message that has attachments ({@code docs/spec/parcel.md}): one line of JSON
 * listing the attachments and the body's media type, then the body's bytes. It is sealed like any
 * payload, so the list is confidential and signed by the sender.
 */
final class Parcel {
  /** The envelope content type of a parcel. */
  static final String CONTENT_TYPE = "application/vnd.rogatory.parcel";

  static final int MAX_MANIFEST = 64 * 1024;
  private static final int MAX_ATTACHMENTS = 100;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern TYPE = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,126}");

  /** The manifest line. */
  record Manifest(int parcel, String contentType, List<Attachment> attachments) {}

  private Parcel() {}

  /** The payload: the manifest line, then {@code body}'s bytes. */
  static InputStream payload(String bodyType, List<Attachment> attachments, InputStream body)
      throws IOException {
    byte[] line = HubTransport.JSON.writeValueAsBytes(new Manifest(1, bodyType, attachments));
    if (line.length + 1 > MAX_MANIFEST) {
      throw new IllegalArgumentException("too many attachments, or names too long, for a message");
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream(line.length + 1);
    head.write(line);
    head.write('\n');
    return new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), body);
  }

  /**
   * Reads the manifest of the parcel in {@code payload} and writes the body that follows it to
   * {@code body}.
   *
   * @throws MalformedParcelException if the manifest is missing, too long, or invalid
   */
  static Manifest split(Path payload, Path body) throws IOException, MalformedParcelException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(payload), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0 || line.size() >= MAX_MANIFEST) {
          throw new MalformedParcelException();
        }
        line.write(b);
      }
      Manifest m;
      try {
        m = HubTransport.JSON.readValue(line.toByteArray(), Manifest.class);
      } catch (IOException | RuntimeException e) {
        throw new MalformedParcelException();
      }
      check(m);
      try (OutputStream out = Files.newOutputStream(body)) {
        in.transferTo(out);
      }
      return m;
    }
  }

  private static void check(Manifest m) throws MalformedParcelException {
    if (m == null
        || m.parcel() != 1
        || m.contentType() == null
        || !TYPE.matcher(m.contentType()).matches()
        || m.attachments() == null
        || m.attachments().size() > MAX_ATTACHMENTS) {
      throw new MalformedParcelException();
    }
    for (Attachment a : m.attachments()) {
      if (a == null
          || !ID.matcher(a.attachmentId()).matches()
          || !TYPE.matcher(a.contentType()).matches()
          || !HEX64.matcher(a.sealedSha256()).matches()
          || a.fileName().isEmpty()
          || a.fileName().length() > 255
          || a.size() < 0
          || a.sealedSize() < 1) {
        throw new MalformedParcelException();
      }
      try {
        UUID.fromString(a.envelopeId());
      } catch (IllegalArgumentException e) {
        throw new MalformedParcelException();
      }
    }
  }

  /** The parcel's manifest is not valid. */
  static final class MalformedParcelException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedParcelException() {
      super("the message's list of attachments is malformed", null, false, false);
    }
  }
}
