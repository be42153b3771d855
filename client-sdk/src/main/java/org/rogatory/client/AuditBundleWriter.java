package org.rogatory.client;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.rogatory.crypto.NoteVerifierKey;

/**
 * Writes an audit bundle (docs/spec/audit-bundle.md): a ZIP file holding the log's verifier keys,
 * every event with its chain hash, the log's signed checkpoints, and a manifest with the SHA-256 of
 * each part. Parts are streamed in the order the format fixes ({@value #LOG_KEYS}, {@value
 * #EVENTS}, {@value #CHECKPOINTS}, then {@value #MANIFEST}), so a bundle of millions of events is
 * written in constant memory.
 *
 * <p>The writer writes what it is given: it does not check the chain (the verifier does). Call
 * {@link #event} for every event in order, then {@link #checkpoint} for every checkpoint by
 * increasing size, then {@link #finish}.
 */
public final class AuditBundleWriter implements Closeable {
  /** The format name in the manifest. */
  public static final String FORMAT = "rogatory-audit-bundle/1";

  /** The log's verifier keys, one per line. */
  public static final String LOG_KEYS = "log-keys.txt";

  /** The events, one JSON object per line. */
  public static final String EVENTS = "events.jsonl";

  /** The checkpoints, one JSON object per line. */
  public static final String CHECKPOINTS = "checkpoints.jsonl";

  /** The manifest, last. */
  public static final String MANIFEST = "manifest.json";

  private static final JsonFactory JSON = new JsonFactory();

  private enum Stage {
    EVENTS,
    CHECKPOINTS,
    DONE
  }

  private record Part(String name, long size, String sha256) {}

  private final ZipOutputStream zip;
  private final String origin;
  private final List<Part> parts = new ArrayList<>();
  private Stage stage = Stage.EVENTS;
  private String openPart;
  private CountingDigest digest;
  private JsonGenerator json;
  private long events;
  private long checkpoints;

  private AuditBundleWriter(OutputStream out, String origin) {
    this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    this.origin = origin;
  }

  /**
   * Starts a bundle on {@code out} (closed by {@link #close}) for the log with these verifier keys,
   * Ed25519 first (transparency-log.md 2.4).
   */
  public static AuditBundleWriter create(OutputStream out, List<NoteVerifierKey> logKeys)
      throws IOException {
    if (logKeys.isEmpty()) {
      throw new IllegalArgumentException("a bundle names the log's verifier keys");
    }
    AuditBundleWriter w = new AuditBundleWriter(out, logKeys.get(0).name());
    StringBuilder keys = new StringBuilder();
    for (NoteVerifierKey k : logKeys) {
      keys.append(k.encode()).append('\n');
    }
    w.open(LOG_KEYS);
    w.digest.write(keys.toString().getBytes(StandardCharsets.UTF_8));
    w.closePart();
    return w;
  }

  /** Appends one event (in global order). */
  public void event(AuditEvent e) throws IOException {
    if (stage != Stage.EVENTS) {
      throw new IllegalStateException("events come before checkpoints");
    }
    if (openPart == null) {
      open(EVENTS);
    }
    json.writeStartObject();
    json.writeNumberField("n", e.n());
    json.writeStringField("eventId", e.eventId());
    json.writeStringField("aggregateType", e.aggregateType());
    json.writeStringField("aggregateId", e.aggregateId());
    json.writeNumberField("aggregateSequence", e.aggregateSequence());
    json.writeStringField("timestamp", e.timestamp());
    json.writeStringField("payloadType", e.payloadType());
    json.writeStringField("payloadRevision", e.payloadRevision());
    json.writeBinaryField("payload", e.payload());
    json.writeBinaryField("metadata", e.metadata());
    json.writeBinaryField("hash", e.hash());
    json.writeEndObject();
    json.writeRaw('\n');
    events++;
  }

  /** Appends one signed checkpoint note (by increasing size), with any cosignature lines. */
  public void checkpoint(long size, String note) throws IOException {
    if (stage == Stage.DONE) {
      throw new IllegalStateException("the bundle is finished");
    }
    if (stage == Stage.EVENTS) {
      if (openPart == null) {
        open(EVENTS); // an empty history still has its (empty) events part
      }
      closePart();
      stage = Stage.CHECKPOINTS;
      open(CHECKPOINTS);
    }
    json.writeStartObject();
    json.writeNumberField("size", size);
    json.writeStringField("note", note);
    json.writeEndObject();
    json.writeRaw('\n');
    checkpoints++;
  }

  /** Writes the manifest and completes the ZIP file; the writer accepts nothing more. */
  public void finish() throws IOException {
    if (stage == Stage.DONE) {
      return;
    }
    if (stage == Stage.EVENTS) {
      if (openPart == null) {
        open(EVENTS);
      }
      closePart();
      open(CHECKPOINTS);
    }
    closePart();
    stage = Stage.DONE;
    zip.putNextEntry(new ZipEntry(MANIFEST));
    JsonGenerator m = JSON.createGenerator(new Unclosable(zip), JsonEncoding.UTF8);
    m.useDefaultPrettyPrinter();
    m.writeStartObject();
    m.writeStringField("format", FORMAT);
    m.writeStringField("origin", origin);
    m.writeNumberField("events", events);
    m.writeNumberField("checkpoints", checkpoints);
    m.writeArrayFieldStart("parts");
    for (Part p : parts) {
      m.writeStartObject();
      m.writeStringField("name", p.name());
      m.writeNumberField("size", p.size());
      m.writeStringField("sha256", p.sha256());
      m.writeEndObject();
    }
    m.writeEndArray();
    m.writeEndObject();
    m.close();
    zip.closeEntry();
    zip.finish();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  private void open(String name) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    openPart = name;
    digest = new CountingDigest(new Unclosable(zip));
    json = JSON.createGenerator(digest, JsonEncoding.UTF8);
  }

  private void closePart() throws IOException {
    json.close(); // flushes into the digest; the entry stays open until closeEntry
    zip.closeEntry();
    parts.add(
        new Part(
            openPart, digest.count, HexFormat.of().formatHex(digest.getMessageDigest().digest())));
    openPart = null;
  }

  /** SHA-256 and byte count of what passes through. */
  private static final class CountingDigest extends DigestOutputStream {
    long count;

    CountingDigest(OutputStream out) {
      super(out, sha256());
    }

    @Override
    public void write(int b) throws IOException {
      super.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      count += len;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Keeps the ZIP stream open when a part's generator is closed. */
  private static final class Unclosable extends FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
