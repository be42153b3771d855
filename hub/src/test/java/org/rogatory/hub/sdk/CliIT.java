package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.cli.CliContext;
import org.rogatory.client.cli.ExitCodes;
import org.rogatory.client.cli.RogatoryCli;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.CuttingProxy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import picocli.CommandLine;

/**
 * The {@code rogatory} command line against the real hub, run in-process as a script would run it:
 * a Court organ and a State enrol, the Court opens a request and sends a message with attachments,
 * the State lists its inbox, fetches and verifies everything into a directory and acknowledges,
 * while a {@code watch} of the State's notifications survives a cut connection; the Court then
 * fetches, keeps and exports the message's evidence, and after the State's reply the whole
 * request's, which a third party verifies offline. Failures end with one sentence and the
 * documented exit code.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"rogatory.test.context=cli", "rogatory.push.ring-size=3"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired HubPki pki;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  CuttingProxy proxy;
  String courtId;
  String stateId;
  CliContext court;
  CliContext state;
  @Autowired LogSigningKey logKey;
  @Autowired com.mongodb.client.MongoDatabase mongo;
  String sentRequestId;
  String sentMessageId;

  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nout: " + out + "\nerr: " + err;
    }
  }

  static Result run(CliContext context, String... args) {
    CommandLine cli = RogatoryCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result ok(CliContext context, String... args) {
    Result r = run(context, args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  static CliContext context(String passphrase, Path keyDir) {
    return new CliContext(
        Map.of("ROGATORY_PASSPHRASE", passphrase, "ROGATORY_KEY_DIR", keyDir.toString()),
        null,
        Clock.systemUTC(),
        KeyFilePreset.ARGON2ID_19MIB);
  }

  @BeforeAll
  void enrolBothThroughTheCli() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    proxy = CuttingProxy.to(port);
    String suffix = SdkFixtures.suffix();
    SdkFixtures.Created c = fixtures.createParty("court.registry-" + suffix, "COURT_ORGAN");
    SdkFixtures.Created s = fixtures.createParty("state.ng-" + suffix, "CENTRAL_AUTHORITY");
    courtId = c.id();
    stateId = s.id();
    court = context("court: a long passphrase of words", tmp.resolve("court"));
    state = context("state: another long passphrase", tmp.resolve("state"));
    String ca = pki.caCertificatePem().toString();

    Result enrolled =
        ok(
            court,
            "enrol",
            "--hub",
            "https://localhost:" + port,
            "--ca",
            ca,
            "--code",
            c.code(),
            "--party",
            courtId);
    assertThat(enrolled.out()).contains("Generated keys for " + courtId, "Enrolled " + courtId);
    // The State keys first, offline, then enrols through the relay the test can cut.
    ok(state, "keys", "generate", "--party", stateId, "--out", tmp.resolve("state").toString());
    ok(
        state,
        "enrol",
        "--hub",
        "https://localhost:" + proxy.port(),
        "--ca",
        ca,
        "--code",
        s.code());
    assertThat(tmp.resolve("state").resolve("hub.properties")).exists();
  }

  @AfterAll
  void close() throws Exception {
    proxy.close();
    fixtures.close();
  }

  @Test
  @Order(1) // its watch reads the State's whole history: it runs before anything else adds to it
  void courtSendsWithAttachments_stateFetchesVerifiesAcknowledges_whileWatching() throws Exception {
    // The State watches its notifications from the start of its history.
    CompletableFuture<Result> watch =
        CompletableFuture.supplyAsync(
            () -> run(state, "watch", "--after", "-1", "--count", "6", "--json"));

    String requestId =
        ok(
                court,
                "request",
                "open",
                "--to",
                stateId,
                "--category",
                "evidence_and_documents",
                "--classification",
                "CONFIDENTIAL",
                "--reference",
                "ICC-01/14-01/21",
                "--deadline",
                "2030-01-31",
                "--retrieval-period",
                "P3D")
            .out()
            .strip();
    assertThat(requestId).matches("[A-Za-z0-9][A-Za-z0-9._:-]+");
    assertThat(ok(court, "request", "status", requestId).out())
        .contains("Retrieval      PT72H for each receipt");

    Path note = Files.writeString(tmp.resolve("note.txt"), "Records of the accounts, as asked.");
    byte[] scan = new byte[700_000];
    new Random(3).nextBytes(scan);
    Path scanFile = Files.write(tmp.resolve("bank records.pdf"), scan);
    Path statement = Files.writeString(tmp.resolve("statement.txt"), "I saw the transfer.");
    String messageId =
        ok(
                court,
                "send",
                requestId,
                "--in",
                note.toString(),
                "--attach",
                scanFile.toString(),
                "--attach",
                statement.toString())
            .out()
            .strip();
    assertThat(messageId).hasSize(36);
    sentRequestId = requestId;
    sentMessageId = messageId;

    proxy.cutAll(); // the watch's connection breaks; it reconnects and resumes

    Result inbox = awaitInInbox(messageId);
    assertThat(inbox.out()).contains(requestId, courtId);
    Result json = ok(state, "inbox", "--json");
    JsonNode page = JSON.readTree(json.out());
    assertThat(page.get("entries").findValuesAsText("messageId")).contains(messageId);

    Path out = tmp.resolve("received");
    Result fetched = ok(state, "fetch", requestId, messageId, "--out", out.toString());
    assertThat(fetched.out()).contains("signature verified", "bank records.pdf", "statement.txt");
    assertThat(Files.readString(out.resolve("message.txt")))
        .isEqualTo("Records of the accounts, as asked.");
    assertThat(Files.readAllBytes(out.resolve("bank records.pdf"))).isEqualTo(scan);
    assertThat(Files.readString(out.resolve("statement.txt"))).isEqualTo("I saw the transfer.");
    // Fetching again without --force would overwrite: refused, exit 4.
    Result again = run(state, "fetch", requestId, messageId, "--out", out.toString());
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.IO);
    assertThat(again.err()).contains("already exists");

    proxy.cutAll();
    assertThat(ok(state, "ack", requestId).out()).contains("Acknowledged request " + requestId);
    Result status = awaitStatus(requestId, "ACKNOWLEDGED");
    assertThat(status.out()).contains(messageId, "retrieved by " + stateId);
    JsonNode request = JSON.readTree(ok(court, "request", "status", requestId, "--json").out());
    assertThat(request.get("status").asText()).isEqualTo("ACKNOWLEDGED");

    Result watched = watch.get(60, TimeUnit.SECONDS);
    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    List<JsonNode> notifications = new ArrayList<>();
    for (String line : watched.lines()) {
      notifications.add(JSON.readTree(line));
    }
    assertThat(notifications)
        .extracting(n -> n.get("type").asText())
        .containsExactlyInAnyOrder(
            "request-opened",
            "message-submitted",
            "request-delivered",
            "message-delivered",
            "message-retrieved",
            "request-acknowledged");
    assertThat(notifications)
        .extracting(n -> n.get("sequence").asLong())
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(watched.err()).contains("reconnecting");
  }

  @Test
  @Order(2)
  void failures_endWithOneSentenceAndTheDocumentedExitCode() throws Exception {
    String requestId =
        ok(
                court,
                "request",
                "open",
                "--to",
                stateId,
                "--category",
                "DEFENCE_REQUEST",
                "--classification",
                "PUBLIC",
                "--reference",
                "ICC-02/05-01/20")
            .out()
            .strip();
    ok(state, "ack", requestId);
    Result twice = run(state, "ack", requestId);
    assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(ExitCodes.HUB_REFUSED);
    assertThat(twice.err())
        .startsWith("rogatory: The hub refused (ILLEGAL_TRANSITION): ")
        .contains("Correlation id:");
    assertThat(twice.err().strip()).doesNotContain("\n");

    Result forbidden =
        run(
            state,
            "request",
            "open",
            "--to",
            courtId,
            "--category",
            "DEFENCE_REQUEST",
            "--classification",
            "PUBLIC",
            "--reference",
            "ICC-02/05-01/20");
    assertThat(forbidden.exitCode()).isEqualTo(ExitCodes.HUB_REFUSED);
    assertThat(forbidden.err()).contains("(FORBIDDEN)");

    Result missing = run(state, "fetch", requestId, "00000000-0000-0000-0000-000000000000");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.HUB_REFUSED);
    assertThat(missing.err()).contains("(NOT_FOUND)");

    Result unreachable = run(state, "inbox", "--hub", "https://localhost:1");
    assertThat(unreachable.exitCode())
        .as(unreachable.toString())
        .isEqualTo(ExitCodes.HUB_UNREACHABLE);
    assertThat(unreachable.err()).startsWith("rogatory: The hub could not be reached");

    Path wrongPass = Files.writeString(tmp.resolve("wrong.pass"), "not the passphrase\n");
    Result locked = run(state, "inbox", "--passphrase-file", wrongPass.toString());
    assertThat(locked.exitCode()).isEqualTo(ExitCodes.CRYPTO);

    Result help = ok(state, "read", "--help");
    assertThat(help.out()).contains("Download a message");
  }

  @Test
  @Order(3)
  void evidence_isFetchedVerifiedKeptExported_andAThirdPartyVerifiesItOffline() throws Exception {
    Path keys =
        Files.writeString(
            tmp.resolve("verifier-keys"),
            logKey.verifierKeys().stream()
                    .map(NoteVerifierKey::encode)
                    .collect(Collectors.joining("\n"))
                + "\n");
    // Not pinned yet: the command says how to pin.
    Result unpinned = run(court, "evidence", sentRequestId, sentMessageId);
    assertThat(unpinned.exitCode()).as(unpinned.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(unpinned.err()).startsWith("rogatory: Pin the transparency log's keys");

    // The State's receipt (sent by fetch in test 1) shows once a checkpoint covers it.
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Result shown =
        ok(court, "evidence", "--log-keys", keys.toString(), sentRequestId, sentMessageId);
    while (!shown.out().contains("RETRIEVAL_RECEIPT") && System.nanoTime() < until) {
      Thread.sleep(200);
      shown = ok(court, "evidence", sentRequestId, sentMessageId); // pinned by now
    }
    assertThat(shown.out())
        .contains("Evidence of message " + sentMessageId, "verified")
        .contains("SUBMISSION_ACCEPTANCE", "DELIVERY", "RETRIEVAL ", "RETRIEVAL_RECEIPT")
        .contains("signed by " + stateId);
    assertThat(tmp.resolve("court").resolve("log-keys")).exists();

    // Kept locally: shown again without the hub (a wrong hub URL proves it is not asked).
    Result kept = ok(court, "evidence", sentMessageId, "--hub", "https://localhost:1");
    assertThat(kept.out()).contains("RETRIEVAL_RECEIPT", "verified");

    Path bundle = tmp.resolve("evidence-" + sentMessageId + ".json");
    ok(court, "evidence", sentMessageId, "--export", bundle.toString());
    Result overwrite = run(court, "evidence", sentMessageId, "--export", bundle.toString());
    assertThat(overwrite.exitCode()).as(overwrite.toString()).isEqualTo(ExitCodes.IO);

    // A third party: no key store, no hub, only the file and the log's published keys.
    CliContext auditor =
        new CliContext(Map.of(), null, Clock.systemUTC(), KeyFilePreset.ARGON2ID_19MIB);
    Result verified =
        ok(auditor, "verify-evidence", bundle.toString(), "--log-keys", keys.toString());
    assertThat(verified.out()).contains("verified", "RETRIEVAL_RECEIPT", "signed by " + stateId);

    // The same bundle with the retrieval's time moved by the holder: refused, one sentence.
    JsonNode j = JSON.readTree(Files.readAllBytes(bundle));
    com.fasterxml.jackson.databind.node.ObjectNode retrieval = null;
    for (JsonNode item : j.get("statements")) {
      if (item.hasNonNull("receipt")) {
        retrieval = (com.fasterxml.jackson.databind.node.ObjectNode) item;
      }
    }
    assertThat(retrieval).isNotNull();
    // The last byte of the i64 seconds field, counted back from the end of the signed statement.
    flipStatementByte(retrieval, length -> length - 3373 - 4 - 32 - 32 - 8 - 4 - 8 + 7);
    Path tampered = Files.write(tmp.resolve("tampered.json"), JSON.writeValueAsBytes(j));
    assertUnsignedInOneSentence(
        auditor,
        tampered,
        keys,
        "rogatory: The evidence does not verify: the RETRIEVAL at log index ");
  }

  @Test
  @Order(4)
  void requestEvidence_ofEveryMessage_isExported_andAThirdPartyVerifiesItOffline()
      throws Exception {
    Path keys = tmp.resolve("verifier-keys"); // written, and pinned by the Court, in test 3
    Path reply = Files.writeString(tmp.resolve("reply.txt"), "The accounts are frozen.");
    String replyId = ok(state, "send", sentRequestId, "--in", reply.toString()).out().strip();

    // Until the request's view lists the reply and a checkpoint covers its submission.
    Path bundle = tmp.resolve("request-evidence.json");
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Result shown;
    do {
      shown =
          run(court, "evidence", sentRequestId, "--all", "--export", bundle.toString(), "--force");
      if (shown.exitCode() == 0 && shown.out().contains(replyId)) {
        break;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < until);
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.out())
        .contains("Evidence of 2 messages of request " + sentRequestId + ": each verified.")
        .contains("Evidence of message " + sentMessageId, "Evidence of message " + replyId)
        .contains("from " + stateId + " to ")
        .contains("Exported the evidence bundle of request " + sentRequestId);
    assertThat(tmp.resolve("court").resolve("evidence").resolve(replyId + ".json")).exists();
    JsonNode j = JSON.readTree(Files.readAllBytes(bundle));
    assertThat(j.get("format").asText()).isEqualTo("rogatory-request-evidence/1");
    assertThat(j.get("messages").findValuesAsText("messageId"))
        .containsExactly(sentMessageId, replyId);

    // A third party: no key store, no hub, only the file and the log's published keys.
    CliContext auditor =
        new CliContext(Map.of(), null, Clock.systemUTC(), KeyFilePreset.ARGON2ID_19MIB);
    Result verified =
        ok(auditor, "verify-evidence", bundle.toString(), "--log-keys", keys.toString());
    assertThat(verified.out())
        .contains("Evidence of 2 messages of request " + sentRequestId)
        .contains("Evidence of message " + sentMessageId, "Evidence of message " + replyId)
        .contains("RETRIEVAL_RECEIPT", "signed by " + stateId);

    // The reply's submission with its log signature altered: refused, one sentence naming the
    // reply.
    com.fasterxml.jackson.databind.node.ObjectNode submission =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            j.get("messages").get(1).get("statements").get(0);
    flipStatementByte(submission, length -> length - 1); // in the log's ML-DSA-65 signature
    Path tampered = Files.write(tmp.resolve("request-tampered.json"), JSON.writeValueAsBytes(j));
    assertUnsignedInOneSentence(
        auditor,
        tampered,
        keys,
        "rogatory: The evidence does not verify: in the evidence of message "
            + replyId
            + ", the SUBMISSION_ACCEPTANCE at log index ");

    Result both = run(court, "evidence", sentRequestId, sentMessageId, "--all");
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("With --all, name the request alone");
  }

  @Test
  @Order(5) // last but one: it alters the log's stored tree behind the hub's back
  void auditVerify_checksTheWholeLog_thenCatchesALeafAlteredInTheStore() throws Exception {
    Path state = tmp.resolve("audit.checkpoint");
    Result first = ok(court, "audit", "verify", "--state", state.toString());
    assertThat(first.out()).contains("leaves recompute to its root", "Saved the checkpoint");
    Result second = ok(court, "audit", "verify", "--state", state.toString());
    assertThat(second.out()).contains("It is consistent with the checkpoint of size");

    // Behind the hub's back: leaf 1's stored hash is changed in MongoDB.
    mongo
        .getCollection("log_nodes")
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", "0:1"),
            com.mongodb.client.model.Updates.set("h", new org.bson.types.Binary(new byte[32])));
    Result caught = run(court, "audit", "verify", "--state", state.toString());
    assertThat(caught.exitCode()).as(caught.toString()).isEqualTo(ExitCodes.CRYPTO);
    assertThat(caught.err())
        .startsWith("rogatory: The log does not verify: leaf 1: the log serves leaf hash");
    assertThat(caught.err().strip()).doesNotContain("\n");
  }

  /** Flips one byte of the signed statement of {@code item}, at {@code at(its length)}. */
  private static void flipStatementByte(
      com.fasterxml.jackson.databind.node.ObjectNode item, java.util.function.IntUnaryOperator at) {
    byte[] st = java.util.Base64.getDecoder().decode(item.get("statement").asText());
    st[at.applyAsInt(st.length)] ^= 0x01;
    item.put("statement", java.util.Base64.getEncoder().encodeToString(st));
  }

  /**
   * verify-evidence refuses {@code file}: exit 3, one sentence, a statement not signed by the log.
   */
  private static void assertUnsignedInOneSentence(
      CliContext who, Path file, Path keys, String starts) {
    Result refused = run(who, "verify-evidence", file.toString(), "--log-keys", keys.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.CRYPTO);
    assertThat(refused.err()).startsWith(starts).contains("is not validly signed by the log");
    assertThat(refused.err().strip()).doesNotContain("\n");
  }

  private Result awaitInInbox(String messageId) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Result r;
    do {
      r = ok(state, "inbox");
      if (r.out().contains(messageId)) {
        return r;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    throw new AssertionError("message " + messageId + " never showed in the inbox:\n" + r);
  }

  private Result awaitStatus(String requestId, String status) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Result r;
    do {
      r = ok(court, "request", "status", requestId);
      if (r.out().contains(status) && r.out().contains("retrieved by " + stateId)) {
        return r;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    throw new AssertionError("request " + requestId + " never became " + status + ":\n" + r);
  }

  @Test
  @Order(6)
  void keysRotate_replacesTheKey_andOlderMessagesStillOpen() throws Exception {
    Result rotated = ok(state, "keys", "rotate");
    assertThat(rotated.out()).contains("Replaced key ", "Current key (version 2): ");
    assertThat(Files.list(tmp.resolve("state").resolve("retired")).count()).isEqualTo(1);
    // The message the Court sealed to the State's first key opens with the retired key.
    Path out = tmp.resolve("after-rotation");
    Result fetched = ok(state, "fetch", sentRequestId, sentMessageId, "--out", out.toString());
    assertThat(fetched.out()).contains("signature verified");
    assertThat(Files.readString(out.resolve("message.txt")))
        .isEqualTo("Records of the accounts, as asked.");
    // Monitoring after the rotation: the retired key is the State's own, nothing is unknown.
    assertThat(ok(state, "keys", "monitor").out()).contains("No unknown key");
    Result help = ok(state, "keys", "rotate", "--help");
    assertThat(help.out()).contains("Rotate the party's keys");
  }

  @Test
  @Order(7)
  void requestList_pagesBothSidesRequests_asATableAndAsJson_andStatusPagesTheThread()
      throws Exception {
    List<String> fresh = new ArrayList<>();
    for (String reference : List.of("ICC-01/09-01/11", "ICC-01/09-02/11")) {
      fresh.add(
          ok(
                  court,
                  "request",
                  "open",
                  "--to",
                  stateId,
                  "--category",
                  "EVIDENCE_AND_DOCUMENTS",
                  "--classification",
                  "PUBLIC",
                  "--reference",
                  reference,
                  "--deadline",
                  "2031-01-31")
              .out()
              .strip());
    }
    // Newest first, a page of one: the second, then from the printed position the first.
    Result newest = ok(court, "request", "list", "--limit", "1");
    assertThat(newest.lines().get(0)).contains("POS", "REQUEST", "STATUS", "DEADLINE", "MSGS");
    assertThat(newest.lines().get(1)).contains(fresh.get(1), stateId, "2031-02-01T00:00:00Z");
    String footer = newest.lines().get(newest.lines().size() - 1);
    assertThat(footer).startsWith("1 request(s); next: --from ");
    String from = footer.substring(footer.lastIndexOf(' ') + 1);
    Result older = ok(court, "request", "list", "--limit", "1", "--from", from);
    assertThat(older.out()).contains(fresh.get(0)).doesNotContain(fresh.get(1));

    // The State sees the same requests, with the Court as counterpart, as JSON for scripts.
    JsonNode page = JSON.readTree(ok(state, "request", "list", "--json", "--limit", "200").out());
    List<String> listed = page.get("requests").findValuesAsText("requestId");
    assertThat(listed).contains(fresh.get(0), fresh.get(1), sentRequestId);
    assertThat(page.get("requests").findValuesAsText("counterpart")).containsOnly(courtId);
    assertThat(page.get("more").asBoolean()).isFalse();
    JsonNode acknowledged =
        JSON.readTree(ok(court, "request", "list", "--status", "acknowledged", "--json").out());
    assertThat(acknowledged.get("requests").findValuesAsText("status"))
        .containsOnly("ACKNOWLEDGED");
    assertThat(acknowledged.get("requests").findValuesAsText("requestId"))
        .doesNotContain(fresh.get(0), fresh.get(1));

    Result refused = run(court, "request", "list", "--limit", "500");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err().strip()).isEqualTo("rogatory: --from must be >= 0 and --limit 1-200.");

    // A thread of two, shown one message at a time.
    Path note = Files.writeString(tmp.resolve("thread.txt"), "one of two");
    for (int i = 0; i < 2; i++) {
      ok(court, "send", fresh.get(0), "--in", note.toString());
    }
    Result firstOfTwo = ok(court, "request", "status", fresh.get(0), "--messages-limit", "1");
    assertThat(firstOfTwo.out()).contains("Messages       2 (0-0 shown)", "--messages-from 1");
    Result secondOfTwo =
        ok(
            court,
            "request",
            "status",
            fresh.get(0),
            "--messages-from",
            "1",
            "--messages-limit",
            "1");
    assertThat(secondOfTwo.out()).contains("(1-1 shown)").doesNotContain("More messages");
  }
}
