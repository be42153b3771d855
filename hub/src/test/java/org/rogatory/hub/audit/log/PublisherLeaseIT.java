package org.rogatory.hub.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.mongo.TestStore;
import org.rogatory.hub.support.MovableClock;

/**
 * Two publishers on one store, as two hub nodes: only the lease holder publishes, the other takes
 * over once the lease has expired or was released, and a publisher that lost the lease cannot move
 * the log back.
 */
class PublisherLeaseIT {
  private static final String ORIGIN = "test.example/log";
  private static final LogSigningKey KEY = LogSigningKey.generate(ORIGIN);
  private static final Duration LEASE = Duration.ofSeconds(10);

  @TempDir Path dir;
  TestStore mongo;
  EventLog events;
  LogStore store;
  final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T12:00:00Z"));

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

  private PublisherLease lease(String node) {
    return new PublisherLease(mongo.database(), node, LEASE, clock);
  }

  private LogPublisher publisher(String node) {
    return new LogPublisher(events, store, KEY, clock, Duration.ofSeconds(1), lease(node));
  }

  private void appendEvents(int count) {
    for (int i = 0; i < count; i++) {
      List<StoredEvent> commit = new ArrayList<>();
      commit.add(
          StoredEvent.unsequenced(
              UUID.randomUUID().toString(),
              "CooperationRequest",
              UUID.randomUUID().toString(),
              0,
              "2026-11-23T12:00:00.123456Z",
              "org.rogatory.hub.request.api.RequestOpenedEvent",
              "1",
              ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8),
              "{}".getBytes(StandardCharsets.UTF_8)));
      events.append(commit);
    }
  }

  @Test
  void lease_isHeldByOneNodeAtATime_renewedByItsHolder_andTakenOverOnlyAfterExpiry() {
    PublisherLease a = lease("node-a");
    PublisherLease b = lease("node-b");
    assertThat(a.acquire()).isTrue();
    assertThat(b.acquire()).as("held by node-a").isFalse();
    clock.advance(LEASE.minusSeconds(1));
    assertThat(a.acquire()).as("the holder renews").isTrue();
    clock.advance(LEASE.minusSeconds(1));
    assertThat(b.acquire()).as("renewed, so not yet expired").isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(b.acquire()).as("expired: node-b takes over").isTrue();
    assertThat(a.acquire()).as("node-a lost it").isFalse();
    assertThat(a.holder()).isEqualTo("node-b");
  }

  @Test
  void releasedLease_isTakenAtOnce_andOnlyItsHolderCanReleaseIt() {
    PublisherLease a = lease("node-a");
    PublisherLease b = lease("node-b");
    assertThat(a.acquire()).isTrue();
    b.release(); // not the holder: no effect
    assertThat(b.acquire()).isFalse();
    a.release();
    assertThat(b.acquire()).as("released, no need to wait for expiry").isTrue();
  }

  @Test
  void twoPublishers_onlyTheHolderPublishes_andTheOtherResumesFromWhatItStored() throws Exception {
    LogPublisher a = publisher("node-a");
    LogPublisher b = publisher("node-b");
    appendEvents(5);
    assertThat(a.round()).isTrue();
    assertThat(b.round()).as("node-a holds the lease").isFalse();
    assertThat(store.latest().orElseThrow().size()).isEqualTo(5);

    appendEvents(4);
    clock.advance(LEASE.plusSeconds(1)); // node-a died without releasing
    assertThat(b.round()).isTrue();
    assertThat(store.latest().orElseThrow().size()).isEqualTo(9);
    assertThat(store.tree().size()).isEqualTo(9);
    CheckpointVerifier verifier = CheckpointVerifier.forLog(ORIGIN, KEY.verifierKeys());
    assertThat(verifier.verify(store.latest().orElseThrow().note()).size()).isEqualTo(9);
    assertThat(a.round()).as("node-a came back, but node-b holds the lease").isFalse();
  }

  @Test
  void aPublisherBehindTheLog_cannotMoveTheTreeOrTheLatestCheckpointBack() {
    appendEvents(6);
    new LogPublisher(events, store, KEY, clock, Duration.ofSeconds(1)).publishOnce();
    store.setTree(new LogStore.TreeState(3, new byte[32]));
    store.publish(new LogStore.PublishedCheckpoint(3, "stale"), clock.instant());
    assertThat(store.tree().size()).isEqualTo(6);
    assertThat(store.latest().orElseThrow().size()).isEqualTo(6);
    assertThat(store.at(3)).as("the stale one is still kept in the history").isPresent();
  }
}
