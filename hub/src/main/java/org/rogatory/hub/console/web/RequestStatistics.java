package org.rogatory.hub.console.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rogatory.hub.console.query.RequestStatisticsProjection.RequestFigures;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestStatus;

/**
 * The disaggregated figures the Assembly asked the Court to report, per requested State (the
 * addressee) and category: sent, acknowledged, executed (fully or partly), not executed, pending,
 * overdue among the pending; response times from opening to the first acknowledgement and from
 * opening to the first outcome (executed, partially executed or not executed), as median and 90th
 * percentile ({@link ResponseTimes}); and the consultations asked for, by reason.
 */
final class RequestStatistics {
  static final String CSV_HEADER =
      "addressee,category,sent,acknowledged,executed,not_executed,pending,overdue,"
          + "acknowledgement_median_hours,acknowledgement_p90_hours,"
          + "outcome_median_hours,outcome_p90_hours,consultations"
          + reasonColumns();

  /**
   * One row: a State and a category ({@code category} null when the row covers every category of
   * the State). {@code consultations} counts consultations (not requests) by reason.
   */
  record Row(
      String addressee,
      RequestCategory category,
      int sent,
      int acknowledged,
      int executed,
      int notExecuted,
      int pending,
      int overdue,
      ResponseTimes toAcknowledgement,
      ResponseTimes toOutcome,
      Map<ConsultationReason, Integer> consultations) {
    Row {
      consultations = Collections.unmodifiableMap(new EnumMap<>(consultations));
    }

    int consultationCount() {
      return consultations.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The rows of a period, the same per State over all categories, and reasons overall. */
  record Report(List<Row> rows, List<Row> states, Map<ConsultationReason, Integer> reasons) {}

  private RequestStatistics() {}

  /** The report over {@code requests}: rows ordered by addressee, then category. */
  static Report report(List<RequestFigures> requests, Instant now) {
    Map<ConsultationReason, Integer> reasons = new EnumMap<>(ConsultationReason.class);
    for (ConsultationReason r : ConsultationReason.values()) {
      reasons.put(r, 0);
    }
    for (RequestFigures f : requests) {
      for (ConsultationReason r : f.consultations()) {
        reasons.merge(r, 1, Integer::sum);
      }
    }
    return new Report(of(requests, now, true), of(requests, now, false), reasons);
  }

  /** Rows ordered by addressee, then category (or one per addressee if not {@code byCategory}). */
  static List<Row> of(List<RequestFigures> requests, Instant now, boolean byCategory) {
    Map<String, List<RequestFigures>> groups = new TreeMap<>();
    for (RequestFigures f : requests) {
      String key = f.addressee() + "\u0000" + (byCategory ? f.category().name() : "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    List<Row> rows = new ArrayList<>(groups.size());
    for (List<RequestFigures> group : groups.values()) {
      RequestFigures first = group.get(0);
      rows.add(row(first.addressee(), byCategory ? first.category() : null, group, now));
    }
    return rows;
  }

  private static Row row(
      String addressee, RequestCategory category, List<RequestFigures> group, Instant now) {
    int acknowledged = 0;
    int executed = 0;
    int notExecuted = 0;
    int pending = 0;
    int overdue = 0;
    List<Duration> toAcknowledgement = new ArrayList<>();
    List<Duration> toOutcome = new ArrayList<>();
    Map<ConsultationReason, Integer> consultations = new EnumMap<>(ConsultationReason.class);
    for (RequestFigures f : group) {
      RequestStatus s = f.status();
      boolean finished = s.isFinished();
      if (f.acknowledgedAt() != null) {
        acknowledged++;
        toAcknowledgement.add(Duration.between(f.openedAt(), f.acknowledgedAt()));
      }
      if (f.outcomeAt() != null) {
        toOutcome.add(Duration.between(f.openedAt(), f.outcomeAt()));
      }
      executed += s == RequestStatus.EXECUTED || s == RequestStatus.PARTIALLY_EXECUTED ? 1 : 0;
      notExecuted += s == RequestStatus.NOT_EXECUTED ? 1 : 0;
      if (!finished) {
        pending++;
        overdue += f.deadline() != null && !f.deadline().isAfter(now) ? 1 : 0;
      }
      for (ConsultationReason r : f.consultations()) {
        consultations.merge(r, 1, Integer::sum);
      }
    }
    return new Row(
        addressee,
        category,
        group.size(),
        acknowledged,
        executed,
        notExecuted,
        pending,
        overdue,
        ResponseTimes.of(toAcknowledgement),
        ResponseTimes.of(toOutcome),
        consultations);
  }

  private static String reasonColumns() {
    StringBuilder out = new StringBuilder();
    for (ConsultationReason r : ConsultationReason.values()) {
      out.append(",consultations_").append(r.name().toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }

  static String csv(List<Row> rows) {
    StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
    for (Row r : rows) {
      out.append(cell(r.addressee()))
          .append(',')
          .append(r.category() == null ? "" : r.category().name())
          .append(',')
          .append(r.sent())
          .append(',')
          .append(r.acknowledged())
          .append(',')
          .append(r.executed())
          .append(',')
          .append(r.notExecuted())
          .append(',')
          .append(r.pending())
          .append(',')
          .append(r.overdue())
          .append(',')
          .append(ResponseTimes.hours(r.toAcknowledgement().median()))
          .append(',')
          .append(ResponseTimes.hours(r.toAcknowledgement().p90()))
          .append(',')
          .append(ResponseTimes.hours(r.toOutcome().median()))
          .append(',')
          .append(ResponseTimes.hours(r.toOutcome().p90()))
          .append(',')
          .append(r.consultationCount());
      for (ConsultationReason reason : ConsultationReason.values()) {
        out.append(',').append(r.consultations().getOrDefault(reason, 0));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  /**
   * One CSV field (RFC 4180). A value a spreadsheet would take for a formula ({@code = + - @}, tab,
   * carriage return) is prefixed with an apostrophe, so opening the export runs nothing.
   */
  static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
