package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.client.AuditBundleFixtures.checkpoint;
import static org.rogatory.client.AuditBundleFixtures.rechained;
import static org.rogatory.client.AuditBundleFixtures.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.LogSigningKey;

/**
 * The offline verifier against every way of altering a history: each tampered bundle is caught at
 * the position of the first altered event (or of the checkpoint that exposes it).
 */
class AuditBundleVerifierTest {
  static List<AuditEvent> lawful;
  static List<String> checkpoints;
  static int size;

  @TempDir Path dir;

  @BeforeAll
  static void history() {
    lawful = AuditBundleFixtures.History.lawful().events;
    size = lawful.size();
    checkpoints = List.of(checkpoint(lawful, 0), checkpoint(lawful, 6), checkpoint(lawful, size));
  }

  private static AuditBundleVerifier verifier() {
    return AuditBundleVerifier.withLogKeys(AuditBundleFixtures.LOG.verifierKeys());
  }

  private LogAuditException failure(List<AuditEvent> events, List<String> notes) throws Exception {
    Path bundle = write(dir.resolve("bundle.zip"), events, notes);
    try {
      verifier().verify(bundle);
    } catch (LogAuditException e) {
      return e;
    }
    throw new AssertionError("the tampered bundle verified");
  }

  private static AuditEvent with(AuditEvent e, byte[] payload, String timestamp) {
    return new AuditEvent(
        e.n(),
        e.eventId(),
        e.aggregateType(),
        e.aggregateId(),
        e.aggregateSequence(),
        timestamp,
        e.payloadType(),
        e.payloadRevision(),
        payload,
        e.metadata(),
        e.hash());
  }

  @Test
  void verify_lawfulBundle_reportsEveryPart() throws Exception {
    Path bundle = write(dir.resolve("ok.zip"), lawful, checkpoints);
    AuditBundleVerifier.Report r =
        verifier().holding(List.of(checkpoint(lawful, 3))).verify(bundle);
    assertThat(r.events()).isEqualTo(size);
    assertThat(r.checkpoints()).isEqualTo(3);
    assertThat(r.latest().size()).isEqualTo(size);
    assertThat(r.receipts()).isEqualTo(2);
    assertThat(r.heldCheckpoints()).isEqualTo(1);
    assertThat(r.keysFromBundle()).isFalse();
  }

