package org.rogatory.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rogatory.client.cli.CliFixtures.env;
import static org.rogatory.client.cli.CliFixtures.run;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rogatory.client.cli.CliFixtures.Result;

/** Every command answers --help; the hub commands fail with one sentence when misused. */
class HelpTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "keys generate",
        "keys code",
        "seal",
        "open",
        "enrol",
        "request open",
        "request list",
        "request status",
        "request act",
        "send",
        "inbox",
        "fetch",
        "read",
        "ack",
        "watch",
        "evidence",
        "verify-evidence"
      })
  void help_onEveryCommand_exitsZeroWithUsage(String command) {
    String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
    Result r = run(env(Map.of()), args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Usage: rogatory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inbox", "ack req-1", "watch", "request status req-1", "request list"})
  void hubCommand_withoutKeyDir_isAUsageErrorInOneSentence(String command) {
    Result r = run(env(Map.of()), command.split(" "));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip()).startsWith("rogatory: ").contains("--key DIR").doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inbox", "ack req-1"})
  void hubCommand_beforeEnrolment_saysToEnrolFirst(String command) {
    Result r =
        run(env(Map.of("ROGATORY_KEY_DIR", "/nonexistent/rogatory-keys")), command.split(" "));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("rogatory enrol");
  }

  @Test
  void evidenceAll_withAMessageToo_isAUsageErrorInOneSentence() {
    Result help = run(env(Map.of()), "evidence", "--help");
    assertThat(help.out()).contains("--all", "REQUEST --all");
    Result r =
        run(env(Map.of()), "evidence", "req-1", "00000000-0000-0000-0000-000000000000", "--all");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "rogatory: With --all, name the request alone: 'rogatory evidence REQUEST --all'.");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request list --limit 0",
        "request list --limit 201",
        "request list --from -1",
        "request list --status SOMEWHERE",
        "request status req-1 --messages-limit 501"
      })
  void requestPaging_withAValueOutOfRange_isAUsageErrorInOneSentence(String command) {
    Result r = run(env(Map.of()), command.split(" "));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip()).startsWith("rogatory: ").doesNotContain("\n");
  }

  @Test
  void requestListHelp_listsItsOptionsAndExitCodes() {
    Result r = run(env(Map.of()), "request", "list", "--help");
    assertThat(r.out())
        .contains("--status", "--from", "--limit", "--oldest-first", "--counterpart", "--json")
        .contains("Exit codes:", "hub refused");
  }
}
