package org.rogatory.hub.request.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.rogatory.hub.infra.mongo.TestStore;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestEvents.MessageDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestQueries.FindRequestQuery;
import org.rogatory.hub.request.api.RequestQueries.MessageView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;

/**
 * The request views hold a batch's writes until its token is stored: the batch's own request
 * documents read back, messages in event order, nothing from a failed batch, and a message kept by
 * a crash that lost its request's update keeps its place.
 */
class RequestViewBatchIT {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final String REQ = "req-1";

  @TempDir Path dir;
  TestStore store;
  RequestViewProjection views;
  MongoTokenStore tokens;
  final List<String> duringBatch = new ArrayList<>();
  final List<String> atTokenTime = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    store = TestStore.open(dir);
    views = new RequestViewProjection(store.database());
    tokens = ProcessorBatch.claimedTokens(store.database(), ViewFreshness.REQUEST_VIEWS);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static RequestOpenedEvent opened() {
    return new RequestOpenedEvent(
        REQ,
        "court",
        "state.a",
        RequestCategory.EVIDENCE_AND_DOCUMENTS,
        Classification.CONFIDENTIAL,
        "ICC-1",
        null,
        T0);
  }

  private static MessageSubmittedEvent submitted(String id) {
    return new MessageSubmittedEvent(
        REQ,
        id,
        "court",
        "fp",
        List.of("state.a"),
        "digest-" + id,
        4096,
        "blob-" + id,
        List.of(),
        T0.plusSeconds(1),
        T0.plusSeconds(3600));
  }

  private void batch(long first, List<?> events, Object failOn) throws Exception {
    ProcessorBatch.run(
        tokens,
        ViewFreshness.REQUEST_VIEWS,
        first,
        events,
        this::handle,
        failOn,
        () -> duringBatch.add(counts()),
        () -> atTokenTime.add(counts()));
  }

  private void handle(Object event, TrackingToken token) {
    if (event instanceof RequestOpenedEvent e) {
      views.on(e, token);
    } else if (event instanceof MessageSubmittedEvent e) {
      views.on(e, token);
    } else if (event instanceof MessageDeliveredEvent e) {
      views.on(e, token);
    } else if (event instanceof RequestDeliveredEvent e) {
      views.on(e, token);
    } else {
      throw new IllegalArgumentException(event.toString());
    }
  }

  /** "views/messages" as stored now. */
  private String counts() {
    return store.database().getCollection("request_views").countDocuments()
        + "/"
        + store.database().getCollection("request_messages").countDocuments();
  }

  private RequestView view() {
    return views.handle(new FindRequestQuery(REQ, "state.a"));
  }

  @Test
  void aBatch_isWrittenWhenItsTokenIsStored_andReadsItsOwnRequestDocuments() throws Exception {
    batch(
        1,
        List.of(
            opened(),
            submitted("m1"),
            new MessageDeliveredEvent(REQ, "m1", "state.a", T0.plusSeconds(2)),
            submitted("m2"),
            new RequestDeliveredEvent(REQ, "state.a", T0.plusSeconds(3))),
        null);

    assertThat(duringBatch).as("nothing written while the batch runs").containsOnly("0/0");
    assertThat(atTokenTime).as("the whole batch stored before its token").containsExactly("1/2");
    RequestView v = view();
    assertThat(v.status()).isEqualTo(RequestStatus.DELIVERED);
    assertThat(v.messages()).extracting(MessageView::messageId).containsExactly("m1", "m2");
    assertThat(v.messages().get(0).deliveredTo()).containsExactly("state.a");
    assertThat(v.messages().get(1).deliveredTo()).isEmpty();

    // Redelivered (a token lost in a crash): nothing changes.
    batch(2, List.of(submitted("m1"), submitted("m2")), null);
    assertThat(view().messages()).hasSize(2);
  }

  @Test
  void aFailedBatch_writesNothing() throws Exception {
    RequestDeliveredEvent failing = new RequestDeliveredEvent(REQ, "state.a", T0.plusSeconds(3));
    assertThatThrownBy(() -> batch(1, List.of(opened(), submitted("m1"), failing), failing))
        .hasMessageContaining("handler failure");
    assertThat(counts()).isEqualTo("0/0");
  }

  @Test
  void aMessageKeptByACrashThatLostItsRequestsUpdate_keepsItsPlace() throws Exception {
    batch(1, List.of(opened()), null);
    // A crash kept m1's document but not the request document that counts it.
    store
        .database()
        .getCollection("request_messages")
        .insertOne(
            new Document("_id", REQ + "#0")
                .append("key", REQ + "/m1")
                .append("index", 0)
                .append("messageId", "m1")
                .append("sender", "court")
                .append("recipients", List.of("state.a"))
                .append("digest", "digest-m1")
                .append("size", 4096L)
                .append("blob", "blob-m1")
                .append("attachments", List.of())
                .append("submittedAt", Date.from(T0.plusSeconds(1)))
                .append("deliveredTo", new ArrayList<String>())
                .append("retrievedBy", new ArrayList<String>()));

    batch(
        2,
        List.of(
            submitted("m1"),
            submitted("m2"),
            new MessageDeliveredEvent(REQ, "m1", "state.a", T0.plusSeconds(2))),
        null);

    RequestView v = view();
    assertThat(v.messages()).extracting(MessageView::messageId).containsExactly("m1", "m2");
    assertThat(v.messages().get(0).deliveredTo())
        .as("the writes after the skipped insert were made")
        .containsExactly("state.a");
  }
}