  @Test
  void verify_changedPayloadByte_failsAtThatEvent() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful);
    byte[] p = events.get(7).payload().clone();
    p[p.length - 3] ^= 1;
    events.set(7, with(events.get(7), p, events.get(7).timestamp()));
    LogAuditException e = failure(events, checkpoints);
    assertThat(e.leafIndex()).isEqualTo(7);
    assertThat(e.getMessage()).contains("event 7 does not match its chain hash");
  }

  @Test
  void verify_changedTimestamp_failsAtThatEvent() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful);
    events.set(4, with(events.get(4), events.get(4).payload(), "2026-12-01T09:00:00.000001Z"));
    assertThat(failure(events, checkpoints).leafIndex()).isEqualTo(4);
  }

  @Test
  void verify_deletedEvent_failsAtTheGap() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful);
    events.remove(5);
    LogAuditException e = failure(events, checkpoints);
    assertThat(e.leafIndex()).isEqualTo(5);
    assertThat(e.getMessage()).contains("event 5 is missing");
  }

  @Test
  void verify_insertedEvent_failsAtTheInsertion() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful);
    AuditEvent extra = AuditBundleFixtures.chained(lawful.get(8), 8, lawful.get(7).hash());
    events.add(8, extra);
    // the forger renumbers what follows, but cannot chain it without changing every later hash
    for (int i = 9; i < events.size(); i++) {
      AuditEvent e = events.get(i);
      events.set(
          i,
          new AuditEvent(
              i,
              e.eventId(),
              e.aggregateType(),
              e.aggregateId(),
              e.aggregateSequence(),
              e.timestamp(),
              e.payloadType(),
              e.payloadRevision(),
              e.payload(),
              e.metadata(),
              e.hash()));
    }
    // the inserted event itself chains (it copies event 8 there), so the next one breaks
    assertThat(failure(events, checkpoints).leafIndex()).isEqualTo(9);
  }

  @Test
  void verify_twoEventsSwapped_failsAtTheFirst() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful);
    AuditEvent a = events.get(10);
    AuditEvent b = events.get(11);
    events.set(10, renumber(b, 10));
    events.set(11, renumber(a, 11));
    assertThat(failure(events, checkpoints).leafIndex()).isEqualTo(10);
  }

  private static AuditEvent renumber(AuditEvent e, long n) {
    return new AuditEvent(
        n,
        e.eventId(),
        e.aggregateType(),
        e.aggregateId(),
        e.aggregateSequence(),
        e.timestamp(),
        e.payloadType(),
        e.payloadRevision(),
        e.payload(),
        e.metadata(),
        e.hash());
  }

  @Test
  void verify_truncatedTail_failsAtTheEndAgainstTheSignedSize() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful.subList(0, size - 3));
    LogAuditException e = failure(events, checkpoints);
    assertThat(e.leafIndex()).isEqualTo(size - 3);
    assertThat(e.getMessage()).contains("truncated");
  }

  @Test
  void verify_truncatedTailWithoutItsCheckpoints_isCaughtByAHeldCheckpoint() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful.subList(0, 8));
    Path bundle =
        write(
            dir.resolve("short.zip"),
            events,
            List.of(checkpoint(lawful, 0), checkpoint(lawful, 6), checkpoint(lawful, 8)));
    assertThat(verifier().verify(bundle).events()).isEqualTo(8); // consistent on its own
    assertThatThrownBy(() -> verifier().holding(List.of(checkpoints.get(2))).verify(bundle))
        .isInstanceOfSatisfying(
            LogAuditException.class,
            e -> {
              assertThat(e.leafIndex()).isEqualTo(8);
              assertThat(e.getMessage()).contains("held from elsewhere").contains("truncated");
            });
  }

  @Test
  void verify_rewrittenTailWithRecomputedChain_isCaughtByTheCheckpoint() throws Exception {
    List<AuditEvent> events = new ArrayList<>(lawful);
    // a lawful change (the acknowledgement's time), chained again: the rules cannot see it
    AuditEvent e10 = events.get(10);
    events.set(10, with(e10, e10.payload(), "2026-12-01T09:00:00.000013400Z"));
    events = rechained(events);
    LogAuditException e = failure(events, checkpoints);
    assertThat(e.getMessage()).contains("checkpoint of size " + size).contains("events 6 to");
    assertThat(e.leafIndex()).isEqualTo(6); // the last checkpoint that matched
  }

  @Test
  void verify_domainRuleBrokenWithRecomputedChainAndSignedCheckpoints_isCaughtByTheRules()
      throws Exception {
    // A forger who holds the store and the log key: event 8 (a delivery) now hands message 1 to the
    // Court organ, which is not among its recipients.
    List<AuditEvent> events = new ArrayList<>(lawful);
    AuditEvent e7 = events.get(8);
    assertThat(e7.payloadType()).endsWith("MessageDeliveredEvent");
    String forged =
        new String(e7.payload(), StandardCharsets.UTF_8)
            .replace("\"recipient\":\"state.nl\"", "\"recipient\":\"court.registry\"");
    events.set(8, with(e7, forged.getBytes(StandardCharsets.UTF_8), e7.timestamp()));
    events = rechained(events);
    List<String> resigned =
        List.of(checkpoint(events, 0), checkpoint(events, 6), checkpoint(events, size));
    LogAuditException e = failure(events, resigned);
    assertThat(e.leafIndex()).isEqualTo(8);
    assertThat(e.getMessage()).contains("domain rule M2");
  }

  @Test
  void verify_checkpointSignedByAnotherKey_fails() throws Exception {
    LogSigningKey other = LogSigningKey.generate(AuditBundleFixtures.ORIGIN);
    String foreign =
        other
            .sign(
                org.rogatory.crypto.Checkpoint.parse(
                    org.rogatory.crypto.SignedNote.parse(checkpoints.get(2)).text()))
            .encode();
    LogAuditException e = failure(lawful, List.of(checkpoints.get(0), checkpoints.get(1), foreign));
    assertThat(e.getMessage()).contains("not signed by the log's keys");
  }

  @Test
  void verify_partEditedAfterExport_failsOnTheManifestDigest() throws Exception {
    Path bundle = write(dir.resolve("edit.zip"), lawful, checkpoints);
    Path edited = dir.resolve("edited.zip");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(bundle));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(edited))) {
      for (ZipEntry z = in.getNextEntry(); z != null; z = in.getNextEntry()) {
        byte[] b = in.readAllBytes();
        if (z.getName().equals(AuditBundleWriter.CHECKPOINTS)) {
          b = (new String(b, StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8);
        }
        out.putNextEntry(new ZipEntry(z.getName()));
        out.write(b);
        out.closeEntry();
      }
    }
    assertThatThrownBy(() -> verifier().verify(edited))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("checkpoints.jsonl does not have the SHA-256");
  }

  @Test
  void verify_withoutPinnedKeys_usesAndReportsTheBundlesKeys() throws Exception {
    Path bundle = write(dir.resolve("keys.zip"), lawful, checkpoints);
    AuditBundleVerifier.Report r = AuditBundleVerifier.withLogKeys(null).verify(bundle);
    assertThat(r.keysFromBundle()).isTrue();
    assertThat(r.logKeys()).isEqualTo(AuditBundleFixtures.LOG.verifierKeys());
    LogSigningKey other = LogSigningKey.generate(AuditBundleFixtures.ORIGIN);
    assertThatThrownBy(() -> AuditBundleVerifier.withLogKeys(other.verifierKeys()).verify(bundle))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("log keys");
  }

  @Test
  void verify_receiptWithABadSignature_isReportedBeforeALaterChainBreak() throws Exception {
    // Event 9's receipt: one signature byte flipped, its digest recomputed, the chain and the
    // checkpoints redone (a forger with the store and the log key); then event 12 edited without
    // rechaining. The receipt is checked on another thread; its failure must still come first.
    List<AuditEvent> events = new ArrayList<>(lawful);
    AuditEvent e9 = events.get(9);
    assertThat(e9.payloadType()).endsWith("MessageRetrievedEvent");
    com.fasterxml.jackson.databind.node.ObjectNode p =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(e9.payload());
    byte[] receipt = java.util.Base64.getDecoder().decode(p.get("receipt").asText());
    receipt[receipt.length - 1] ^= 1;
    p.put("receipt", java.util.Base64.getEncoder().encodeToString(receipt));
    p.put(
        "receiptDigest",
        java.util.HexFormat.of()
            .formatHex(org.rogatory.crypto.SignedStatement.decode(receipt).digest()));
    events.set(9, with(e9, p.toString().getBytes(StandardCharsets.UTF_8), e9.timestamp()));
    events = new ArrayList<>(rechained(events));
    List<String> resigned =
        List.of(checkpoint(events, 0), checkpoint(events, 6), checkpoint(events, size));
    AuditEvent e12 = events.get(12);
    byte[] b = e12.payload().clone();
    b[5] ^= 1;
    events.set(12, with(e12, b, e12.timestamp()));
    LogAuditException e = failure(events, resigned);
    assertThat(e.leafIndex()).isEqualTo(9);
    assertThat(e.getMessage()).contains("domain rule E1", "signature does not verify");
  }
}
