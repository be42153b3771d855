package org.rogatory.hub.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.console.query.RequestStatisticsProjection.RequestFigures;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestStatus;

class RequestStatisticsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant OPENED = NOW.minus(Duration.ofDays(10));
  private static int ids;

  private static RequestFigures request(
      String addressee,
      RequestCategory category,
      RequestStatus status,
      Instant deadline,
      Duration toAcknowledgement,
      Duration toOutcome,
      ConsultationReason... consultations) {
    return new RequestFigures(
        "req-" + ids++,
        addressee,
        category,
        status,
        OPENED,
        deadline,
        toAcknowledgement == null ? null : OPENED.plus(toAcknowledgement),
        toOutcome == null ? null : OPENED.plus(toOutcome),
        List.of(consultations));
  }

  @Test
  void report_countsPerStateAndCategory() {
    List<RequestStatistics.Row> rows =
        RequestStatistics.report(
                List.of(
                    request(
                        "state.ke",
                        RequestCategory.ARREST_AND_SURRENDER,
                        RequestStatus.OPEN,
                        NOW.minusSeconds(1),
                        null,
                        null),
                    request(
                        "state.ke",
                        RequestCategory.ARREST_AND_SURRENDER,
                        RequestStatus.EXECUTED,
                        null,
                        Duration.ofHours(2),
                        Duration.ofDays(3)),
                    request(
                        "state.ke",
                        RequestCategory.ARREST_AND_SURRENDER,
                        RequestStatus.ACKNOWLEDGED,
                        null,
                        Duration.ofHours(4),
                        null),
                    request(
                        "state.ug",
                        RequestCategory.ARREST_AND_SURRENDER,
                        RequestStatus.NOT_EXECUTED,
                        null,
                        Duration.ofHours(1),
                        Duration.ofDays(1))),
                NOW)
            .rows();
    assertThat(rows)
        .extracting(
            RequestStatistics.Row::addressee,
            RequestStatistics.Row::sent,
            RequestStatistics.Row::acknowledged,
            RequestStatistics.Row::executed,
            RequestStatistics.Row::notExecuted,
            RequestStatistics.Row::pending,
            RequestStatistics.Row::overdue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("state.ke", 3, 2, 1, 0, 2, 1),
            org.assertj.core.groups.Tuple.tuple("state.ug", 1, 1, 0, 1, 0, 0));
    // state.ke: acknowledged after 2 h and 4 h -> median (rank 1 of 2) 2 h, p90 (rank 2) 4 h.
    assertThat(rows.get(0).toAcknowledgement())
        .isEqualTo(new ResponseTimes(2, Duration.ofHours(2), Duration.ofHours(4)));
    assertThat(rows.get(0).toOutcome())
        .isEqualTo(new ResponseTimes(1, Duration.ofDays(3), Duration.ofDays(3)));
  }

  @Test
  void report_consultations_countedPerRowAndPerReason() {
    RequestStatistics.Report report =
        RequestStatistics.report(
            List.of(
                request(
                    "state.ke",
                    RequestCategory.DEFENCE_REQUEST,
                    RequestStatus.IN_EXECUTION,
                    null,
                    Duration.ofHours(1),
                    null,
                    ConsultationReason.NATIONAL_LAW_OBSTACLE,
                    ConsultationReason.NATIONAL_LAW_OBSTACLE),
                request(
                    "state.ke",
                    RequestCategory.EVIDENCE_AND_DOCUMENTS,
                    RequestStatus.CONSULTATION,
                    null,
                    Duration.ofHours(1),
                    null,
                    ConsultationReason.PERSON_NOT_FOUND_OR_NOT_IDENTIFIED)),
            NOW);
    assertThat(report.rows()).hasSize(2);
    assertThat(report.rows().get(0).consultations())
        .isEqualTo(Map.of(ConsultationReason.NATIONAL_LAW_OBSTACLE, 2));
    assertThat(report.rows().get(0).consultationCount()).isEqualTo(2);
    assertThat(report.states()).singleElement().extracting(r -> r.consultationCount()).isEqualTo(3);
    assertThat(report.reasons())
        .containsEntry(ConsultationReason.NATIONAL_LAW_OBSTACLE, 2)
        .containsEntry(ConsultationReason.PERSON_NOT_FOUND_OR_NOT_IDENTIFIED, 1)
        .containsEntry(ConsultationReason.OTHER, 0)
        .hasSize(ConsultationReason.values().length);
  }

  @Test
  void csv_cellsThatLookLikeFormulas_areDefused() {
    assertThat(RequestStatistics.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(RequestStatistics.cell("state.ke")).isEqualTo("state.ke");
    assertThat(RequestStatistics.cell("a,b")).isEqualTo("\"a,b\"");
  }

  @Test
  void csv_hasHeaderAndOneLinePerRow_withTimesInHoursAndReasons() {
    String csv =
        RequestStatistics.csv(
            RequestStatistics.report(
                    List.of(
                        request(
                            "state.ke",
                            RequestCategory.DEFENCE_REQUEST,
                            RequestStatus.EXECUTED,
                            null,
                            Duration.ofMinutes(90),
                            Duration.ofHours(30),
                            ConsultationReason.OTHER)),
                    NOW)
                .rows());
    assertThat(csv)
        .isEqualTo(
            RequestStatistics.CSV_HEADER
                + "\r\nstate.ke,DEFENCE_REQUEST,1,1,1,0,0,0,1.50,1.50,30.00,30.00,1,0,0,0,0,0,0,1"
                + "\r\n");
    assertThat(RequestStatistics.CSV_HEADER)
        .contains("acknowledgement_median_hours", "consultations_national_law_obstacle");
  }
}
