package org.rogatory.hub.console.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The median and 90th percentile of a set of response times, by the <b>nearest-rank</b> method: the
 * durations are sorted ascending and the p-th percentile is the one at rank {@code ceil(p/100 × n)}
 * (1-based). It is always one of the measured durations, never an interpolation: the median of an
 * even number of durations is the lower of the two middle ones, and the 90th percentile of fewer
 * than ten durations is the largest. With no durations both are null.
 */
record ResponseTimes(int count, Duration median, Duration p90) {
  static final ResponseTimes NONE = new ResponseTimes(0, null, null);

  static ResponseTimes of(List<Duration> durations) {
    if (durations.isEmpty()) {
      return NONE;
    }
    List<Duration> sorted = new ArrayList<>(durations);
    sorted.sort(null);
    return new ResponseTimes(sorted.size(), nearestRank(sorted, 50), nearestRank(sorted, 90));
  }

  /** The {@code percent}-th percentile of ascending {@code sorted} (not empty), nearest rank. */
  static Duration nearestRank(List<Duration> sorted, int percent) {
    if (sorted.isEmpty() || percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("a percentile of 1 to 100 of at least one value");
    }
    int rank = (percent * sorted.size() + 99) / 100; // ceil(percent × n / 100), from 1 to n
    return sorted.get(rank - 1);
  }

  /** Hours with two decimals for the CSV export ("" when there is no value). */
  static String hours(Duration d) {
    return d == null ? "" : String.format(Locale.ROOT, "%.2f", d.toSeconds() / 3600.0);
  }

  /** "2 d 5 h", "3 h 20 min", "45 min", or an em dash when there is no value. */
  static String words(Duration d) {
    if (d == null) {
      return "—";
    }
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) {
      return days + " d " + hours + " h";
    }
    if (hours > 0) {
      return hours + " h " + minutes + " min";
    }
    return Math.max(0, d.toMinutes()) + " min";
  }
}
