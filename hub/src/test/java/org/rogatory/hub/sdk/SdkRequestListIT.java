package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rogatory.client.CooperationRequest;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.RequestAction;
import org.rogatory.client.RequestListing;
import org.rogatory.client.RequestPage;
import org.rogatory.client.RequestStatus;
import org.rogatory.client.RequestSummary;
import org.rogatory.client.TransferListener;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.rogatory.protocol.ErrorCode;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A party lists its requests and pages a request's thread, through the SDK against the real hub
 * over mTLS: both sides of each request list it, pages of any size cover the list without a miss or
 * a double in either order, the status filter follows the requests' statuses, a third party and an
 * auditor see none of it, an administrator is refused, bad paging is a 400 with {@code
 * INVALID_FIELD}, and a long thread comes a page at a time while {@code request(id)} still returns
 * all of it.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=sdk-request-list")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkRequestListIT extends HubTestBase {
  private static final int TO_A = 7;
  private static final int TO_B = 4;

  @TempDir static Path tmp;

  SdkFixtures fixtures;
  SdkFixtures.Party court;
  SdkFixtures.Party stateA;
  SdkFixtures.Party stateB;
  SdkFixtures.Party stranger;
  SdkFixtures.Party auditor;
  final List<String> opened = new ArrayList<>(); // in opening order
  final List<String> toA = new ArrayList<>();
  final List<String> thread = new ArrayList<>();
  String threadId;

  @BeforeAll
  void openRequests() throws Exception {
    connectAdministrator();
    fixtures = new SdkFixtures(port, pki, tmp);
    String suffix = SdkFixtures.suffix();
    court = fixtures.enrol("court.list-" + suffix, "COURT_ORGAN");
    stateA = fixtures.enrol("state.a-" + suffix, "CENTRAL_AUTHORITY");
    stateB = fixtures.enrol("state.b-" + suffix, "CENTRAL_AUTHORITY");
    stranger = fixtures.enrol("state.c-" + suffix, "CENTRAL_AUTHORITY");
    auditor = fixtures.enrol("oversight-" + suffix, "AUDITOR");
    for (int i = 0; i < TO_A + TO_B; i++) {
      boolean a = !(i == 2 || i == 5 || i == 8 || i == 10);
      String id = SdkFixtures.openRequest(court.client(), (a ? stateA : stateB).id());
      opened.add(id);
      if (a) {
        toA.add(id);
      }
    }
    // The last of the Court's requests, to B, with a thread of five messages.
    threadId = SdkFixtures.openRequest(court.client(), stateB.id());
    opened.add(threadId);
    Path note = Files.writeString(tmp.resolve("note.txt"), "a note");
    for (int i = 0; i < 5; i++) {
      thread.add(
          court
              .client()
              .messages()
              .send(threadId, note, "text/plain", TransferListener.NONE)
              .messageId());
    }
  }

  @AfterAll
  void close() throws Exception {
    fixtures.close();
  }

  /** Every row, page after page, as a client would walk it. */
  private static List<RequestSummary> walk(HubClient client, RequestListing listing)
      throws HubException {
    List<RequestSummary> all = new ArrayList<>();
    Optional<RequestListing> next = Optional.of(listing);
    int pages = 0;
    while (next.isPresent()) {
      RequestPage page = client.requests(next.get());
      all.addAll(page.requests());
      next = page.following(next.get());
      assertThat(++pages).as("pages").isLessThan(100);
    }
    return all;
  }

  private static List<String> ids(List<RequestSummary> rows) {
    return rows.stream().map(RequestSummary::requestId).toList();
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  @Test
  void court_pagesItsWholeList_newestFirst_inPagesOfThree_withoutAMissOrADouble() throws Exception {
    List<RequestSummary> rows = walk(court.client(), RequestListing.newestFirst().limit(3));
    assertThat(ids(rows)).containsExactlyElementsOf(reversed(opened));
    assertThat(new HashSet<>(ids(rows))).hasSize(opened.size());
    assertThat(rows).extracting(RequestSummary::openedBy).containsOnly(court.id().value());
    RequestPage first = court.client().requests(RequestListing.newestFirst().limit(3));
    assertThat(first.requests()).hasSize(3);
    assertThat(first.more()).isTrue();
    assertThat(first.next()).isEqualTo((long) opened.size() - 4);
  }

  @Test
  void addressee_listsItsOwn_oldestFirst_withTheCourtAsCounterpart() throws Exception {
    List<RequestSummary> rows = walk(stateA.client(), RequestListing.oldestFirst().limit(2));
    assertThat(ids(rows)).containsExactlyElementsOf(toA);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.counterpart()).isEqualTo(court.id().value());
              assertThat(r.addressee()).isEqualTo(stateA.id().value());
              assertThat(r.courtReference()).isEqualTo("ICC-01/04-01/06");
              assertThat(r.openedAt()).isNotNull();
              assertThat(r.lastActivityAt()).isNotNull();
              assertThat(r.overdue()).isFalse();
            });
    assertThat(rows)
        .extracting(RequestSummary::position)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(ids(walk(stateB.client(), RequestListing.newestFirst())))
        .hasSize(TO_B + 1)
        .doesNotContainAnyElementsOf(toA);
    assertThat(ids(walk(court.client(), RequestListing.newestFirst().counterpart(stateB.id()))))
        .hasSize(TO_B + 1)
        .doesNotContainAnyElementsOf(toA);
  }

  @Test
  void statusFilter_followsAcknowledgements() throws Exception {
    String first = toA.get(1);
    String second = toA.get(4);
    stateA.client().act(first, RequestAction.acknowledge());
    stateA.client().act(second, RequestAction.acknowledge());

    RequestListing acknowledged =
        RequestListing.newestFirst().limit(1).status(RequestStatus.ACKNOWLEDGED);
    assertThat(ids(walk(court.client(), acknowledged))).containsExactly(second, first);
    assertThat(ids(walk(stateA.client(), acknowledged))).containsExactly(second, first);
    assertThat(ids(walk(stateB.client(), acknowledged))).isEmpty();
    List<RequestSummary> all = walk(stateA.client(), RequestListing.newestFirst());
    assertThat(all)
        .filteredOn(r -> r.status() == RequestStatus.ACKNOWLEDGED)
        .extracting(RequestSummary::requestId)
        .containsExactly(second, first);
  }

  @Test
  void thirdParty_andAuditor_seeNoneOfIt_andAnAdministratorIsRefused() throws Exception {
    RequestPage ofStranger = stranger.client().requests(RequestListing.newestFirst());
    assertThat(ofStranger.requests()).isEmpty();
    assertThat(ofStranger.more()).isFalse();
    assertThat(auditor.client().requests(RequestListing.oldestFirst()).requests()).isEmpty();
    assertThatThrownBy(() -> stranger.client().request(opened.get(0), 0, 10))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    Response byAdmin = admin.get("/v1/requests");
    assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(403);
    assertThat(byAdmin.json().get("code").asText()).isEqualTo("FORBIDDEN");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/requests?limit=0",
        "/v1/requests?limit=201",
        "/v1/requests?limit=ten",
        "/v1/requests?from=-1",
        "/v1/requests?from=x",
        "/v1/requests?order=SIDEWAYS",
        "/v1/requests?status=LOST",
        "/v1/requests?counterpart=",
        "/v1/requests/{id}?messagesLimit=0",
        "/v1/requests/{id}?messagesLimit=501",
        "/v1/requests/{id}?messagesFrom=-3",
        "/v1/requests/{id}?messagesFrom=first"
      })
  void badPaging_isA400WithInvalidField_andASentenceNamingTheParameter(String path)
      throws Exception {
    Party raw = rawState();
    Response r = raw.client().get(path.replace("{id}", "req-x"));
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("INVALID_FIELD");
    String parameter = path.substring(path.indexOf('?') + 1, path.indexOf('='));
    assertThat(r.json().get("message").asText()).contains(parameter);
  }

  private Party rawParty;

  /** A party driven over plain HTTP, to send what the SDK would refuse to. */
  private synchronized Party rawState() throws Exception {
    if (rawParty == null) {
      rawParty = enrol("state.raw-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    }
    return rawParty;
  }

  @Test
  void thread_comesAPageAtATime_andRequestReadsItWhole() throws Exception {
    String id = threadId;
    List<String> sent = thread;
    CooperationRequest firstPage = stateB.client().request(id, 0, 2);
    assertThat(firstPage.messages())
        .extracting(m -> m.messageId())
        .containsExactlyElementsOf(sent.subList(0, 2));
    assertThat(firstPage.messageCount()).isEqualTo(5);
    assertThat(firstPage.moreMessages()).isTrue();
    CooperationRequest lastPage = stateB.client().request(id, 4, 2);
    assertThat(lastPage.messages()).extracting(m -> m.messageId()).containsExactly(sent.get(4));
    assertThat(lastPage.messagesFrom()).isEqualTo(4);
    assertThat(lastPage.moreMessages()).isFalse();
    CooperationRequest whole = court.client().request(id);
    assertThat(whole.messages()).extracting(m -> m.messageId()).containsExactlyElementsOf(sent);
    assertThat(whole.moreMessages()).isFalse();

    Response raw = rawState().client().get("/v1/requests/" + id);
    assertThat(raw.status()).as("not a party").isEqualTo(404);
    Response unpaged = admin.get("/v1/requests/" + id);
    assertThat(unpaged.status()).isEqualTo(403);

    RequestSummary row =
        walk(stateB.client(), RequestListing.newestFirst().limit(1)).stream()
            .filter(r -> r.requestId().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(row.messageCount()).isEqualTo(5);
  }
}
