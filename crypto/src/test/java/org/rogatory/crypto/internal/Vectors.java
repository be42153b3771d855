package org.rogatory.crypto.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Test fixture: loads the public test vectors from the folder named by the system property {@code
 * rogatory.vectors} (set by the surefire configuration). A missing folder or file is an error,
 * never a reason to skip.
 */
final class Vectors {
  static final String PROPERTY = "rogatory.vectors";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  /** The vectors folder; throws if the property is unset or the folder does not exist. */
  static Path dir() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + PROPERTY + " is not set");
    }
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(PROPERTY + " does not name a folder: " + dir);
    }
    return dir;
  }

  /** A file under the vectors folder; throws if it does not exist. */
  static Path file(String relative) {
    Path file = dir().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("test vector file is missing: " + file);
    }
    return file;
  }

  static JsonNode json(String relative) {
    return JSON.readTree(file(relative));
  }

  /** The non-empty lines of a text file, gunzipped first if its name ends in {@code .gz}. */
  static List<String> lines(String relative) {
    Path file = file(relative);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = relative.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      List<String> out = new ArrayList<>();
      for (String line : text.split("\n", -1)) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty()) {
          out.add(trimmed);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hex(String hex) {
    return HEX.parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The bytes of a hex string field; throws if the field is absent. */
  static byte[] bytes(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new IllegalStateException("missing hex field " + field + " in " + node);
    }
    return hex(value.stringValue());
  }

  /** The bytes of a hex string field, or an empty array if the field is absent. */
  static byte[] bytesOrEmpty(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? new byte[0] : hex(value.stringValue());
  }

  /** A shortened hex rendering for failure messages. */
  static String brief(byte[] bytes) {
    String h = hex(bytes);
    return h.length() <= 64 ? h : h.substring(0, 64) + "...(" + bytes.length + " bytes)";
  }

  /** One Wycheproof file: every test with its group, checked against {@code numberOfTests}. */
  static final class Wycheproof {
    final String name;
    final JsonNode root;
    final List<Case> cases;

    private Wycheproof(String name, JsonNode root, List<Case> cases) {
      this.name = name;
      this.root = root;
      this.cases = cases;
    }

    static Wycheproof load(String fileName) {
      JsonNode root = json("wycheproof/" + fileName);
      List<Case> cases = new ArrayList<>();
      for (JsonNode group : root.required("testGroups")) {
        for (JsonNode test : group.required("tests")) {
          cases.add(new Case(group, test));
        }
      }
      int declared = root.required("numberOfTests").asInt();
      if (cases.size() != declared || declared == 0) {
        throw new IllegalStateException(
            fileName + " declares " + declared + " tests but holds " + cases.size());
      }
      return new Wycheproof(fileName, root, cases);
    }

    int numberOfTests() {
      return root.required("numberOfTests").asInt();
    }
  }

  /** One Wycheproof test and the group it belongs to. */
  record Case(JsonNode group, JsonNode test) {
    int tcId() {
      return test.required("tcId").asInt();
    }

    String result() {
      return test.required("result").stringValue();
    }

    boolean isValid() {
      return "valid".equals(result());
    }

    boolean isInvalid() {
      return "invalid".equals(result());
    }

    boolean isAcceptable() {
      return "acceptable".equals(result());
    }

    boolean hasFlag(String flag) {
      JsonNode flags = test.get("flags");
      if (flags == null) {
        return false;
      }
      for (JsonNode f : flags) {
        if (flag.equals(f.stringValue())) {
          return true;
        }
      }
      return false;
    }

    boolean has(String field) {
      return test.has(field);
    }

    byte[] bytes(String field) {
      return Vectors.bytes(test, field);
    }

    byte[] bytesOrEmpty(String field) {
      return Vectors.bytesOrEmpty(test, field);
    }

    byte[] groupBytes(String field) {
      return Vectors.bytes(group, field);
    }

    int groupInt(String field) {
      return group.required(field).asInt();
    }

    String label() {
      return "tcId " + tcId() + " (" + result() + ")";
    }
  }

  /**
   * A {@link SecureRandom} that hands out fixed bytes, in order, and fails if asked for more: lets
   * a test pin the randomness a primitive draws (ML-DSA's {@code rnd}, ML-KEM's {@code m}, X-Wing's
   * {@code eseed}).
   */
  static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte[] data;
    private int pos;

    FixedRandom(byte[] data) {
      this.data = data.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      if (data == null) {
        // SecureRandom's constructor may call nextBytes before the field is set; refuse it.
        throw new IllegalStateException("FixedRandom used before construction finished");
      }
      if (bytes.length > data.length - pos) {
        throw new IllegalStateException(
            "FixedRandom exhausted: asked for " + bytes.length + ", " + remaining() + " left");
      }
      System.arraycopy(data, pos, bytes, 0, bytes.length);
      pos += bytes.length;
    }

    @Override
    public byte[] generateSeed(int numBytes) {
      byte[] out = new byte[numBytes];
      nextBytes(out);
      return out;
    }

    @Override
    public void setSeed(long seed) {
      // Ignored: the output is fixed. (Called by SecureRandom's own constructor.)
    }

    @Override
    public void setSeed(byte[] seed) {
      // Ignored: the output is fixed.
    }

    synchronized int remaining() {
      return data.length - pos;
    }
  }

  /** Collects per-vector failures so one run reports all of them. */
  static final class Failures {
    private final List<String> messages = new ArrayList<>();

    void add(String where, String message) {
      messages.add(where + ": " + message);
    }

    void mismatch(String where, String what, byte[] expected, byte[] actual) {
      if (actual == null) {
        add(where, what + " differs: expected " + brief(expected) + ", got null");
        return;
      }
      int at = Arrays.mismatch(expected, actual);
      add(
          where,
          what
              + " differs from byte "
              + at
              + ": expected "
              + brief(expected)
              + ", got "
              + brief(actual));
    }

    void thrown(String where, Throwable t) {
      add(where, "threw " + t);
    }

    List<String> messages() {
      return messages;
    }
  }
}
