package org.rogatory.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} (server-sent events, as the WHATWG HTML standard defines them)
 * one event block at a time. Comments and blocks with neither an id nor data are skipped. Lines are
 * bounded, so a hostile stream cannot make memory grow.
 */
final class EventStreamReader {
  static final int MAX_LINE = 256 * 1024;
  private static final int MAX_DATA = 1024 * 1024;

  /**
   * One event block.
   *
   * @param id the block's {@code id} field, or null if it had none
   * @param type the {@code event} field, or {@code message} by default
   * @param data the data lines joined with LF, or null if the block had no data (it then only moves
   *     the last event id)
   */
  record Event(String id, String type, String data) {}

  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean skipLf;

  EventStreamReader(InputStream in) {
    this.in = in;
  }

  /** The next block with an id or data, or null at the end of the stream. */
  Event next() throws IOException {
    String id = null;
    String type = null;
    StringBuilder data = null;
    while (true) {
      String l = readLine();
      if (l == null) {
        return null; // an unterminated block at the end is discarded, as the standard says
      }
      if (l.isEmpty()) {
        if (id != null || data != null) {
          String d = data == null ? null : data.substring(0, data.length() - 1);
          return new Event(id, type == null ? "message" : type, d);
        }
        type = null;
        continue;
      }
      if (l.charAt(0) == ':') {
        continue; // a comment: heartbeats and the opening line
      }
      int colon = l.indexOf(':');
      String field = colon < 0 ? l : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> {
          if (value.indexOf('\0') < 0) {
            id = value;
          }
        }
        case "event" -> type = value;
        case "data" -> {
          if (data == null) {
            data = new StringBuilder();
          }
          if (data.length() + value.length() > MAX_DATA) {
            throw new IOException("an event of the push channel is larger than allowed");
          }
          data.append(value).append('\n');
        }
        default -> {
          // retry and unknown fields are ignored
        }
      }
    }
  }

  /** A line without its terminator (CR, LF or CRLF), or null at the end of the stream. */
  private String readLine() throws IOException {
    line.reset();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        skipLf = b == '\r';
        return line.toString(StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("a line of the push channel is longer than allowed");
      }
      line.write(b);
    }
  }
}
