package org.rogatory.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.console.ConsoleHttp.Page;
import org.rogatory.hub.console.api.ConsoleEvents.StaffAccountCreatedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.StaffAccountLockedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.StaffSignedInEvent;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.query.ProposalProjection;
import org.rogatory.hub.console.signin.StaffAccounts;
import org.rogatory.hub.console.signin.StaffAccounts.NewAccount;
import org.rogatory.hub.console.signin.Totp;
import org.rogatory.hub.console.web.ConsoleServer;
import org.rogatory.hub.infra.tls.HubPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The console's refusals over real HTTPS, without a browser: lock-out, a TOTP code used twice, a
 * role without the right, an administrator approving their own proposal, pages that do not exist;
 * and the staff events in the history.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=console-sign-in")
class ConsoleSignInIT {
  @Autowired HubPki pki;
  @Autowired ConsoleServer console;
  @Autowired StaffAccounts accounts;
  @Autowired EventStore events;
  @Autowired ProposalProjection proposals;
  @Autowired com.mongodb.client.MongoDatabase database;

  private ConsoleHttp browser() throws Exception {
    return new ConsoleHttp(pki, console.port());
  }

  /** Password, code, and (the first time) a new password. */
  private void signIn(ConsoleHttp b, NewAccount a, String password, boolean first)
      throws Exception {
    b.get("/sign-in");
    Page p = b.post("/sign-in", Map.of("username", a.username(), "password", password));
    assertThat(p.status()).as(p.body()).isEqualTo(303);
    assertThat(p.location()).isEqualTo("/sign-in/code");
    b.get("/sign-in/code");
    p = b.post("/sign-in/code", Map.of("code", code(a)));
    assertThat(p.status()).as(p.body()).isEqualTo(303);
    if (first) {
      assertThat(p.location()).isEqualTo("/password");
      b.get("/password");
      p =
          b.post(
              "/password",
              Map.of(
                  "current",
                  password,
                  "new",
                  "a long new password",
                  "repeat",
                  "a long new password"));
      assertThat(p.status()).as(p.body()).isEqualTo(303);
    }
    assertThat(p.location()).isEqualTo("/requests");
  }

  private static String code(NewAccount a) {
    return Totp.code(Totp.fromBase32(a.totpSecret()), Instant.now());
  }

  @Test
  void totpSecret_atRest_isSealed_andSignInStillWorks() throws Exception {
    NewAccount tess = accounts.create("tess", StaffRole.OBSERVER, "test");
    org.bson.Document stored =
        database
            .getCollection("console_staff_credentials")
            .find(com.mongodb.client.model.Filters.eq("_id", "tess"))
            .first();
    assertThat(stored).isNotNull();
    assertThat(stored.getString("totpSecret")).startsWith("v1:").doesNotContain(tess.totpSecret());
    signIn(browser(), tess, tess.oneTimePassword(), true);
  }

  @Test
  void signIn_fiveWrongPasswords_locksTheAccountEvenForTheRightOne() throws Exception {
    NewAccount carol = accounts.create("carol", StaffRole.CASE_OFFICER, "test");
    ConsoleHttp b = browser();
    b.get("/sign-in");
    for (int i = 0; i < 5; i++) {
      Page p = b.post("/sign-in", Map.of("username", "carol", "password", "wrong " + i));
      assertThat(p.status()).isEqualTo(401);
      assertThat(p.body()).contains("The user name or password is wrong.");
    }
    Page locked =
        b.post("/sign-in", Map.of("username", "carol", "password", carol.oneTimePassword()));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.body()).contains("locked after repeated failed sign-ins");
    assertThat(types(events.readEvents("carol", 0)))
        .contains(StaffAccountCreatedEvent.class, StaffAccountLockedEvent.class);
  }

  @Test
  void signIn_sameCodeTwice_isRefusedTheSecondTime() throws Exception {
    NewAccount dan = accounts.create("dan", StaffRole.OBSERVER, "test");
    ConsoleHttp first = browser();
    first.get("/sign-in");
    first.post("/sign-in", Map.of("username", "dan", "password", dan.oneTimePassword()));
    first.get("/sign-in/code");
    String code = code(dan);
    assertThat(first.post("/sign-in/code", Map.of("code", code)).status()).isEqualTo(303);

    ConsoleHttp second = browser();
    second.get("/sign-in");
    second.post("/sign-in", Map.of("username", "dan", "password", dan.oneTimePassword()));
    second.get("/sign-in/code");
    Page replay = second.post("/sign-in/code", Map.of("code", code));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.body()).contains("The code is wrong or was used already");
    assertThat(types(events.readEvents("dan", 0))).contains(StaffSignedInEvent.class);
  }

  @Test
  void observer_administratorPages_areForbidden_andUnknownPagesAre404() throws Exception {
    NewAccount erin = accounts.create("erin", StaffRole.OBSERVER, "test");
    ConsoleHttp b = browser();
    signIn(b, erin, erin.oneTimePassword(), true);
    assertThat(b.get("/requests").status()).isEqualTo(200);
    Page forbidden = b.get("/parties/new");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.body()).contains("Your role (observer) does not allow this");
    Page missing = b.get("/no/such/page");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("There is no console page at this address.");
    Page bad = b.get("/statistics?from=yesterday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body())
        .contains("The start of the period must be a date such as 2026-01-31.")
        .doesNotContain("at org.");
  }

  @Test
  void post_oversizedForm_isRefusedWithASentence() throws Exception {
    ConsoleHttp b = browser();
    b.get("/sign-in");
    Page p = b.post("/sign-in", Map.of("username", "x".repeat(400_000), "password", "y"));
    assertThat(p.status()).isEqualTo(413);
    assertThat(p.body()).contains("The form is larger than the console accepts.");
  }

  @Test
  void administrator_approvingOwnProposal_isRefused() throws Exception {
    NewAccount fay = accounts.create("fay", StaffRole.ADMINISTRATOR, "test");
    ConsoleHttp b = browser();
    signIn(b, fay, fay.oneTimePassword(), true);
    b.get("/parties/new");
    Page created =
        b.post(
            "/parties",
            Map.of("partyId", "state.ug", "kind", "CENTRAL_AUTHORITY", "displayName", "Uganda"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    b.get("/parties");
    Page proposed =
        b.post("/parties/state.ug/suspension-proposals", Map.of("reason", "lost laptop"));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(303);
    Page list = b.get("/proposals");
    assertThat(list.body()).contains("(you proposed it)");
    // The proposer's page offers no approval; forge the POST a second administrator would send.
    String proposalId =
        proposals.all().stream()
            .filter(v -> v.partyId().equals("state.ug"))
            .findFirst()
            .orElseThrow()
            .proposalId();
    Page self = b.post("/proposals/" + proposalId + "/approve", Map.of());
    assertThat(self.status()).isEqualTo(409);
    assertThat(self.body())
        .contains("You proposed this; a different administrator must approve it.");
  }

  private static List<Class<?>> types(DomainEventStream stream) {
    List<Class<?>> out = new ArrayList<>();
    stream.asStream().forEach(m -> out.add(m.getPayloadType()));
    return out;
  }
}
