package org.rogatory.hub.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates and ages as the console shows them: UTC, to the minute. */
final class Dates {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Dates() {}

  static String format(Instant at) {
    return at == null ? "" : FORMAT.format(at);
  }

  /** "3 days", "5 hours", "12 minutes". */
  static String age(Duration d) {
    long days = d.toDays();
    if (days >= 1) {
      return days + (days == 1 ? " day" : " days");
    }
    long hours = d.toHours();
    if (hours >= 1) {
      return hours + (hours == 1 ? " hour" : " hours");
    }
    long minutes = Math.max(0, d.toMinutes());
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }
}
