package org.rogatory.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.console.ConsoleHttp.Page;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.signin.StaffAccounts;
import org.rogatory.hub.console.signin.StaffAccounts.NewAccount;
import org.rogatory.hub.console.signin.Totp;
import org.rogatory.hub.console.web.ConsoleServer;
import org.rogatory.hub.infra.tls.HubPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The audit page's replay of the read models, over real HTTPS: an observer runs it and sees that
 * the read models match and when it ran; a case officer gets no button and is refused the POST.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=console-replay")
class ConsoleReplayIT {
  @Autowired HubPki pki;
  @Autowired ConsoleServer console;
  @Autowired StaffAccounts accounts;

  private ConsoleHttp signedIn(String user, StaffRole role) throws Exception {
    NewAccount a = accounts.create(user, role, "test");
    ConsoleHttp b = new ConsoleHttp(pki, console.port());
    b.get("/sign-in");
    b.post("/sign-in", Map.of("username", user, "password", a.oneTimePassword()));
    b.get("/sign-in/code");
    b.post(
        "/sign-in/code", Map.of("code", Totp.code(Totp.fromBase32(a.totpSecret()), Instant.now())));
    b.get("/password");
    Page p =
        b.post(
            "/password",
            Map.of(
                "current",
                a.oneTimePassword(),
                "new",
                "a long new password",
                "repeat",
                "a long new password"));
    assertThat(p.location()).as(p.body()).isEqualTo("/requests");
    return b;
  }

  @Test
  void observer_replaysTheReadModels_andSeesThemMatch_caseOfficerMayNot() throws Exception {
    ConsoleHttp observer = signedIn("olga", StaffRole.OBSERVER);
    Page before = observer.get("/audit");
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.body())
        .contains("Replay the read models and compare", "have not been replayed yet");
    Page run = observer.post("/audit/replay", Map.of());
    assertThat(run.status()).as(run.body()).isEqualTo(303);
    assertThat(run.location()).isEqualTo("/audit");
    Page after = observer.get("/audit");
    assertThat(after.body()).contains("Last replayed", "by console:olga", "the read models match");

    ConsoleHttp officer = signedIn("oscar", StaffRole.CASE_OFFICER);
    Page page = officer.get("/audit");
    assertThat(page.body()).doesNotContain("Replay the read models and compare");
    assertThat(officer.post("/audit/replay", Map.of()).status()).isEqualTo(403);
  }
}
