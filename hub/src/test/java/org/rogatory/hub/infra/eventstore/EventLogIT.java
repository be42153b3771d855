package org.rogatory.hub.infra.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.hub.infra.eventstore.StoredEventFixtures.domainEvent;
import static org.rogatory.hub.infra.eventstore.StoredEventFixtures.domainEvents;
import static org.rogatory.hub.infra.eventstore.StoredEventFixtures.plainEvent;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.mongo.TestStore;

class EventLogIT {
  @TempDir Path dir;
  TestStore store;
  EventLog log;

  @BeforeEach
  void open() throws Exception {
    store = TestStore.open(dir);
    log = new EventLog(store.database());
  }

  @AfterEach
  void close() {
    log.close();
    store.close();
  }

  @Test
  void append_assignsGaplessGlobalSequenceAndChain() {
    List<StoredEvent> a = log.append(List.of(domainEvent("r1", 0)));
    List<StoredEvent> b = log.append(domainEvents("r2", 0, 3));
    List<StoredEvent> c = log.append(List.of(plainEvent()));

    assertThat(a.get(0).globalSequence()).isZero();
    assertThat(b).extracting(StoredEvent::globalSequence).containsExactly(1L, 2L, 3L);
    assertThat(c.get(0).globalSequence()).isEqualTo(4);
    assertThat(log.readFrom(0, 100))
        .extracting(StoredEvent::globalSequence)
        .containsExactly(0L, 1L, 2L, 3L, 4L);
    ChainVerification.Result result = ChainVerification.verify(log);
    assertThat(result.intact()).as(result.problem()).isTrue();
    assertThat(result.eventsChecked()).isEqualTo(5);
  }

  @Test
  void readFrom_insideAMultiEventCommit_returnsTheRest() {
    log.append(domainEvents("r1", 0, 5));
    log.append(List.of(domainEvent("r2", 0)));
    // A fresh log instance knows no commit boundaries, as after a restart.
    try (EventLog other = new EventLog(store.database())) {
      assertThat(other.readFrom(3, 10))
          .extracting(StoredEvent::globalSequence)
          .containsExactly(3L, 4L, 5L);
      assertThat(other.readFrom(6, 10)).isEmpty();
    }
  }

