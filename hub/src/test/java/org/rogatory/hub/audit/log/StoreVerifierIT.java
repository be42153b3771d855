package org.rogatory.hub.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.mongo.TestStore;
import org.rogatory.hub.support.HubApiClient;

/**
 * The verifier an operator runs on a restored store: it accepts a sound store, and names what is
 * wrong with an altered event, a truncated history or a checkpoint signed by another key.
 */
class StoreVerifierIT {
  private static final String ORIGIN = "test.example/log";
  private static final LogSigningKey KEY = LogSigningKey.generate(ORIGIN);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  TestStore mongo;
  EventLog events;
  Path keys;

  @BeforeEach
  void open() throws Exception {
    mongo = TestStore.open(dir.resolve("store"));
    events = new EventLog(mongo.database());
    keys = writeKeys(KEY, "keys.json");
  }

  @AfterEach
  void close() {
    events.close();
    mongo.close();
  }

  /** What {@code GET /v1/log/keys} returns, saved to a file. */
  private Path writeKeys(LogSigningKey key, String name) throws Exception {
    List<String> encoded = new ArrayList<>();
    for (NoteVerifierKey k : key.verifierKeys()) {
      encoded.add(k.encode());
    }
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        HubApiClient.JSON.writeValueAsString(Map.of("origin", ORIGIN, "verifierKeys", encoded)));
    return file;
  }

  private void appendEvents(int count) {
    for (int i = 0; i < count; i++) {
      events.append(
          List.of(
              StoredEvent.unsequenced(
                  UUID.randomUUID().toString(),
                  "CooperationRequest",
                  UUID.randomUUID().toString(),
                  0,
                  "2026-11-23T12:00:00.123456Z",
                  "org.rogatory.hub.request.api.RequestOpenedEvent",
                  "1",
                  ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                  "{}".getBytes(StandardCharsets.UTF_8))));
    }
  }

  private void publish(LogSigningKey key) {
    new LogPublisher(events, new LogStore(mongo.database()), key, CLOCK, Duration.ofSeconds(1))
        .publishOnce();
  }

  private record Outcome(boolean verified, String output) {}

  private Outcome verify(Optional<Path> keysFile) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      boolean ok = StoreVerifierMain.verify(mongo.database(), keysFile, out);
      return new Outcome(ok, bytes.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void soundStore_verifies_chainAndCheckpoint() throws Exception {
    appendEvents(30);
    publish(KEY);
    appendEvents(5);
    Outcome o = verify(Optional.of(keys));
    assertThat(o.verified()).as(o.output()).isTrue();
    assertThat(o.output())
        .contains("35 events, global sequence 0..34 gapless")
        .contains("checkpoint of size 30 signed")
        .contains("5 later events not yet covered");
  }

  @Test
  void alteredEvent_failsTheChain() throws Exception {
    appendEvents(10);
    publish(KEY);
    mongo
        .database()
        .getCollection("events")
        .updateOne(
            Filters.eq("_id", 4L), Updates.set("events.0.payload", new Binary(new byte[] {'x'})));
    Outcome o = verify(Optional.of(keys));
    assertThat(o.verified()).isFalse();
    assertThat(o.output()).contains("FAIL event chain: event 4 does not match its chain hash");
  }

  @Test
  void newestEventsMissing_areCaughtByTheCheckpoint() throws Exception {
    appendEvents(12);
    publish(KEY);
    // A restore from an older backup, or a truncation: the chain alone still verifies.
    mongo.database().getCollection("events").deleteMany(Filters.gte("_id", 9L));
    Outcome o = verify(Optional.of(keys));
    assertThat(o.verified()).isFalse();
    assertThat(o.output())
        .contains("ok   event chain: 9 events")
        .contains("FAIL checkpoint covers 12 events but the store holds 9");
  }

  @Test
  void checkpointSignedByAnotherKey_isRefused() throws Exception {
    appendEvents(6);
    publish(LogSigningKey.generate(ORIGIN));
    Outcome o = verify(Optional.of(keys));
    assertThat(o.verified()).isFalse();
    assertThat(o.output()).contains("FAIL checkpoint signature");
  }
}
