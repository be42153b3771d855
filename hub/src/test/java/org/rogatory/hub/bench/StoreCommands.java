package org.rogatory.hub.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rogatory.hub.support.HubProcess;

/**
 * The hub's round trips to its store, counted by the MongoDB driver's command listener (the metric
 * {@code mongodb.driver.commands}, tagged by command and collection, which the hub registers with
 * {@code rogatory.store.command-metrics=true}) and read from the management port's Prometheus text:
 * a snapshot before a phase and one after it give the commands each submission cost, by kind.
 */
final class StoreCommands {
  private static final Pattern SAMPLE =
      Pattern.compile("^mongodb_driver_commands_seconds_count\\{([^}]*)} ([0-9.eE+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Pattern STORE =
      Pattern.compile(
          "^rogatory_store_(commits_total|written_bytes_total)(?:\\{[^}]*})? ([0-9.eE+]+)$");

  private final Map<String, Double> counts;
  private final Map<String, Double> store;

  private StoreCommands(Map<String, Double> counts, Map<String, Double> store) {
    this.counts = counts;
    this.store = store;
  }

  /** The counts so far, keyed {@code command collection}. */
  static StoreCommands snapshot(HubProcess hub) {
    String text = hub.management("/actuator/prometheus");
    if (text == null) {
      throw new IllegalStateException("the hub's Prometheus endpoint did not answer");
    }
    Map<String, Double> counts = new HashMap<>();
    Map<String, Double> store = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher s = STORE.matcher(line);
      if (s.matches()) {
        store.put(s.group(1), Double.parseDouble(s.group(2)));
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String key = labels.get("command") + " " + labels.getOrDefault("collection", "-");
      counts.merge(key, Double.parseDouble(m.group(2)), Double::sum);
    }
    return new StoreCommands(counts, store);
  }

  /**
   * Lines of "per unit, command, collection" for what changed since {@code before}, largest first,
   * with the total first.
   */
  List<String> perUnitSince(StoreCommands before, long units) {
    List<Map.Entry<String, Double>> deltas = new ArrayList<>();
    double total = 0;
    for (Map.Entry<String, Double> e : counts.entrySet()) {
      double d = e.getValue() - before.counts.getOrDefault(e.getKey(), 0.0);
      if (d > 0) {
        deltas.add(Map.entry(e.getKey(), d));
        total += d;
      }
    }
    deltas.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    List<String> out = new ArrayList<>();
    // The embedded store's own counters (rogatory.store.commits and .written): how many durable
    // commits, and how many bytes of rewritten pages, each unit cost.
    if (store.containsKey("commits_total") && before.store.containsKey("commits_total")) {
      out.add(
          String.format(
              "%6.3f  durable commits of the embedded store",
              (store.get("commits_total") - before.store.get("commits_total"))
                  / Math.max(1, units)));
    }
    if (store.containsKey("written_bytes_total")
        && before.store.containsKey("written_bytes_total")) {
      out.add(
          String.format(
              "%6.1f  KiB written to the store's file",
              (store.get("written_bytes_total") - before.store.get("written_bytes_total"))
                  / 1024.0
                  / Math.max(1, units)));
    }
    out.add(String.format("%6.2f  all store commands", total / Math.max(1, units)));
    for (Map.Entry<String, Double> e : deltas) {
      out.add(String.format("%6.2f  %s", e.getValue() / Math.max(1, units), e.getKey()));
    }
    return out;
  }
}
