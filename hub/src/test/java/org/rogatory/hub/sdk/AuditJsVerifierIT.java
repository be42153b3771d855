package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.AuditBundleVerifier;
import org.rogatory.client.LogAuditException;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.StoredHistory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The independence check of docs/spec/audit-bundle.md 6: an audit bundle exported from the real hub
 * is verified by the Java verifier and by {@code tools/audit-verify-js}, a verifier written in
 * JavaScript from the spec alone with other crypto libraries (noble). Both must accept the
 * untouched history, and for each store edited behind the hub's back both must fail at the same
 * position {@code n}. Skipped when Node or the verifier's {@code node_modules} is missing, unless
 * {@code ROGATORY_REQUIRE_JS_VERIFIER=1} (CI), where that fails.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rogatory.test.context=audit-js",
      // a third message is never fetched: its recipient misses this deadline within the test
      "rogatory.evidence.retrieval-period=5s",
      "rogatory.deadlines.check-interval=1s"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditJsVerifierIT {
  private static final Pattern FAIL_AT = Pattern.compile("^FAIL at n=(\\d+): .*", Pattern.DOTALL);

  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired LogSigningKey logKey;
  @Autowired EventLog eventLog;
  @Autowired MongoDatabase mongo;
  @TempDir static Path tmp;

  Path verifierDir;
  AuditHistoryFixture history;
  long size;
  Path untouched;
  int exports;

  @BeforeAll
  void history() throws Exception {
    verifierDir = findVerifier();
    history = new AuditHistoryFixture(port, pki, mongo, tmp, "js");
    for (int i = 0; i < 2; i++) {
      history.sendFetchAcknowledge(i);
      if (i == 0) {
        // the second receipt is signed with the rotated key; the first key is then revoked
        history.state.client().rotateKeys();
      }
    }
    // never fetched: the hub records that the State missed its retrieval deadline (a non-delivery)
    history.sendLetter();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!forger().logged("MessageNotRetrievedEvent") && System.nanoTime() < until) {
      Thread.sleep(500);
    }
    assertThat(forger().logged("MessageNotRetrievedEvent"))
        .as("a non-retrieval was logged")
        .isTrue();
    // every export is itself logged (an event): the untouched history is exported once here,
    // and the store is copied for restoring only when that event, too, is covered by a checkpoint
    size = awaitRest();
    untouched = export();
    size = awaitRest();
    history.keepOriginal();
  }

  /** Waits until no event arrives and a checkpoint covers the head; that checkpoint's size. */
  private long awaitRest() throws Exception {
    long head;
    long covered;
    do {
      head = eventLog.head();
      covered =
          StoredHistory.awaitCheckpointCovering(history.fixtures.admin(), logKey, eventLog.head());
      Thread.sleep(1500);
    } while (eventLog.head() != head);
    return covered;
  }

  @AfterAll
  void tearDown() throws Exception {
    if (history != null) {
      history.close();
    }
  }

  @AfterEach
  void restore() {
    history.restore();
  }

  /** The verifier's folder, or skips (fails under ROGATORY_REQUIRE_JS_VERIFIER=1). */
  private static Path findVerifier() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("tools/audit-verify-js"))) {
      dir = dir.getParent();
    }
    String missing = null;
    Path verifier = dir == null ? null : dir.resolve("tools/audit-verify-js");
    if (verifier == null) {
      missing = "tools/audit-verify-js not found";
    } else if (!Files.isDirectory(verifier.resolve("node_modules"))) {
      missing = "tools/audit-verify-js/node_modules missing (run npm ci there)";
    } else if (!nodeRuns()) {
      missing = "node not on the PATH";
    }
    if (missing != null) {
      if ("1".equals(System.getenv("ROGATORY_REQUIRE_JS_VERIFIER"))) {
        fail("ROGATORY_REQUIRE_JS_VERIFIER=1 but " + missing);
      }
      Assumptions.abort(missing);
    }
    return verifier;
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private MongoCollection<Document> events() {
    return history.events();
  }

  /** The stored history, as a forger with the store edits it. */
  private StoredHistory forger() {
    return history.forger();
  }

  /** A verdict: the bundle verifies. */
  private static final long VERIFIED = Long.MAX_VALUE;

  /**
   * Both verdicts on one bundle: the position of the failure, -1 for a failure about the bundle as
   * a whole (no position), or {@link #VERIFIED}.
   */
  private record Verdicts(long java, long js, String javaMessage, String jsOutput) {}

  private Path export() throws Exception {
    return history.export(tmp.resolve("export-" + exports++ + ".zip"));
  }

  private Verdicts verifyBoth() throws Exception {
    return verifyBoth(export());
  }

  private Verdicts verifyBoth(Path bundle) throws Exception {
    long java = VERIFIED;
    String javaMessage = "verified";
    try {
      AuditBundleVerifier.withLogKeys(logKey.verifierKeys()).verify(bundle);
    } catch (LogAuditException e) {
      java = e.leafIndex();
      javaMessage = e.getMessage();
    }
    Path keys = tmp.resolve("log-keys-" + exports + ".txt");
    StringBuilder keyLines = new StringBuilder();
    for (NoteVerifierKey k : logKey.verifierKeys()) {
      keyLines.append(k.encode()).append('\n');
    }
    Files.writeString(keys, keyLines.toString());
    Process p =
        new ProcessBuilder(
                "node",
                verifierDir.resolve("verify.mjs").toString(),
                bundle.toString(),
                "--log-keys",
                keys.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the JS verifier finished").isTrue();
    long js;
    if (p.exitValue() == 0) {
      assertThat(out).as(out).contains("OK ");
      js = VERIFIED;
    } else {
      assertThat(p.exitValue()).as(out).isEqualTo(3);
      Matcher m = FAIL_AT.matcher(out.strip());
      if (m.matches()) {
        js = Long.parseLong(m.group(1));
      } else {
        assertThat(out.strip()).as("a failure without a position").startsWith("FAIL: ");
        js = -1;
      }
    }
    // both verdicts in the test's output, for whoever reads the report
    System.out.printf(
        "bundle %s: Java at %d (%s); JS: %s%n", bundle, java, javaMessage, out.strip());
    return new Verdicts(java, js, javaMessage, out);
  }

  /**
   * A copy of {@code bundle} with entry {@code name} changed, and the manifest's size and SHA-256
   * of it updated unless {@code keepManifest}.
   */
  private Path rewrite(Path bundle, String name, UnaryOperator<String> change, boolean keepManifest)
      throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(bundle))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    String before = new String(entries.get(name), StandardCharsets.UTF_8);
    byte[] after = change.apply(before).getBytes(StandardCharsets.UTF_8);
    assertThat(after).as("the entry was changed").isNotEqualTo(entries.get(name));
    if (!keepManifest) {
      String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
      String oldSha = HexFormat.of().formatHex(sha256(entries.get(name)));
      String newSha = HexFormat.of().formatHex(sha256(after));
      Matcher m =
          Pattern.compile(
                  "\"size\"\\s*:\\s*"
                      + entries.get(name).length
                      + "(\\s*,\\s*\"sha256\"\\s*:\\s*\")"
                      + oldSha)
              .matcher(manifest);
      assertThat(m.find()).as(manifest).isTrue();
      manifest =
          manifest.substring(0, m.start())
              + "\"size\":"
              + after.length
              + m.group(1)
              + newSha
              + manifest.substring(m.end());
      entries.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    }
    entries.put(name, after);
    Path copy = tmp.resolve("rewritten-" + exports++ + ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return copy;
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  /**
   * Rechains the store from the forged event {@code k} on, as a forger would, and requires both
   * verifiers to find that event breaking domain rule {@code rule}.
   */
  private void assertBothBreakAt(long k, String rule) throws Exception {
    forger().rechainFrom(k);
    Verdicts v = verifyBoth();
    assertSameFailure(v);
    assertThat(v.js()).isEqualTo(k);
    assertThat(v.jsOutput()).contains("rule " + rule);
  }

  private static void assertSameFailure(Verdicts v) {
    assertThat(v.java()).as("Java: %s", v.javaMessage()).isNotEqualTo(VERIFIED);
    assertThat(v.js())
        .as("JS (%s) and Java (%s) fail at the same n", v.jsOutput().strip(), v.javaMessage())
        .isEqualTo(v.java());
  }

  private void changePayload(long k, String from, String to) {
    forger()
        .edit(
            k,
            e -> {
              String p =
                  new String(e.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
              String forged = p.replaceFirst(from, to);
              assertThat(forged).as("the payload was changed").isNotEqualTo(p);
              e.put("payload", new Binary(forged.getBytes(StandardCharsets.UTF_8)));
            });
  }

  @Test
  void theUntouchedHistory_verifiesOnBothSides() throws Exception {
    Verdicts v = verifyBoth(untouched);
    assertThat(v.java()).as(v.javaMessage()).isEqualTo(VERIFIED);
    assertThat(v.js()).as(v.jsOutput()).isEqualTo(VERIFIED);
    assertThat(v.jsOutput()).containsPattern("OK \\d+ events");
  }

  @Test
  void truncatedTail() throws Exception {
    TreeMap<Long, Document> commits = forger().commits();
    long from = commits.floorKey(size - 3);
    events().deleteMany(new Document("_id", new Document("$gte", from)));
    Verdicts v = verifyBoth();
    assertSameFailure(v);
    assertThat(v.js()).isEqualTo(from);
  }

  @Test
  void eventsDigestNotTheManifests() throws Exception {
    Path bundle = rewrite(untouched, "events.jsonl", t -> t + "\n", /* keepManifest= */ true);
    Verdicts v = verifyBoth(bundle);
    assertSameFailure(v);
  }

  @Test
  void checkpointSignatureChanged() throws Exception {
    Path bundle =
        rewrite(
            untouched,
            "checkpoints.jsonl",
            t -> {
              // the second line's first signature: one base64 character in the middle changed
              int line = t.indexOf('\n') + 1;
              int sigs = t.indexOf("\\n\\n", line) + 4;
              int at = t.indexOf(' ', t.indexOf(' ', sigs) + 1) + 20;
              char c = t.charAt(at) == 'A' ? 'B' : 'A';
              return t.substring(0, at) + c + t.substring(at + 1);
            },
            false);
    Verdicts v = verifyBoth(bundle);
    assertSameFailure(v);
  }

  @Test
  void checkpointEd25519SignatureWithSPlusL_isRejectedAsRfc8032Says() throws Exception {
    // the same signature with S + L: valid under ZIP 215 rules, invalid under RFC 8032 5.1.7
    BigInteger order =
        BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    Path bundle =
        rewrite(
            untouched,
            "checkpoints.jsonl",
            t -> {
              int line = t.indexOf('\n') + 1;
              int sigs = t.indexOf("\\n\\n", line) + 4;
              int start = t.indexOf(' ', t.indexOf(' ', sigs) + 1) + 1;
              int end = t.indexOf("\\n", start);
              byte[] raw = Base64.getDecoder().decode(t.substring(start, end));
              assertThat(raw).hasSize(4 + 64);
              byte[] s = new byte[32];
              for (int i = 0; i < 32; i++) {
                s[i] = raw[4 + 63 - i]; // little-endian S, read big-endian
              }
              byte[] bigger = new BigInteger(1, s).add(order).toByteArray();
              byte[] le = new byte[32];
              for (int i = 0; i < 32; i++) {
                int j = bigger.length - 1 - i;
                le[i] = j >= 0 ? bigger[j] : 0;
              }
              System.arraycopy(le, 0, raw, 36, 32);
              return t.substring(0, start)
                  + Base64.getEncoder().encodeToString(raw)
                  + t.substring(end);
            },
            false);
    Verdicts v = verifyBoth(bundle);
    assertSameFailure(v);
    assertThat(v.jsOutput()).contains("does not verify");
  }

  @Test
  void checkpointLineWithAThirdMember() throws Exception {
    Path bundle =
        rewrite(
            untouched,
            "checkpoints.jsonl",
            t -> {
              // the second object (the exporter puts a space before it: JSON whitespace)
              int line = t.indexOf('{', t.indexOf('\n'));
              return t.substring(0, line) + "{\"extra\":1," + t.substring(line + 1);
            },
            false);
    assertSameFailure(verifyBoth(bundle));
  }

  @Test
  void changedPayloadByte() throws Exception {
    long k = forger().last("MessageSubmittedEvent", size);
    forger()
        .edit(
            k,
            e -> {
              byte[] p = e.get("payload", Binary.class).getData();
              p[p.length / 2] ^= 1;
              e.put("payload", new Binary(p));
            });
    Verdicts v = verifyBoth();
    assertSameFailure(v);
    assertThat(v.js()).isEqualTo(k);
  }

  @Test
  void deletedEvent() throws Exception {
    long k = forger().last("MessageDeliveredEvent", size);
    events().deleteOne(new Document("_id", forger().commits().floorKey(k)));
    assertSameFailure(verifyBoth());
  }

  @Test
  void twoEventsSwapped() throws Exception {
    long a = forger().commits().floorKey(forger().last("MessageDeliveredEvent", size));
    forger().swapWithNextCommit(a);
    Verdicts v = verifyBoth();
    assertSameFailure(v);
    assertThat(v.js()).isEqualTo(a);
  }

  @Test
  void rewrittenTailWithRecomputedChain() throws Exception {
    long k = forger().last("MessageRetrievedEvent", size);
    forger().edit(k, e -> e.put("ts", e.getString("ts").replace("Z", "1Z")));
    forger().rechainFrom(k);
    Verdicts v = verifyBoth();
    assertSameFailure(v);
    assertThat(v.js()).isBetween(0L, k);
  }

  @Test
  void deliveredToANonRecipient_domainRuleM2() throws Exception {
    long k = forger().last("MessageDeliveredEvent", size);
    changePayload(
        k, "\"recipient\":\"[^\"]+\"", "\"recipient\":\"" + history.auditor.id().value() + "\"");
    assertBothBreakAt(k, "M2");
  }

  @Test
  void receiptDigestChanged_domainRuleE1() throws Exception {
    long k = forger().last("MessageRetrievedEvent", size);
    // one hex digit of the digest changed: still 64 hex, no longer the receipt's SHA-256
    forger()
        .edit(
            k,
            e -> {
              String p =
                  new String(e.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
              Matcher m = Pattern.compile("\"receiptDigest\":\"([0-9a-f])").matcher(p);
              assertThat(m.find()).as(p).isTrue();
              String digit = "0".equals(m.group(1)) ? "1" : "0";
              String forged = p.substring(0, m.start(1)) + digit + p.substring(m.end(1));
              e.put("payload", new Binary(forged.getBytes(StandardCharsets.UTF_8)));
            });
    assertBothBreakAt(k, "E1");
  }

  @Test
  void messageFromARevokedKey_domainRuleK1() throws Exception {
    // the State's first key was revoked by the rotation; a later submission claims it
    long revoked = forger().last("KeyBundleRevokedEvent", size);
    String fingerprint = null;
    for (Document c : forger().commits().values()) {
      for (Document e : c.getList("events", Document.class)) {
        if (e.get("seq", Number.class).longValue() == revoked) {
          String p = new String(e.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
          Matcher m = Pattern.compile("\"keyFingerprint\":\"([0-9a-f]{64})\"").matcher(p);
          assertThat(m.find()).as(p).isTrue();
          fingerprint = m.group(1);
        }
      }
    }
    long k = forger().last("MessageSubmittedEvent", size);
    assertThat(k).isGreaterThan(revoked);
    changePayload(
        k,
        "\"senderKeyFingerprint\":\"[0-9a-f]{64}\"",
        "\"senderKeyFingerprint\":\"" + fingerprint + "\"");
    assertBothBreakAt(k, "K1");
  }

  @Test
  void nonDeliveryClaimingADelivery_domainRuleN3() throws Exception {
    long k = forger().last("MessageNotRetrievedEvent", size);
    changePayload(k, "\"delivered\":false", "\"delivered\":true");
    assertBothBreakAt(k, "N3");
  }

  @Test
  void nonRetrievalBeforeItsDeadline_domainRuleN1() throws Exception {
    long k = forger().last("MessageNotRetrievedEvent", size);
    // recorded a year before the deadline
    changePayload(k, "\"at\":\"(\\d{4})", "\"at\":\"2000");
    assertBothBreakAt(k, "N1");
  }
}
