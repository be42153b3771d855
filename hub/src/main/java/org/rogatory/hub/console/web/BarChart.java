package org.rogatory.hub.console.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as inline SVG, drawn on the server: {@code role="img"} named by its {@code
 * <title>} and described by its {@code <desc>}, coloured by CSS classes from the console's style
 * sheet (no {@code style} attribute, no script, so the console's CSP holds). The page puts the same
 * figures in a table next to it; the chart adds nothing the table does not say.
 */
final class BarChart {
  private static final int LABEL_WIDTH = 250;
  private static final int BAR_WIDTH = 400;
  private static final int VALUE_WIDTH = 240;
  private static final int ROW = 22;

  /**
   * One bar: {@code label} written left of it (blank for the second bar of a group), {@code series}
   * its CSS class, {@code value} its length in any unit, {@code text} written after it.
   */
  record Bar(String label, String series, double value, String text) {}

  private BarChart() {}

  /**
   * The chart; the longest bar stands for the largest value, or for {@code floor} if that is larger
   * (so that a few minutes do not look like a long time when nothing took longer).
   */
  static Html of(String id, String title, String description, List<Bar> bars, double floor) {
    double max = floor;
    for (Bar b : bars) {
      max = Math.max(max, b.value());
    }
    List<Html> rows = new ArrayList<>(bars.size());
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = i * ROW;
      double length = max <= 0 ? 0 : b.value() / max * BAR_WIDTH;
      rows.add(
          Html.of(
              "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>"
                  + "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"></rect>"
                  + "<text x=\"{}\" y=\"{}\">{}</text>\n",
              LABEL_WIDTH - 8,
              y + 15,
              b.label(),
              b.series(),
              LABEL_WIDTH,
              y + 3,
              String.format(Locale.ROOT, "%.1f", length),
              ROW - 6,
              String.format(Locale.ROOT, "%.1f", LABEL_WIDTH + length + 6),
              y + 15,
              b.text()));
    }
    int height = Math.max(ROW, bars.size() * ROW);
    return Html.of(
        """
        <svg class="chart" role="img" aria-labelledby="{}-title {}-desc" viewBox="0 0 {} {}" \
        width="{}" height="{}" xmlns="http://www.w3.org/2000/svg">
        <title id="{}-title">{}</title>
        <desc id="{}-desc">{}</desc>
        {}</svg>
        """,
        id,
        id,
        LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        height,
        LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        height,
        id,
        title,
        id,
        description,
        Html.join(rows, r -> r));
  }
}