  @Test
  void reads_thatSpanManyProbeWindows_returnEverythingInOrder() {
    // Reads probe small windows of positions first and double them while they find events; a fresh
    // instance (no known head) must still read long histories whole and in order.
    for (int i = 0; i < 60; i++) {
      log.append(List.of(domainEvent("long", i)));
      log.append(domainEvents("other" + i, 0, 1 + i % 3));
    }
    long total = log.head() + 1;
    try (EventLog other = new EventLog(store.database())) {
      List<StoredEvent> all = other.readFrom(0, 10_000);
      assertThat(all).hasSize((int) total);
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).globalSequence()).isEqualTo(i);
      }
      assertThat(other.readFrom(7, 50))
          .hasSize(50)
          .first()
          .extracting(StoredEvent::globalSequence)
          .isEqualTo(7L);
    }
    try (EventLog other = new EventLog(store.database())) {
      assertThat(other.readAggregate("long", 0, 1000))
          .extracting(StoredEvent::aggregateSequence)
          .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 60).boxed().toList());
      assertThat(other.readAggregate("long", 13, 20))
          .extracting(StoredEvent::aggregateSequence)
          .containsExactlyElementsOf(java.util.stream.LongStream.range(13, 33).boxed().toList());
      assertThat(other.lastAggregateSequence("long", 0)).isEqualTo(59);
    }
  }

  @Test
  void head_ofAFreshInstance_startsFromTheStoredHint_notFromTheFirstEvent() {
    for (int i = 0; i < 5; i++) {
      log.append(List.of(domainEvent("r" + i, 0)));
    }
    // The hint is written when the writer goes idle or stops (at most a second behind under load).
    log.close();
    // Without its first commits the log could not be walked from 0; a fresh instance (a restarted
    // hub) must still find the head, because it starts from the hint, not from event 0.
    store.database().getCollection("events").deleteMany(Filters.lt("_id", 3L));
    try (EventLog restarted = new EventLog(store.database())) {
      assertThat(restarted.head()).isEqualTo(4);
    }
  }

  @Test
  void readAggregate_returnsOnlyThatAggregateInOrder_fromAnySequence() {
    log.append(domainEvents("r1", 0, 2));
    log.append(domainEvents("r2", 0, 1));
    log.append(domainEvents("r1", 2, 3));
    log.append(domainEvents("r1", 5, 1));

    assertThat(log.readAggregate("r1", 0, 100))
        .extracting(StoredEvent::aggregateSequence)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(log.readAggregate("r1", 3, 100))
        .extracting(StoredEvent::aggregateSequence)
        .containsExactly(3L, 4L, 5L);
    assertThat(log.readAggregate("r1", 2, 2))
        .extracting(StoredEvent::aggregateSequence)
        .startsWith(2L, 3L);
    assertThat(log.readAggregate("nobody", 0, 100)).isEmpty();
    assertThat(log.lastAggregateSequence("r1", 0)).isEqualTo(5);
    assertThat(log.lastAggregateSequence("nobody", 0)).isEqualTo(-1);
  }

  @Test
  void readAggregate_longerThanOneWindow_isComplete() {
    for (int i = 0; i < 300; i++) {
      log.append(List.of(domainEvent("long", i)));
    }
    List<StoredEvent> all = new ArrayList<>();
    long from = 0;
    while (true) {
      List<StoredEvent> batch = log.readAggregate("long", from, 100);
      if (batch.isEmpty()) {
        break;
      }
      all.addAll(batch);
      from = batch.get(batch.size() - 1).aggregateSequence() + 1;
    }
    assertThat(all).hasSize(300);
    assertThat(all.get(299).aggregateSequence()).isEqualTo(299);
  }

  @Test
  void append_atTakenAggregateSequence_conflicts() {
    log.append(List.of(domainEvent("r1", 0)));
    assertThatThrownBy(() -> log.append(List.of(domainEvent("r1", 0))))
        .isInstanceOf(AggregateConflictException.class)
        .hasMessageContaining("r1");
    // The log goes on, gapless.
    assertThat(log.append(List.of(domainEvent("r1", 1))).get(0).globalSequence()).isEqualTo(1);
  }

  @Test
  void append_invalidCommits_areRejected() {
    List<StoredEvent> twoAggregates = List.of(domainEvent("a", 0), domainEvent("b", 0));
    assertThatThrownBy(() -> log.append(twoAggregates))
        .isInstanceOf(IllegalArgumentException.class);
    List<StoredEvent> gap = List.of(domainEvent("a", 0), domainEvent("a", 2));
    assertThatThrownBy(() -> log.append(gap)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.append(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentCommandsOnOneAggregate_fromTwoProcesses_exactlyOneWinsEachRound()
      throws Exception {
    try (MongoClient secondClient = store.newClient();
        EventLog second = new EventLog(secondClient.getDatabase(store.database().getName()))) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 50; round++) {
          long seq = round;
          CountDownLatch go = new CountDownLatch(1);
          Future<Boolean> a = pool.submit(() -> tryAppend(log, go, "contested", seq));
          Future<Boolean> b = pool.submit(() -> tryAppend(second, go, "contested", seq));
          go.countDown();
          assertThat(a.get(10, TimeUnit.SECONDS) ^ b.get(10, TimeUnit.SECONDS))
              .as("round %d: exactly one append wins", round)
              .isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(log.lastAggregateSequence("contested", 0)).isEqualTo(49);
    assertThat(ChainVerification.verify(log).intact()).isTrue();
  }

  private static boolean tryAppend(EventLog log, CountDownLatch go, String agg, long seq)
      throws InterruptedException {
    go.await();
    try {
      log.append(List.of(domainEvent(agg, seq)));
      return true;
    } catch (AggregateConflictException e) {
      return false;
    }
  }

  @Test
  void manyThreadsAndTwoProcesses_appendingTogether_leaveAGaplessValidChain() throws Exception {
    int threads = 8;
    int perThread = 60;
    ConcurrentLinkedQueue<Long> sequences = new ConcurrentLinkedQueue<>();
    AtomicInteger failures = new AtomicInteger();
    try (MongoClient secondClient = store.newClient();
        EventLog second = new EventLog(secondClient.getDatabase(store.database().getName()))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        EventLog target = t % 2 == 0 ? log : second;
        String agg = "agg-" + t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    try {
                      List<StoredEvent> written =
                          target.append(
                              i % 10 == 0 ? List.of(plainEvent()) : List.of(domainEvent(agg, i)));
                      sequences.add(written.get(0).globalSequence());
                    } catch (RuntimeException e) {
                      e.printStackTrace();
                      failures.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    assertThat(failures.get()).isZero();
    Set<Long> unique = new HashSet<>(sequences);
    assertThat(unique).hasSize(threads * perThread);
    assertThat(unique.stream().mapToLong(Long::longValue).max().getAsLong())
        .isEqualTo(threads * perThread - 1);
    ChainVerification.Result result = ChainVerification.verify(log);
    assertThat(result.intact()).as(result.problem()).isTrue();
    assertThat(result.eventsChecked()).isEqualTo(threads * perThread);
  }

  @Test
  void verification_detectsChangedPayload_removedCommit_andReorderedCommits() {
    for (int i = 0; i < 6; i++) {
      log.append(List.of(domainEvent("r" + i, 0)));
    }
    var commits = store.database().getCollection("events");

    commits.updateOne(
        Filters.eq("_id", 2L), Updates.set("events.0.payload", new Binary(new byte[] {'x'})));
    assertThat(ChainVerification.verify(log).problem()).contains("event 2");

    commits.deleteOne(Filters.eq("_id", 2L));
    assertThat(ChainVerification.verify(log).problem()).contains("missing at global sequence 2");
  }

  @Test
  void verification_detectsSwappedEvents() {
    for (int i = 0; i < 4; i++) {
      log.append(List.of(domainEvent("r" + i, 0)));
    }
    var commits = store.database().getCollection("events");
    var one = commits.find(Filters.eq("_id", 1L)).first();
    var two = commits.find(Filters.eq("_id", 2L)).first();
    commits.deleteMany(Filters.in("_id", List.of(1L, 2L)));
    commits.insertOne(two.append("_id", 1L).append("last", 1L));
    commits.insertOne(one.append("_id", 2L).append("last", 2L));
    assertThat(ChainVerification.verify(log).intact()).isFalse();
  }

  @Test
  void restart_ofTheStore_keepsEverythingAndContinuesTheChain() throws Exception {
    String db = store.database().getName();
    log.append(domainEvents("r1", 0, 3));
    log.close();
    store.closeKeepingData();
    store = TestStore.open(dir, db);
    log = new EventLog(store.database());

    assertThat(log.readFrom(0, 10)).hasSize(3);
    assertThat(log.append(List.of(domainEvent("r1", 3))).get(0).globalSequence()).isEqualTo(3);
    assertThat(log.readAggregate("r1", 0, 10)).hasSize(4);
    assertThat(ChainVerification.verify(log).intact()).isTrue();
  }
}
