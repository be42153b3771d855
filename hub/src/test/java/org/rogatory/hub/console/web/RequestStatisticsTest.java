package org.rogatory.hub.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;

class RequestStatisticsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static RequestView request(
      String addressee, RequestCategory category, RequestStatus status, Instant deadline) {
    Instant opened = NOW.minus(Duration.ofDays(10));
    return new RequestView(
        "req-" + addressee + status,
        "court.otp",
        addressee,
        category,
        Classification.CONFIDENTIAL,
        "ICC-01/04",
        status,
        opened,
        deadline,
        false,
        opened,
        List.of());
  }

  @Test
  void of_countsPerStateAndCategory() {
    List<RequestStatistics.Row> rows =
        RequestStatistics.of(
            List.of(
                request(
                    "state.ke",
                    RequestCategory.ARREST_AND_SURRENDER,
                    RequestStatus.OPEN,
                    NOW.minusSeconds(1)),
                request(
                    "state.ke", RequestCategory.ARREST_AND_SURRENDER, RequestStatus.EXECUTED, null),
                request(
                    "state.ke",
                    RequestCategory.ARREST_AND_SURRENDER,
                    RequestStatus.ACKNOWLEDGED,
                    null),
                request(
                    "state.ug",
                    RequestCategory.ARREST_AND_SURRENDER,
                    RequestStatus.NOT_EXECUTED,
                    null)),
            null,
            null,
            NOW);
    assertThat(rows)
        .containsExactly(
            new RequestStatistics.Row(
                "state.ke", RequestCategory.ARREST_AND_SURRENDER, 3, 2, 1, 0, 2, 1),
            new RequestStatistics.Row(
                "state.ug", RequestCategory.ARREST_AND_SURRENDER, 1, 1, 0, 1, 0, 0));
  }

  @Test
  void of_period_excludesRequestsOpenedOutsideIt() {
    List<RequestStatistics.Row> rows =
        RequestStatistics.of(
            List.of(request("state.ke", RequestCategory.DEFENCE_REQUEST, RequestStatus.OPEN, null)),
            NOW.minus(Duration.ofDays(5)),
            null,
            NOW);
    assertThat(rows).isEmpty();
  }

  @Test
  void csv_cellsThatLookLikeFormulas_areDefused() {
    assertThat(RequestStatistics.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(RequestStatistics.cell("state.ke")).isEqualTo("state.ke");
    assertThat(RequestStatistics.cell("a,b")).isEqualTo("\"a,b\"");
  }

  @Test
  void csv_hasHeaderAndOneLinePerRow() {
    String csv =
        RequestStatistics.csv(
            List.of(
                new RequestStatistics.Row(
                    "state.ke", RequestCategory.DEFENCE_REQUEST, 3, 2, 1, 0, 2, 1)));
    assertThat(csv)
        .isEqualTo(RequestStatistics.CSV_HEADER + "\r\nstate.ke,DEFENCE_REQUEST,3,2,1,0,2,1\r\n");
  }
}
