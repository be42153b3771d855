package org.rogatory.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.TreeFrontier;

/**
 * Verifies an audit bundle offline (docs/spec/audit-bundle.md section 4): the manifest's digests,
 * the hash chain of every event (gapless {@code n}, every hash recomputed), every leaf against the
 * root of every checkpoint (which also shows successive checkpoints consistent: their roots are
 * recomputed from one sequence of leaves), every checkpoint's two log signatures, checkpoints the
 * auditor holds from elsewhere, the retrieval receipts recorded in the events, and the domain rules
 * replayed from the event payloads. It stops at the first discrepancy and throws a {@link
 * LogAuditException} naming it and its position {@code n}.
 *
 * <p>It streams the bundle: memory grows with the number of parties, requests and messages (the
 * rules' state), not with the number of events or checkpoints.
 *
 * <p>Security guarantees: with log keys obtained out of band, a bundle that passes is a history the
 * log signed, unaltered, and consistent with the checkpoints given to {@link #holding}. Warning:
 * with the bundle's own keys ({@code logKeys} null), it proves only that the bundle is internally
 * consistent; compare the keys it reports with the ones the log's operator published.
 */
public final class AuditBundleVerifier {
  // The verifier drains and closes the parts itself (their digests must see every byte).
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_SMALL_PART = 1 << 20;
  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "n",
          "eventId",
          "aggregateType",
          "aggregateId",
          "aggregateSequence",
          "timestamp",
          "payloadType",
          "payloadRevision",
          "payload",
          "metadata",
          "hash");

  private final List<NoteVerifierKey> logKeys;
  private final List<String> held;

  /** What a bundle that passed holds. */
  public record Report(
      String origin,
      List<NoteVerifierKey> logKeys,
      boolean keysFromBundle,
      long events,
      long checkpoints,
      Checkpoint latest,
      long heldCheckpoints,
      long receipts) {}

  private AuditBundleVerifier(List<NoteVerifierKey> logKeys, List<String> held) {
    this.logKeys = logKeys == null ? null : List.copyOf(logKeys);
    this.held = List.copyOf(held);
  }

  /**
   * A verifier that trusts {@code logKeys} (obtained out of band); null to use the bundle's own
   * keys (see the class's warning).
   */
  public static AuditBundleVerifier withLogKeys(List<NoteVerifierKey> logKeys) {
    return new AuditBundleVerifier(logKeys, List.of());
  }

  /**
   * Also checks these signed checkpoint notes, met elsewhere (held by a party, a witness, an
   * earlier audit): each must verify and its root must be recomputed from the bundle's events; one
   * beyond the bundle's last event shows a truncated history.
   */
  public AuditBundleVerifier holding(List<String> checkpointNotes) {
    return new AuditBundleVerifier(logKeys, checkpointNotes);
  }

  /**
   * Verifies the bundle at {@code file}. Receipt signatures are checked on one thread per core,
   * alongside the walk; discrepancies are still reported in global order.
   */
  public Report verify(Path file) throws IOException, LogAuditException {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "rogatory-audit-receipts");
              t.setDaemon(true);
              return t;
            });
    try {
      return verify(file, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private Report verify(Path file, java.util.concurrent.ExecutorService pool)
      throws IOException, LogAuditException {
    try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
      Map<String, String[]> parts = manifest(zip);
      byte[] keyBytes = small(zip, parts, AuditBundleWriter.LOG_KEYS);
      List<NoteVerifierKey> bundleKeys = keys(keyBytes);
      List<NoteVerifierKey> keys = logKeys == null ? bundleKeys : logKeys;
      if (logKeys != null && !new HashSet<>(bundleKeys).equals(new HashSet<>(logKeys))) {
        throw new LogAuditException(
            -1, "the bundle's log keys are not the log keys given; compare them with the operator");
      }
      String origin = keys.get(0).name();
      CheckpointVerifier verifier = CheckpointVerifier.forLog(origin, keys);
      Deque<Checkpoint> heldCheckpoints = new ArrayDeque<>();
      for (String note : held) {
        heldCheckpoints.add(verifyNote(verifier, note, "a checkpoint held from elsewhere"));
      }
      List<Checkpoint> sortedHeld = new ArrayList<>(heldCheckpoints);
      sortedHeld.sort(Comparator.comparingLong(Checkpoint::size));
      heldCheckpoints = new ArrayDeque<>(sortedHeld);

      ZipEntry cpEntry = entry(zip, AuditBundleWriter.CHECKPOINTS);
      ZipEntry evEntry = entry(zip, AuditBundleWriter.EVENTS);
      try (DigestInputStream cpIn =
              new DigestInputStream(zip.getInputStream(cpEntry), AuditBundleWriter.sha256());
          JsonParser cps = JSON.createParser(cpIn);
          DigestInputStream evIn =
              new DigestInputStream(zip.getInputStream(evEntry), AuditBundleWriter.sha256());
          JsonParser evs = JSON.createParser(evIn)) {
        Walk walk = new Walk(verifier, cps, heldCheckpoints, new AuditRules(pool));
        try {
          walk.run(evs);
          walk.rules.finish();
        } catch (LogAuditException | IOException | RuntimeException e) {
          walk.rules.finish(); // an earlier receipt's failure comes first
          throw e;
        }
        drain(cpIn);
        drain(evIn);
        checkDigest(parts, AuditBundleWriter.CHECKPOINTS, cpIn);
        checkDigest(parts, AuditBundleWriter.EVENTS, evIn);
        return new Report(
            origin,
            keys,
            logKeys == null,
            walk.frontier.size(),
            walk.checkpoints,
            walk.latest,
            held.size(),
            walk.rules.receipts());
      }
    } catch (java.util.zip.ZipException e) {
      throw new LogAuditException(-1, "the bundle is not a readable ZIP file: " + e.getMessage());
    }
  }

  /** The walk over events, merged with the checkpoints by size. */
  private static final class Walk {
    final CheckpointVerifier verifier;
    final JsonParser cps;
    final Deque<Checkpoint> held;
    final TreeFrontier frontier = TreeFrontier.empty();
    final AuditRules rules;
    Checkpoint next;
    Checkpoint latest;
    long checkpoints;
    long lastMatched = 0; // the size of the last checkpoint whose root matched

    Walk(CheckpointVerifier verifier, JsonParser cps, Deque<Checkpoint> held, AuditRules rules) {
      this.rules = rules;
      this.verifier = verifier;
      this.cps = cps;
      this.held = held;
    }

    void run(JsonParser evs) throws IOException, LogAuditException {
      next = nextCheckpoint();
      byte[] previous = new byte[32];
      long n = 0;
      settle();
      AuditEvent e;
      while ((e = readEvent(evs, n)) != null) {
        if (e.n() != n) {
          throw new LogAuditException(
              n, "event " + n + " is missing: the next event in the bundle is n = " + e.n());
        }
        byte[] hash = e.record().chainHash(n, previous);
        if (!java.security.MessageDigest.isEqual(hash, e.hash())) {
          throw new LogAuditException(
              n,
              "event "
                  + n
                  + " does not match its chain hash: a field of it, or of an event before it, was"
                  + " changed, removed or reordered");
        }
        rules.apply(e);
        frontier.append(EventLeaf.hash(n, hash));
        previous = hash;
        n++;
        settle();
      }
      if (next != null) {
        throw new LogAuditException(
            n,
            "the bundle ends after "
                + n
                + " events, but the log signed a checkpoint of size "
                + next.size()
                + ": the history is truncated");
      }
      if (!held.isEmpty()) {
        throw new LogAuditException(
            n,
            "the bundle ends after "
                + n
                + " events, but a checkpoint held from elsewhere has size "
                + held.peekFirst().size()
                + ": the history is truncated");
      }
    }

    /** Checks every checkpoint whose size the walk has reached. */
    private void settle() throws IOException, LogAuditException {
      long size = frontier.size();
      while (next != null && next.size() == size) {
        compare(next, "the log's checkpoint");
        latest = next;
        next = nextCheckpoint();
      }
      while (!held.isEmpty() && held.peekFirst().size() == size) {
        compare(held.pollFirst(), "a checkpoint held from elsewhere");
      }
    }

    private void compare(Checkpoint c, String what) throws LogAuditException {
      if (!c.root().equals(frontier.root())) {
        long from = c.size() == lastMatched ? 0 : lastMatched;
        throw new LogAuditException(
            from,
            what
                + " of size "
                + c.size()
                + " has another root than the bundle's events: events "
                + from
                + " to "
                + (c.size() - 1)
                + " are not the history the log signed");
      }
      lastMatched = Math.max(lastMatched, c.size());
    }

    private Checkpoint nextCheckpoint() throws IOException, LogAuditException {
      JsonToken t = cps.nextToken();
      if (t == null) {
        return null;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new LogAuditException(-1, "checkpoints.jsonl holds a line that is not an object");
      }
      JsonNode line = MAPPER.readTree(cps);
      long size = line.path("size").asLong(-1);
      String note = line.path("note").asText(null);
      if (note == null || line.size() != 2) {
        throw new LogAuditException(-1, "checkpoints.jsonl holds a malformed line");
      }
      Checkpoint c = verifyNote(verifier, note, "the checkpoint of size " + size);
      if (c.size() != size) {
        throw new LogAuditException(-1, "a checkpoint line's size is not its note's");
      }
      if ((latest != null && c.size() <= latest.size())
          || (next != null && c.size() <= next.size())) {
        throw new LogAuditException(
            -1, "the checkpoints are not in increasing order of size at size " + c.size());
      }
      if (c.size() < frontier.size()) {
        throw new LogAuditException(-1, "the checkpoints are out of order at size " + c.size());
      }
      checkpoints++;
      return c;
    }
  }

  private static Checkpoint verifyNote(CheckpointVerifier verifier, String note, String what)
      throws LogAuditException {
    try {
      return verifier.verify(note);
    } catch (CryptoException e) {
      throw new LogAuditException(-1, what + " is not signed by the log's keys: " + e.getMessage());
    }
  }

  /** The next event line, or null at the end. */
  private static AuditEvent readEvent(JsonParser p, long n) throws IOException, LogAuditException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw malformed(n, "is not a JSON object");
    }
    long seq = -1;
    long aggSeq = Long.MIN_VALUE;
    String eventId = null;
    String aggType = null;
    String aggId = null;
    String timestamp = null;
    String payloadType = null;
    String revision = null;
    byte[] payload = null;
    byte[] metadata = null;
    byte[] hash = null;
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      seen++;
      try {
        switch (name) {
          case "n" -> seq = number(p, v, n);
          case "eventId" -> eventId = string(p, v, n, false);
          case "aggregateType" -> aggType = string(p, v, n, true);
          case "aggregateId" -> aggId = string(p, v, n, true);
          case "aggregateSequence" -> aggSeq = number(p, v, n);
          case "timestamp" -> timestamp = string(p, v, n, false);
          case "payloadType" -> payloadType = string(p, v, n, false);
          case "payloadRevision" -> revision = string(p, v, n, true);
          case "payload" -> payload = binary(p, v, n);
          case "metadata" -> metadata = binary(p, v, n);
          case "hash" -> hash = binary(p, v, n);
          default -> throw malformed(n, "has an unknown member " + name);
        }
      } catch (com.fasterxml.jackson.core.JsonParseException | IllegalArgumentException ex) {
        throw malformed(n, "has a malformed member " + name);
      }
    }
    if (seen != EVENT_FIELDS.size()
        || seq < 0
        || aggSeq == Long.MIN_VALUE
        || eventId == null
        || timestamp == null
        || payloadType == null
        || payload == null
        || metadata == null
        || hash == null
        || hash.length != 32) {
      throw malformed(n, "lacks a member or repeats one");
    }
    return new AuditEvent(
        seq,
        eventId,
        aggType,
        aggId,
        aggSeq,
        timestamp,
        payloadType,
        revision,
        payload,
        metadata,
        hash);
  }

  private static long number(JsonParser p, JsonToken v, long n)
      throws IOException, LogAuditException {
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw malformed(n, "has a member that should be an integer");
    }
    return p.getLongValue();
  }

  private static String string(JsonParser p, JsonToken v, long n, boolean nullable)
      throws IOException, LogAuditException {
    if (v == JsonToken.VALUE_NULL && nullable) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw malformed(n, "has a member that should be a string");
    }
    return p.getText();
  }

  private static byte[] binary(JsonParser p, JsonToken v, long n)
      throws IOException, LogAuditException {
    if (v != JsonToken.VALUE_STRING) {
      throw malformed(n, "has a member that should be base64");
    }
    // The JDK's decoder (strict: padded, standard alphabet) is several times faster than the
    // parser's own on long values.
    return java.util.Base64.getDecoder().decode(p.getText());
  }

  private static LogAuditException malformed(long n, String what) {
    return new LogAuditException(n, "the event line after event " + (n - 1) + " " + what);
  }

  /** The manifest's parts by name: {size, sha256}. */
  private static Map<String, String[]> manifest(ZipFile zip) throws IOException, LogAuditException {
    ZipEntry m = zip.getEntry(AuditBundleWriter.MANIFEST);
    if (m == null) {
      throw new LogAuditException(-1, "the bundle has no " + AuditBundleWriter.MANIFEST);
    }
    JsonNode manifest;
    try (InputStream in = zip.getInputStream(m)) {
      manifest = MAPPER.readTree(in.readNBytes(MAX_SMALL_PART));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new LogAuditException(-1, "the bundle's manifest is not JSON");
    }
    if (manifest == null || !AuditBundleWriter.FORMAT.equals(manifest.path("format").asText())) {
      throw new LogAuditException(
          -1, "the bundle is not in the format " + AuditBundleWriter.FORMAT);
    }
    Map<String, String[]> parts = new HashMap<>();
    for (JsonNode p : manifest.path("parts")) {
      parts.put(
          p.path("name").asText(),
          new String[] {Long.toString(p.path("size").asLong(-1)), p.path("sha256").asText()});
    }
    Set<String> expected =
        Set.of(AuditBundleWriter.LOG_KEYS, AuditBundleWriter.EVENTS, AuditBundleWriter.CHECKPOINTS);
    if (!parts.keySet().equals(expected)) {
      throw new LogAuditException(-1, "the manifest does not list exactly the parts " + expected);
    }
    return parts;
  }

  private static ZipEntry entry(ZipFile zip, String name) throws LogAuditException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new LogAuditException(-1, "the bundle has no " + name);
    }
    return e;
  }

  private static byte[] small(ZipFile zip, Map<String, String[]> parts, String name)
      throws IOException, LogAuditException {
    try (DigestInputStream in =
        new DigestInputStream(zip.getInputStream(entry(zip, name)), AuditBundleWriter.sha256())) {
      byte[] b = in.readNBytes(MAX_SMALL_PART);
      if (in.read() >= 0) {
        throw new LogAuditException(-1, name + " is larger than 1 MiB");
      }
      checkDigest(parts, name, in, b.length);
      return b;
    }
  }

  private static List<NoteVerifierKey> keys(byte[] text) throws LogAuditException {
    List<NoteVerifierKey> keys = new ArrayList<>();
    for (String line : new String(text, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        keys.add(NoteVerifierKey.parse(line));
      } catch (CryptoException e) {
        throw new LogAuditException(-1, "log-keys.txt holds a line that is not a verifier key");
      }
    }
    if (keys.isEmpty()) {
      throw new LogAuditException(-1, "log-keys.txt holds no key");
    }
    return keys;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[65536];
    while (in.read(buf) >= 0) {
      // the digest sees every byte, including any after the last JSON value
    }
  }

  private static void checkDigest(Map<String, String[]> parts, String name, DigestInputStream in)
      throws LogAuditException {
    checkDigest(parts, name, in, -1);
  }

  private static void checkDigest(
      Map<String, String[]> parts, String name, DigestInputStream in, long size)
      throws LogAuditException {
    String actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
    String[] expected = parts.get(name);
    if (!actual.equals(expected[1]) || (size >= 0 && size != Long.parseLong(expected[0]))) {
      throw new LogAuditException(
          -1, name + " does not have the SHA-256 the manifest gives: the bundle was altered");
    }
  }
}
