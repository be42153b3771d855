package org.rogatory.hub.request.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.rogatory.hub.infra.mongo.TestStore;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestQueries.InboxEntryView;
import org.rogatory.hub.request.api.RequestQueries.InboxPageView;
import org.rogatory.hub.request.api.RequestQueries.ListInboxQuery;

/**
 * The inbox projection holds a batch's writes until the batch's token is stored: one bulk write per
 * collection, the batch's own pending heads read back (several messages to one party in one batch),
 * nothing written by a batch that fails, and the writes stored before the token that covers them.
 */
class InboxBatchIT {
  @TempDir Path dir;
  TestStore store;
  InboxProjection inbox;
  MongoTokenStore tokens;

  @BeforeEach
  void open() throws Exception {
    store = TestStore.open(dir);
    inbox = new InboxProjection(store.database());
    tokens = ProcessorBatch.claimedTokens(store.database(), "inboxes");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static MessageSubmittedEvent message(String id, String from, String to) {
    return new MessageSubmittedEvent(
        "req-1",
        id,
        from,
        "fp",
        List.of(to, from),
        "digest",
        4096,
        "blob-" + id,
        List.of(),
        Instant.parse("2026-12-04T10:00:00Z"),
        Instant.parse("2026-12-11T10:00:00Z"));
  }

  /**
   * Handles {@code events} in one batch from position {@code first}; see {@link ProcessorBatch}.
   */
  private void batch(long first, List<MessageSubmittedEvent> events, String failOn)
      throws Exception {
    MessageSubmittedEvent failing =
        events.stream().filter(e -> e.messageId().equals(failOn)).findFirst().orElse(null);
    ProcessorBatch.run(
        tokens,
        "inboxes",
        first,
        events,
        (payload, token) -> inbox.on((MessageSubmittedEvent) payload, token),
        failing,
        () -> storedDuringBatch.add(entries()),
        () -> storedAtTokenTime.add(entries()));
  }

  private final List<Long> storedDuringBatch = new ArrayList<>();
  private final List<Long> storedAtTokenTime = new ArrayList<>();

  private long entries() {
    return store.database().getCollection("inbox_entries").countDocuments();
  }

  private InboxPageView page(String party) {
    return inbox.handle(new ListInboxQuery(party, 0, 50));
  }

  @Test
  void aBatch_isWrittenWhenItsTokenIsStored_withSeveralMessagesToOneParty() throws Exception {
    batch(
        10,
        List.of(
            message("m1", "court", "state.a"),
            message("m2", "court", "state.a"),
            message("m3", "state.b", "court"),
            message("m4", "court", "state.a")),
        null);

    assertThat(storedDuringBatch).as("nothing written while the batch runs").containsOnly(0L);
    assertThat(storedAtTokenTime)
        .as("all four entries stored before the token")
        .containsExactly(4L);
    assertThat(page("state.a").entries())
        .extracting(InboxEntryView::messageId)
        .containsExactly("m1", "m2", "m4");
    assertThat(page("court").entries()).extracting(InboxEntryView::messageId).containsExactly("m3");
    Document head =
        store.database().getCollection("inbox_heads").find(new Document("_id", "state.a")).first();
    assertThat(head.get("count", Number.class).longValue()).isEqualTo(3);
    assertThat(head.get("lastSeq", Number.class).longValue()).isEqualTo(13);

    // The same events again (a batch redelivered after a crash that lost its token): no change.
    batch(10, List.of(message("m1", "court", "state.a"), message("m2", "court", "state.a")), null);
    assertThat(page("state.a").entries()).hasSize(3);
  }

  @Test
  void aFailedBatch_writesNothing_andItsRetryWritesEverythingOnce() throws Exception {
    List<MessageSubmittedEvent> events =
        List.of(message("m1", "court", "state.a"), message("m2", "court", "state.a"));
    assertThatThrownBy(() -> batch(0, events, "m2")).hasMessageContaining("handler failure");
    assertThat(entries()).isZero();
    assertThat(store.database().getCollection("inbox_heads").countDocuments()).isZero();

    batch(0, events, null);
    assertThat(page("state.a").entries())
        .extracting(InboxEntryView::messageId)
        .containsExactly("m1", "m2");
  }

  @Test
  void anEntryStoredWithoutItsHead_beforeACrash_isKeptInItsPlace() throws Exception {
    // A crash persisted the batch's entry but not the head that counts it.
    store
        .database()
        .getCollection("inbox_entries")
        .insertOne(
            new Document("_id", "state.a#0")
                .append("requestId", "req-1")
                .append("messageId", "m1")
                .append("sender", "court")
                .append("size", 4096L)
                .append("submittedAt", java.util.Date.from(Instant.EPOCH)));
    batch(5, List.of(message("m1", "court", "state.a"), message("m2", "court", "state.a")), null);
    assertThat(page("state.a").entries())
        .extracting(InboxEntryView::messageId)
        .containsExactly("m1", "m2");
  }

  @Test
  void outsideABatch_aMessageIsWrittenAtOnce() {
    inbox.on(message("m1", "court", "state.a"), new GlobalSequenceTrackingToken(3));
    assertThat(page("state.a").entries()).hasSize(1);
  }
}
