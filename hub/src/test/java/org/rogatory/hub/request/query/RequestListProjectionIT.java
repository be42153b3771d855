package org.rogatory.hub.request.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
import org.rogatory.hub.request.api.RequestEvents.RequestAcknowledgedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestClosedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestQueries.FindRequestQuery;
import org.rogatory.hub.request.api.RequestQueries.ListPartyRequestsQuery;
import org.rogatory.hub.request.api.RequestQueries.PartyRequestPageView;
import org.rogatory.hub.request.api.RequestQueries.PartyRequestView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;

/**
 * Each party's request list: numbered in opening order for both parties, paged by exact places in
 * either direction with nothing missed or doubled, rows that follow the request views (status,
 * messages), filters that examine a bounded number of places per page, an event applied once, a
 * lagging request view that holds the page back instead of skipping, and a batch written at its
 * token. Handlers are called directly on the embedded store, as the processors would call them.
 */
class RequestListProjectionIT {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final String COURT = "court.registry";

  @TempDir Path dir;
  TestStore store;
  RequestListProjection lists;
  RequestViewProjection views;
  long seq;

  @BeforeEach
  void open() throws Exception {
    store = TestStore.open(dir);
    lists = new RequestListProjection(store.database());
    views = new RequestViewProjection(store.database());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static RequestOpenedEvent opened(String id, String to, Instant deadline, Instant at) {
    return new RequestOpenedEvent(
        id,
        COURT,
        to,
        RequestCategory.EVIDENCE_AND_DOCUMENTS,
        Classification.CONFIDENTIAL,
        "ICC-" + id,
        deadline,
        at);
  }

  /** Opens {@code id} to {@code to}: the event to both projections, at the next position. */
  private void open(String id, String to) {
    RequestOpenedEvent e = opened(id, to, null, T0.plusSeconds(seq));
    GlobalSequenceTrackingToken token = new GlobalSequenceTrackingToken(seq++);
    views.on(e, token);
    lists.on(e, token);
  }

  private PartyRequestPageView page(
      String party, Long from, int limit, boolean newestFirst, RequestStatus status) {
    return lists.handle(
        new ListPartyRequestsQuery(party, from, limit, newestFirst, status, null, T0));
  }

  /** Every row of {@code party}'s list, page after page of {@code limit}. */
  private List<PartyRequestView> walk(
      String party, int limit, boolean newestFirst, RequestStatus status, String counterpart) {
    List<PartyRequestView> all = new ArrayList<>();
    Long from = null;
    for (int pages = 0; pages < 1_000; pages++) {
      PartyRequestPageView p =
          lists.handle(
              new ListPartyRequestsQuery(party, from, limit, newestFirst, status, counterpart, T0));
      assertThat(p.requests().size()).isLessThanOrEqualTo(limit);
      all.addAll(p.requests());
      if (!p.more()) {
        return all;
      }
      from = p.next();
    }
    throw new AssertionError("the walk did not end");
  }

  @Test
  void list_ofBothParties_numbersRequestsInOpeningOrder() {
    open("req-a", "state.a");
    open("req-b", "state.b");
    open("req-c", "state.a");

    assertThat(page(COURT, null, 50, false, null).requests())
        .extracting(PartyRequestView::position, PartyRequestView::requestId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, "req-a"),
            org.assertj.core.groups.Tuple.tuple(1L, "req-b"),
            org.assertj.core.groups.Tuple.tuple(2L, "req-c"));
    List<PartyRequestView> ofA = page("state.a", null, 50, true, null).requests();
    assertThat(ofA).extracting(PartyRequestView::requestId).containsExactly("req-c", "req-a");
    assertThat(ofA).extracting(PartyRequestView::counterpart).containsOnly(COURT);
    assertThat(page("state.b", null, 50, true, null).requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.counterpart()).isEqualTo(COURT);
              assertThat(r.openedBy()).isEqualTo(COURT);
              assertThat(r.courtReference()).isEqualTo("ICC-req-b");
              assertThat(r.status()).isEqualTo(RequestStatus.OPEN);
            });
    assertThat(page("state.stranger", null, 50, true, null).requests()).isEmpty();
  }

  @Test
  void paging_acrossPageBoundaries_inEitherOrder_missesNothingAndDoublesNothing() {
    for (int i = 0; i < 23; i++) {
      open("req-" + i, "state.a");
    }
    List<String> expected = new ArrayList<>();
    for (int i = 22; i >= 0; i--) {
      expected.add("req-" + i);
    }
    assertThat(walk(COURT, 5, true, null, null))
        .extracting(PartyRequestView::requestId)
        .containsExactlyElementsOf(expected);
    assertThat(walk(COURT, 7, false, null, null))
        .extracting(PartyRequestView::requestId)
        .containsExactlyElementsOf(reversed(expected));

    PartyRequestPageView first = page(COURT, null, 5, true, null);
    assertThat(first.next()).isEqualTo(17L);
    PartyRequestPageView last = page(COURT, 2L, 5, true, null);
    assertThat(last.requests()).extracting(PartyRequestView::position).containsExactly(2L, 1L, 0L);
    assertThat(last.next()).isNull();
    assertThat(last.more()).isFalse();
  }

  @Test
  void oldestFirst_atTheEnd_givesWhereNewRequestsWillBeFound() {
    open("req-0", "state.a");
    PartyRequestPageView end = page("state.a", null, 10, false, null);
    assertThat(end.more()).isFalse();
    assertThat(end.next()).isEqualTo(1L);
    open("req-1", "state.a");
    assertThat(page("state.a", end.next(), 10, false, null).requests())
        .extracting(PartyRequestView::requestId)
        .containsExactly("req-1");
  }

  @Test
  void rows_followTheRequestView_statusMessagesAndOverdue() {
    RequestOpenedEvent late = opened("req-late", "state.a", T0.minus(Duration.ofDays(1)), T0);
    views.on(late, new GlobalSequenceTrackingToken(seq));
    lists.on(late, new GlobalSequenceTrackingToken(seq++));
    open("req-fine", "state.a");
    views.on(
        new RequestAcknowledgedEvent("req-fine", "state.a", T0.plusSeconds(60)),
        new GlobalSequenceTrackingToken(seq++));
    views.on(
        new MessageSubmittedEvent(
            "req-fine",
            "m1",
            COURT,
            "fp",
            List.of("state.a", COURT),
            "digest",
            10,
            "blob",
            List.of(),
            T0.plusSeconds(90),
            null),
        new GlobalSequenceTrackingToken(seq++));

    List<PartyRequestView> rows = page("state.a", null, 50, false, null).requests();
    assertThat(rows)
        .extracting(PartyRequestView::requestId)
        .containsExactly("req-late", "req-fine");
    assertThat(rows.get(0).overdue()).isTrue();
    assertThat(rows.get(1).overdue()).isFalse();
    assertThat(rows.get(1).status()).isEqualTo(RequestStatus.ACKNOWLEDGED);
    assertThat(rows.get(1).messageCount()).isEqualTo(1);
    assertThat(rows.get(1).lastActivityAt()).isEqualTo(T0.plusSeconds(90));

    views.on(
        new RequestClosedEvent("req-late", COURT, true, T0.plusSeconds(120)),
        new GlobalSequenceTrackingToken(seq++));
    PartyRequestView closed = page("state.a", 0L, 1, false, null).requests().get(0);
    assertThat(closed.status()).isEqualTo(RequestStatus.CLOSED);
    assertThat(closed.overdue()).as("a closed request is not overdue").isFalse();
  }

  @Test
  void filters_byStatusAndCounterpart_keepTheOrderAndTheirPlaces() {
    for (int i = 0; i < 12; i++) {
      open("req-" + i, i % 3 == 0 ? "state.b" : "state.a");
    }
    for (int i = 1; i < 12; i += 4) {
      views.on(
          new RequestAcknowledgedEvent("req-" + i, "state.a", T0),
          new GlobalSequenceTrackingToken(seq++));
    }
    assertThat(walk(COURT, 2, true, RequestStatus.ACKNOWLEDGED, null))
        .extracting(PartyRequestView::requestId)
        .containsExactly("req-9", "req-5", "req-1");
    assertThat(walk(COURT, 3, false, null, "state.b"))
        .extracting(PartyRequestView::requestId)
        .containsExactly("req-0", "req-3", "req-6", "req-9");
    assertThat(walk(COURT, 50, true, RequestStatus.OPEN, "state.b"))
        .extracting(PartyRequestView::position)
        .containsExactly(6L, 3L, 0L);
  }

  @Test
  void filter_matchingNothingNearby_stopsAfterItsBudget_andTheNextPageGoesOn() {
    int n = RequestListProjection.SCAN_BUDGET + 50;
    for (int i = 0; i < n; i++) {
      open("req-" + i, "state.a");
    }
    views.on(
        new RequestAcknowledgedEvent("req-0", "state.a", T0),
        new GlobalSequenceTrackingToken(seq++));

    PartyRequestPageView first = page(COURT, null, 10, true, RequestStatus.ACKNOWLEDGED);
    assertThat(first.requests()).isEmpty();
    assertThat(first.more()).isTrue();
    assertThat(first.next()).isEqualTo((long) n - 1 - RequestListProjection.SCAN_BUDGET);
    PartyRequestPageView second = page(COURT, first.next(), 10, true, RequestStatus.ACKNOWLEDGED);
    assertThat(second.requests()).extracting(PartyRequestView::requestId).containsExactly("req-0");
    assertThat(second.more()).isFalse();
  }

  @Test
  void event_deliveredTwice_isListedOnce() {
    RequestOpenedEvent e = opened("req-1", "state.a", null, T0);
    GlobalSequenceTrackingToken token = new GlobalSequenceTrackingToken(5);
    views.on(e, token);
    lists.on(e, token);
    lists.on(e, token);
    assertThat(page(COURT, null, 50, true, null).requests()).hasSize(1);
    assertThat(page("state.a", null, 50, true, null).requests()).hasSize(1);
    assertThat(store.database().getCollection(RequestListProjection.ENTRIES).countDocuments())
        .isEqualTo(2);
  }

  @Test
  void requestView_notWrittenYet_holdsThePageAtIt_insteadOfSkippingIt() {
    open("req-0", "state.a");
    RequestOpenedEvent lagging = opened("req-1", "state.a", null, T0);
    lists.on(lagging, new GlobalSequenceTrackingToken(seq++));
    open("req-2", "state.a");

    PartyRequestPageView p = page(COURT, null, 1, false, null);
    assertThat(p.requests()).extracting(PartyRequestView::requestId).containsExactly("req-0");
    PartyRequestPageView held = page(COURT, p.next(), 10, false, null);
    assertThat(held.requests()).isEmpty();
    assertThat(held.next()).isEqualTo(1L);
    assertThat(held.more()).isTrue();

    views.on(lagging, new GlobalSequenceTrackingToken(seq++));
    assertThat(page(COURT, held.next(), 10, false, null).requests())
        .extracting(PartyRequestView::requestId)
        .containsExactly("req-1", "req-2");
  }

  @Test
  void batch_ofOpenings_isNumberedFromItsOwnPendingHeads_andWrittenAtItsToken() throws Exception {
    MongoTokenStore tokens = ProcessorBatch.claimedTokens(store.database(), "inboxes");
    List<Long> duringBatch = new ArrayList<>();
    List<Long> atToken = new ArrayList<>();
    List<RequestOpenedEvent> events =
        List.of(
            opened("req-0", "state.a", null, T0),
            opened("req-1", "state.b", null, T0),
            opened("req-2", "state.a", null, T0));
    ProcessorBatch.run(
        tokens,
        "inboxes",
        0,
        events,
        (payload, token) -> lists.on((RequestOpenedEvent) payload, token),
        null,
        () -> duringBatch.add(entries()),
        () -> atToken.add(entries()));
    assertThat(duringBatch).containsOnly(0L);
    assertThat(atToken).containsExactly(6L);
    Document head =
        store
            .database()
            .getCollection(RequestListProjection.HEADS)
            .find(new Document("_id", COURT))
            .first();
    assertThat(head.get("count", Number.class).longValue()).isEqualTo(3);
    assertThat(
            store
                .database()
                .getCollection(RequestListProjection.ENTRIES)
                .find(new Document("_id", "state.a#1"))
                .first()
                .getString("requestId"))
        .isEqualTo("req-2");
  }

  @Test
  void thread_page_readsOnlyTheAskedMessages_andCountsThemAll() {
    open("req-t", "state.a");
    for (int i = 0; i < 7; i++) {
      views.on(
          new MessageSubmittedEvent(
              "req-t",
              "m" + i,
              COURT,
              "fp",
              List.of("state.a", COURT),
              "digest" + i,
              10,
              "blob" + i,
              List.of(),
              T0.plusSeconds(i),
              null),
          new GlobalSequenceTrackingToken(seq++));
    }
    RequestView middle = views.handle(new FindRequestQuery("req-t", "state.a", 3, 3));
    assertThat(middle.messages()).extracting(m -> m.messageId()).containsExactly("m3", "m4", "m5");
    assertThat(middle.messageCount()).isEqualTo(7);
    assertThat(views.handle(new FindRequestQuery("req-t", "state.a", 6, 3)).messages())
        .extracting(m -> m.messageId())
        .containsExactly("m6");
    assertThat(views.handle(new FindRequestQuery("req-t", "state.a", 9, 3)).messages()).isEmpty();
    assertThat(views.handle(new FindRequestQuery("req-t", "state.a")).messages()).hasSize(7);
    assertThat(views.handle(new FindRequestQuery("req-t", "state.x", 0, 3))).isNull();
  }

  private static List<String> reversed(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  private long entries() {
    return store.database().getCollection(RequestListProjection.ENTRIES).countDocuments();
  }
}
