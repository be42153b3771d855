package org.rogatory.hub.console.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;

/**
 * The disaggregated figures the Assembly asked the Court to report, per requested State (the
 * addressee) and category, counted from request summaries: sent, acknowledged, executed (fully or
 * partly), not executed, pending, and overdue among the pending.
 */
final class RequestStatistics {
  static final String CSV_HEADER =
      "addressee,category,sent,acknowledged,executed,not_executed,pending,overdue";

  /** One row: a State and a category. */
  record Row(
      String addressee,
      RequestCategory category,
      int sent,
      int acknowledged,
      int executed,
      int notExecuted,
      int pending,
      int overdue) {
    Row plus(RequestView r, Instant now) {
      RequestStatus s = r.status();
      boolean finished = s.isOutcome() || s == RequestStatus.CLOSED;
      boolean acknowledgedNow = !(s == RequestStatus.OPEN || s == RequestStatus.DELIVERED);
      boolean pendingNow = !finished;
      return new Row(
          addressee,
          category,
          sent + 1,
          acknowledged + (acknowledgedNow && s != RequestStatus.CLOSED ? 1 : 0),
          executed + (s == RequestStatus.EXECUTED || s == RequestStatus.PARTIALLY_EXECUTED ? 1 : 0),
          notExecuted + (s == RequestStatus.NOT_EXECUTED ? 1 : 0),
          pending + (pendingNow ? 1 : 0),
          overdue + (pendingNow && r.deadline() != null && !r.deadline().isAfter(now) ? 1 : 0));
    }
  }

  private RequestStatistics() {}

  /** Rows ordered by addressee, then category; only requests opened in [from, to). */
  static List<Row> of(List<RequestView> requests, Instant from, Instant to, Instant now) {
    Map<String, Row> rows = new TreeMap<>();
    for (RequestView r : requests) {
      if ((from != null && r.openedAt().isBefore(from))
          || (to != null && !r.openedAt().isBefore(to))) {
        continue;
      }
      String key = r.addressee() + "\u0000" + r.category().name();
      rows.computeIfAbsent(key, k -> new Row(r.addressee(), r.category(), 0, 0, 0, 0, 0, 0));
      rows.put(key, rows.get(key).plus(r, now));
    }
    return new ArrayList<>(rows.values());
  }

  static String csv(List<Row> rows) {
    StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
    for (Row r : rows) {
      out.append(cell(r.addressee()))
          .append(',')
          .append(r.category().name())
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
          .append("\r\n");
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
