package org.rogatory.hub.infra.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {
  private static String printed(ReplayReport r, int[] exit) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    exit[0] = ReplayCommand.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ReplayReport report(boolean consistent, ReplayReport.CollectionComparison... cs) {
    return new ReplayReport(Instant.EPOCH, "command line", 41, 42, 7, consistent, List.of(cs));
  }

  @Test
  void print_matchingReadModels_exitsZero() {
    int[] exit = new int[1];
    String out =
        printed(
            report(true, new ReplayReport.CollectionComparison("request_views", 3, 0, 0, 0, null)),
            exit);
    assertThat(exit[0]).isZero();
    assertThat(out).contains("events 0 to 41 (42 events)", "request_views", "match: 3 equal");
    assertThat(out).contains("The read models match the history.");
  }

  @Test
  void print_aDifference_exitsOne_andNamesTheFirstDocument() {
    int[] exit = new int[1];
    String out =
        printed(
            report(
                false,
                new ReplayReport.CollectionComparison("party_directory", 2, 0, 0, 0, null),
                new ReplayReport.CollectionComparison("inbox_entries", 5, 1, 0, 1, "state.nl:7")),
            exit);
    assertThat(exit[0]).isEqualTo(1);
    assertThat(out)
        .contains("MISMATCH: 5 equal, 1 differ, 0 only live, 1 only rebuilt (first: state.nl:7)")
        .contains("run again in a quiet moment")
        .contains("The read models differ.");
  }

  @Test
  void run_withoutCompare_printsUsage_andExitsTwo() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit =
        ReplayCommand.run(
            Object.class,
            new String[] {"replay"},
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("usage: replay --compare");
  }
}
