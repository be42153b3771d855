package org.rogatory.hub.request.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
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
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestQueries.ListPartyRequestsQuery;
import org.rogatory.hub.request.api.RequestQueries.PartyRequestView;

/**
 * A store written by a hub that had no request lists (decision 0015) gets them at the next start:
 * the inboxes' processor forgets its token and its read models, handles the log again, and the
 * inboxes come back identical with the lists complete. A store that has its lists, or a fresh one,
 * is left alone.
 */
class RequestListUpgradeIT {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final String COURT = "court.registry";

  @TempDir Path dir;
  TestStore store;
  MongoDatabase db;

  @BeforeEach
  void open() throws Exception {
    store = TestStore.open(dir);
    db = store.database();
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Two requests, to two States, a message in each: the history both hubs handle. */
  private static List<Object> history() {
    List<Object> events = new ArrayList<>();
    for (String state : List.of("state.a", "state.b")) {
      String id = "req-" + state;
      events.add(
          new RequestOpenedEvent(
              id,
              COURT,
              state,
              RequestCategory.EVIDENCE_AND_DOCUMENTS,
              Classification.CONFIDENTIAL,
              "ICC-" + state,
              null,
              T0.plusSeconds(events.size())));
      events.add(
          new MessageSubmittedEvent(
              id,
              "m-" + state,
              COURT,
              "fp",
              List.of(state, COURT),
              "digest",
              10,
              "blob-" + state,
              List.of(),
              T0.plusSeconds(events.size()),
              null));
    }
    return events;
  }

  /** Hands the history to the given projections at positions 0, 1, …, as the processors do. */
  private static void handle(
      List<Object> events,
      InboxProjection inbox,
      RequestListProjection lists,
      RequestViewProjection views) {
    for (int i = 0; i < events.size(); i++) {
      GlobalSequenceTrackingToken token = new GlobalSequenceTrackingToken(i);
      Object e = events.get(i);
      if (e instanceof RequestOpenedEvent o) {
        if (lists != null) {
          lists.on(o, token);
        }
        if (views != null) {
          views.on(o, token);
        }
      } else if (e instanceof MessageSubmittedEvent m) {
        inbox.on(m, token);
        if (views != null) {
          views.on(m, token);
        }
      }
    }
  }

  private List<Document> all(String collection) {
    return db.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
  }

  private List<String> listed(RequestListProjection lists, String party) {
    return lists
        .handle(new ListPartyRequestsQuery(party, null, 50, false, null, null, T0))
        .requests()
        .stream()
        .map(PartyRequestView::requestId)
        .toList();
  }

  @Test
  void aStoreWithoutLists_isRebuiltFromTheFirstEvent_withTheSameInboxes() {
    // The hub before the lists: the request views and the inboxes, and the inboxes' token at the
    // end of the history.
    List<Object> events = history();
    handle(events, new InboxProjection(db), null, new RequestViewProjection(db));
    MongoTokenStore tokens = ProcessorBatch.claimedTokens(db, InboxProjection.PROCESSING_GROUP);
    tokens.storeToken(
        new GlobalSequenceTrackingToken(events.size() - 1), InboxProjection.PROCESSING_GROUP, 0);
    List<Document> entriesBefore = all(InboxProjection.ENTRIES);
    List<Document> headsBefore = all(InboxProjection.HEADS);
    assertThat(entriesBefore).as("one entry per State: the sender has no inbox entry").hasSize(2);

    assertThat(RequestListUpgrade.upgrade(db, tokens)).isTrue();
    assertThat(tokens.fetchSegments(InboxProjection.PROCESSING_GROUP))
        .as("the processor starts from the first event")
        .isEmpty();
    for (String c : RequestListUpgrade.COLLECTIONS) {
      assertThat(db.getCollection(c).countDocuments()).as(c).isZero();
    }

    // The processor handles the log again, with the lists this time.
    RequestListProjection lists = new RequestListProjection(db);
    handle(events, new InboxProjection(db), lists, null);
    assertThat(all(InboxProjection.ENTRIES)).isEqualTo(entriesBefore);
    assertThat(all(InboxProjection.HEADS)).isEqualTo(headsBefore);
    assertThat(listed(lists, COURT)).containsExactly("req-state.a", "req-state.b");
    assertThat(listed(lists, "state.b")).containsExactly("req-state.b");

    assertThat(RequestListUpgrade.upgrade(db, tokens))
        .as("the next start finds the lists and does nothing")
        .isFalse();
  }

  @Test
  void aStoreWithLists_andAFreshStore_areLeftAlone() {
    MongoTokenStore tokens = ProcessorBatch.claimedTokens(db, InboxProjection.PROCESSING_GROUP);
    assertThat(RequestListUpgrade.upgrade(db, tokens)).as("fresh store").isFalse();

    List<Object> events = history();
    handle(
        events,
        new InboxProjection(db),
        new RequestListProjection(db),
        new RequestViewProjection(db));
    tokens.storeToken(
        new GlobalSequenceTrackingToken(events.size() - 1), InboxProjection.PROCESSING_GROUP, 0);
    assertThat(RequestListUpgrade.upgrade(db, tokens)).isFalse();
    assertThat(tokens.fetchToken(InboxProjection.PROCESSING_GROUP, 0))
        .isEqualTo(new GlobalSequenceTrackingToken(events.size() - 1));
    assertThat(db.getCollection(InboxProjection.ENTRIES).countDocuments()).isEqualTo(2);
    assertThat(db.getCollection(RequestListProjection.ENTRIES).countDocuments()).isEqualTo(4);
  }
}
