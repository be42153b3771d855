package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.AuditBundleVerifier;
import org.rogatory.client.LogAuditException;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.StoredHistory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The tamper suite for auditors: each case edits the stored events directly through the MongoDB
 * driver, behind the hub's back; an AUDITOR then exports the history through the real hub and the
 * offline verifier names the first altered position. The store is restored after each case.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=audit-tamper")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTamperIT {
  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired LogSigningKey logKey;
  @Autowired EventLog eventLog;
  @Autowired MongoDatabase mongo;
  @TempDir static Path tmp;

  AuditHistoryFixture history;
  long size; // events covered by the latest checkpoint
  int exports;

  @BeforeAll
  void history() throws Exception {
    history = new AuditHistoryFixture(port, pki, mongo, tmp, "tamper");
    for (int i = 0; i < 2; i++) {
      history.sendFetchAcknowledge(i);
    }
    size = StoredHistory.awaitCheckpointCovering(history.fixtures.admin(), logKey, eventLog.head());
    history.keepOriginal();
    assertThat(verify()).as("the untouched history verifies").isNull();
  }

  @AfterAll
  void tearDown() throws Exception {
    history.close();
  }

  @AfterEach
  void restore() {
    history.restore();
  }

  private MongoCollection<Document> events() {
    return history.events();
  }

  /** The stored history, as a forger with the store edits it. */
  private StoredHistory forger() {
    return history.forger();
  }

  /** Exports through the hub as the auditor and verifies; the failure, or null. */
  private LogAuditException verify() throws Exception {
    Path bundle = history.export(tmp.resolve("export-" + exports++ + ".zip"));
    try {
      AuditBundleVerifier.withLogKeys(logKey.verifierKeys()).verify(bundle);
      return null;
    } catch (LogAuditException e) {
      return e;
    }
  }

  private static void assertCaught(LogAuditException e, long at, String what) {
    assertThat(e).as("the tampered history was caught").isNotNull();
    assertThat(e.getMessage()).contains(what);
    assertThat(e.leafIndex()).as(e.getMessage()).isEqualTo(at);
  }

  @Test
  void changedPayloadByte_isCaughtAtThatEvent() throws Exception {
    long k = forger().last("MessageSubmittedEvent", size);
    forger()
        .edit(
            k,
            e -> {
              byte[] p = e.get("payload", Binary.class).getData();
              p[p.length / 2] ^= 1;
              e.put("payload", new Binary(p));
            });
    assertCaught(verify(), k, "does not match its chain hash");
  }

  @Test
  void changedTimestamp_isCaughtAtThatEvent() throws Exception {
    long k = forger().last("RequestOpenedEvent", size);
    forger().edit(k, e -> e.put("ts", "2020-01-01T00:00:00Z"));
    assertCaught(verify(), k, "does not match its chain hash");
  }

  @Test
  void deletedEvent_isCaughtWhereItWas() throws Exception {
    long k = forger().last("MessageDeliveredEvent", size);
    TreeMap<Long, Document> commits = forger().commits();
    long first = commits.floorKey(k);
    events().deleteOne(new Document("_id", first));
    // the export holds the events before the hole; the signed checkpoint says there were more
    assertCaught(verify(), first, "truncated");
  }

  @Test
  void insertedEvent_isCaughtAtTheInsertion() throws Exception {
    long k = forger().last("MessageRetrievedEvent", size);
    TreeMap<Long, Document> commits = forger().commits();
    long at = commits.floorKey(k);
    List<Document> shifted = new ArrayList<>();
    for (Document c : commits.tailMap(at).values()) {
      Document moved = Document.parse(c.toJson());
      moved.put("_id", c.get("_id", Number.class).longValue() + 1);
      moved.put("last", c.get("last", Number.class).longValue() + 1);
      moved.put("prev", c.get("prev"));
      List<Document> es = new ArrayList<>();
      for (Document e : c.getList("events", Document.class)) {
        Document m = new Document(e);
        m.put("seq", e.get("seq", Number.class).longValue() + 1);
        es.add(m);
      }
      moved.put("events", es);
      shifted.add(moved);
    }
    events().deleteMany(new Document("_id", new Document("$gte", at)));
    events().insertMany(shifted);
    // the forged event: a copy of the next one under a new id, with that one's hash
    Document forged = new Document(commits.get(at));
    forged.put("agg", "forged#" + at);
    forged.remove("aggId");
    List<Document> es = new ArrayList<>();
    for (Document e : commits.get(at).getList("events", Document.class)) {
      Document f = new Document(e);
      f.put("id", "forged-" + e.getString("id"));
      es.add(f);
    }
    forged.put("events", es);
    events().insertOne(forged);
    assertCaught(verify(), at, "does not match its chain hash");
  }

  @Test
  void twoEventsSwapped_areCaughtAtTheFirst() throws Exception {
    long a = forger().commits().floorKey(forger().last("MessageDeliveredEvent", size));
    forger().swapWithNextCommit(a);
    assertCaught(verify(), a, "does not match its chain hash");
  }

  @Test
  void truncatedTail_isCaughtAgainstTheSignedSize() throws Exception {
    TreeMap<Long, Document> commits = forger().commits();
    long from = commits.floorKey(size - 3);
    events().deleteMany(new Document("_id", new Document("$gte", from)));
    assertCaught(verify(), from, "truncated");
  }

  @Test
  void rewrittenTailWithRecomputedChain_isCaughtByTheCheckpoints() throws Exception {
    long k = forger().last("MessageRetrievedEvent", size);
    forger().edit(k, e -> e.put("ts", e.getString("ts").replace("Z", "1Z")));
    forger().rechainFrom(k);
    LogAuditException e = verify();
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("not the history the log signed");
    assertThat(e.leafIndex()).as(e.getMessage()).isBetween(0L, k);
  }

  @Test
  void domainRuleBrokenWithRecomputedChain_isCaughtByTheRulesAtThatEvent() throws Exception {
    long k = forger().last("MessageDeliveredEvent", size);
    String[] recipient = new String[1];
    forger()
        .edit(
            k,
            e -> {
              String p =
                  new String(e.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
              // delivered to the auditor, who is not a recipient
              String forged =
                  p.replaceFirst(
                      "\"recipient\":\"[^\"]+\"", "\"recipient\":\"" + auditorId() + "\"");
              recipient[0] = forged;
              e.put("payload", new Binary(forged.getBytes(StandardCharsets.UTF_8)));
            });
    assertThat(recipient[0]).contains(auditorId());
    forger().rechainFrom(k);
    assertCaught(verify(), k, "domain rule M2");
  }

  private String auditorId() {
    return history.auditor.id().value();
  }
}
