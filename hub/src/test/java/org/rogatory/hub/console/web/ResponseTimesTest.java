package org.rogatory.hub.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTimesTest {
  private static List<Duration> hours(long... values) {
    List<Duration> out = new ArrayList<>();
    for (long v : values) {
      out.add(Duration.ofHours(v));
    }
    return out;
  }

  @Test
  void of_none_hasNoMedianAndNoPercentile() {
    assertThat(ResponseTimes.of(List.of())).isEqualTo(new ResponseTimes(0, null, null));
  }

  @Test
  void of_oneValue_isBothMedianAndPercentile() {
    assertThat(ResponseTimes.of(hours(7)))
        .isEqualTo(new ResponseTimes(1, Duration.ofHours(7), Duration.ofHours(7)));
  }

  @Test
  void of_unsortedOddCount_takesTheMiddleAndTheNearestRank() {
    // Sorted: 1 2 3 4 5; median rank ceil(2.5) = 3; p90 rank ceil(4.5) = 5.
    assertThat(ResponseTimes.of(hours(5, 1, 4, 2, 3)))
        .isEqualTo(new ResponseTimes(5, Duration.ofHours(3), Duration.ofHours(5)));
  }

  @Test
  void of_evenCount_takesTheLowerMiddle_neverAnInterpolation() {
    // Sorted: 1 2 10 20; median rank ceil(2) = 2 -> 2 h (an interpolation would say 6 h).
    assertThat(ResponseTimes.of(hours(20, 1, 10, 2)).median()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void nearestRank_tenValues_p90IsTheNinth() {
    List<Duration> sorted = hours(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(ResponseTimes.nearestRank(sorted, 90)).isEqualTo(Duration.ofHours(9));
    assertThat(ResponseTimes.nearestRank(sorted, 50)).isEqualTo(Duration.ofHours(5));
    assertThat(ResponseTimes.nearestRank(sorted, 100)).isEqualTo(Duration.ofHours(10));
  }

  @Test
  void nearestRank_elevenValues_p90IsTheTenth() {
    // ceil(0.9 * 11) = ceil(9.9) = 10.
    List<Duration> sorted = hours(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(ResponseTimes.nearestRank(sorted, 90)).isEqualTo(Duration.ofHours(10));
    assertThat(ResponseTimes.nearestRank(sorted, 50)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void nearestRank_empty_throws() {
    assertThatThrownBy(() -> ResponseTimes.nearestRank(List.of(), 50))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hoursAndWords_formatDurations() {
    assertThat(ResponseTimes.hours(Duration.ofMinutes(90))).isEqualTo("1.50");
    assertThat(ResponseTimes.hours(null)).isEmpty();
    assertThat(ResponseTimes.words(Duration.ofHours(53))).isEqualTo("2 d 5 h");
    assertThat(ResponseTimes.words(Duration.ofMinutes(200))).isEqualTo("3 h 20 min");
    assertThat(ResponseTimes.words(Duration.ofMinutes(45))).isEqualTo("45 min");
    assertThat(ResponseTimes.words(null)).isEqualTo("—");
  }
}
