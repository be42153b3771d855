package org.rogatory.hub.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.TreeProver;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.mongo.TestStore;

/** The publisher against a real store: growth, restarts, a crash mid-way, and tampering. */
class LogPublisherIT {
  private static final String ORIGIN = "test.example/log";
  private static final LogSigningKey KEY = LogSigningKey.generate(ORIGIN);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private static final CheckpointVerifier VERIFIER =
      CheckpointVerifier.forLog(ORIGIN, KEY.verifierKeys());

  @TempDir Path dir;
  TestStore mongo;
  EventLog events;
  LogStore store;

  @BeforeEach
  void open() throws Exception {
    mongo = TestStore.open(dir);
    events = new EventLog(mongo.database());
    store = new LogStore(mongo.database());
  }

  @AfterEach
  void close() {
    events.close();
    mongo.close();
  }

  private LogPublisher publisher() {
    return new LogPublisher(events, store, KEY, CLOCK, Duration.ofSeconds(1));
  }

  private void appendEvents(int count) {
    for (int i = 0; i < count; i += 7) {
      String aggregate = UUID.randomUUID().toString();
      List<StoredEvent> commit = new ArrayList<>();
      for (int k = 0; k < Math.min(7, count - i); k++) {
        commit.add(
            StoredEvent.unsequenced(
                UUID.randomUUID().toString(),
                "CooperationRequest",
                aggregate,
                k,
                "2026-11-23T12:00:00.123456Z",
                "org.rogatory.hub.request.api.RequestOpenedEvent",
                "1",
                ("{\"n\":" + (i + k) + "}").getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8)));
      }
      events.append(commit);
    }
  }

  /** The root an auditor computes from the events alone. */
  private TreeHash rootFromEvents(long size) {
    List<TreeHash> leaves = new ArrayList<>();
    for (StoredEvent e : events.readFrom(0, (int) size)) {
      if (e.globalSequence() < size) {
        leaves.add(EventLeaf.hash(e.globalSequence(), e.hash()));
      }
    }
    assertThat(leaves).hasSize((int) size);
    return TreeHash.rootOf(leaves);
  }

  private Checkpoint latest() throws CryptoException {
    return VERIFIER.verify(store.latest().orElseThrow().note());
  }

  @Test
  void emptyLog_getsACheckpointOfTheEmptyTree() throws CryptoException {
    assertThat(publisher().publishOnce()).isZero();
    assertThat(latest()).isEqualTo(Checkpoint.of(ORIGIN, 0, TreeHash.emptyTree()));
  }

  @Test
  void publishOnce_coversEveryEvent_withACheckpointAnAuditorCanRecompute() throws CryptoException {
    appendEvents(300);

    assertThat(publisher().publishOnce()).isEqualTo(300);

    Checkpoint c = latest();
    assertThat(c.size()).isEqualTo(300);
    assertThat(c.root()).isEqualTo(rootFromEvents(300));
    assertThat(store.at(300)).isPresent();
    for (long i : new long[] {0, 1, 150, 299}) {
      TreeProver.over(store)
          .inclusion(i, 300)
          .verify(EventLeaf.hash(i, events.readFrom(i, 1).get(0).hash()), c.root());
    }
  }

  @Test
  void restartedPublisher_continuesTheSameTree_consistentWithEarlierCheckpoints()
      throws CryptoException {
    appendEvents(100);
    publisher().publishOnce();
    Checkpoint first = latest();

    appendEvents(57);
    LogPublisher restarted = publisher();
    assertThat(restarted.publishOnce()).isEqualTo(157);
    Checkpoint second = latest();

    assertThat(second.root()).isEqualTo(rootFromEvents(157));
    TreeProver.over(store).consistency(100, 157).verify(first.root(), second.root());
    assertThat(store.at(100).orElseThrow().note()).contains(first.root().toBase64());
    // Nothing new: no new checkpoint.
    assertThat(restarted.publishOnce()).isEqualTo(157);
  }

  @Test
  void crashAfterNodesBeforeTreeState_isRecoveredWithTheSameRoot() throws CryptoException {
    appendEvents(90);
    publisher().publishOnce();
    TreeHash root = latest().root();
    // As if the nodes of events 40..89 were written but the tree state was not.
    byte[] hash39 = events.readFrom(39, 1).get(0).hash();
    store.setTree(new LogStore.TreeState(40, hash39));

    appendEvents(10);
    assertThat(publisher().publishOnce()).isEqualTo(100);

    assertThat(latest().root()).isEqualTo(rootFromEvents(100));
    TreeProver.over(store).consistency(90, 100).verify(root, latest().root());
  }

  @Test
  void eventAlteredBehindTheHubsBack_stopsTheLog_beforeItIsSigned() throws CryptoException {
    appendEvents(20);
    LogPublisher publisher = publisher();
    publisher.publishOnce();
    appendEvents(14); // commits of seven: event 21 is the second of the commit at 20
    mongo
        .database()
        .getCollection("events")
        .updateOne(
            Filters.eq("_id", 20L), Updates.set("events.1.payload", new Binary(new byte[] {'x'})));

    assertThatThrownBy(publisher::publishOnce).hasMessageContaining("event 21");
    assertThatThrownBy(publisher::publishOnce).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> publisher().publishOnce()).hasMessageContaining("event 21");
    assertThat(latest().size()).isEqualTo(20);
  }
}
