package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.AuditBundleVerifier;
import org.rogatory.client.HubException;
import org.rogatory.client.TransferListener;
import org.rogatory.client.cli.CliContext;
import org.rogatory.client.cli.ExitCodes;
import org.rogatory.client.cli.RogatoryCli;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import picocli.CommandLine;

/**
 * An oversight body enrolled as an AUDITOR exports the hub's whole history through the SDK and the
 * CLI and verifies it offline; it may not open, be addressed or send; nobody else may read the
 * events; and an event altered in MongoDB behind the hub's back is caught in the next export.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=audit-export")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditExportIT {
  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired LogSigningKey logKey;
  @Autowired EventLog eventLog;
  @Autowired com.mongodb.client.MongoDatabase mongo;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  SdkFixtures.Party court;
  SdkFixtures.Party state;
  SdkFixtures.Party auditor;
  String requestId;
  Path logKeys;

  @BeforeAll
  void setUp() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    String suffix = SdkFixtures.suffix();
    court = fixtures.enrol("court.audited-" + suffix, "COURT_ORGAN");
    state = fixtures.enrol("state.audited-" + suffix, "CENTRAL_AUTHORITY");
    auditor = fixtures.enrol("oversight.body-" + suffix, "AUDITOR");
    requestId = SdkFixtures.openRequest(court.client(), state.id());
    Path file = tmp.resolve("warrant.pdf");
    Files.write(file, new byte[2048]);
    SdkFixtures.sendFetchAcknowledge(court, state, requestId, file, tmp.resolve("got.pdf"));
    logKeys = tmp.resolve("log-keys");
    StringBuilder keys = new StringBuilder();
    for (NoteVerifierKey k : logKey.verifierKeys()) {
      keys.append(k.encode()).append('\n');
    }
    Files.writeString(logKeys, keys.toString());
  }

  @AfterAll
  void tearDown() throws Exception {
    fixtures.close();
  }

  /** Waits until a published checkpoint covers every event stored now. */
  private void awaitCheckpointCoveringHead() throws Exception {
    long head = eventLog.head();
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      HubApiClient.Response r = fixtures.admin().get("/v1/log/checkpoint");
      if (r.status() == 200
          && CheckpointVerifier.forLog(logKey.origin(), logKey.verifierKeys())
                  .verify(new String(r.body(), StandardCharsets.UTF_8))
                  .size()
              > head) {
        return;
      }
      assertThat(System.nanoTime()).as("a checkpoint covering %d", head).isLessThan(until);
      Thread.sleep(100);
    }
  }

  @Test
  @Order(1)
  void auditor_mayNotOpen_beAddressed_orSend() throws Exception {
    assertThatThrownBy(() -> SdkFixtures.openRequest(auditor.client(), state.id()))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> SdkFixtures.openRequest(court.client(), auditor.id()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
              assertThat(e.getMessage()).contains("auditors cannot be addressed");
            });
    Path bytes = tmp.resolve("not-an-envelope");
    Files.write(bytes, new byte[64]);
    assertThatThrownBy(
            () ->
                auditor
                    .client()
                    .messages()
                    .post(requestId, bytes, "auditor-post-1", TransferListener.NONE))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
              assertThat(e.getMessage()).contains("may not send messages");
            });
  }

  @Test
  @Order(2)
  void events_areRefusedToPartiesThatAreNotAuditors_andToAdministrators() throws Exception {
    assertThatThrownBy(() -> court.client().auditExport().writeTo(OutputStream.nullOutputStream()))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUDITOR_ONLY));
    HubApiClient.Response admin = fixtures.admin().get("/v1/audit/events?start=0&end=1");
    assertThat(admin.status()).isEqualTo(403);
    assertThat(admin.code()).isEqualTo("AUDITOR_ONLY");
    HubApiClient.Response cps = fixtures.admin().get("/v1/audit/checkpoints?from=0");
    assertThat(cps.status()).isEqualTo(403);
  }

  @Test
  @Order(3)
  void auditor_exportsTheWholeHistory_andItVerifiesOffline() throws Exception {
    awaitCheckpointCoveringHead();
    Path bundle = tmp.resolve("history.zip");
    try (OutputStream out = Files.newOutputStream(bundle)) {
      auditor.client().auditExport().writeTo(out);
    }
    AuditBundleVerifier.Report r =
        AuditBundleVerifier.withLogKeys(logKey.verifierKeys()).verify(bundle);
    assertThat(r.events()).isGreaterThan(eventLog.head() - 1).isEqualTo(r.latest().size());
    assertThat(r.checkpoints()).isGreaterThanOrEqualTo(2); // the empty tree's, and later ones
    assertThat(r.receipts()).isGreaterThanOrEqualTo(1);

    // The same through the CLI.
    CliContext cli = cli();
    Path viaCli = tmp.resolve("history-cli.zip");
    Result exported = run(cli, withHub("audit", "export", "--out", viaCli.toString()));
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    assertThat(exported.out()).contains("Exported", "checkpoints to");
    Result verified =
        run(cli, "audit", "verify", viaCli.toString(), "--log-keys", logKeys.toString());
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(verified.out()).contains("recompute their chain hashes", "obey the domain rules");
    Result again = run(cli, withHub("audit", "export", "--out", viaCli.toString()));
    assertThat(again.exitCode()).isEqualTo(ExitCodes.IO);
  }

  @Test
  @Order(4) // last: it alters the store behind the hub's back
  void eventAlteredInTheStore_isCaughtByTheNextExportsVerification() throws Exception {
    awaitCheckpointCoveringHead();
    // Behind the hub's back: one payload byte of the request's opening event.
    Document commit = null;
    for (Document d : mongo.getCollection("events").find()) {
      @SuppressWarnings("unchecked")
      List<Document> events = (List<Document>) d.get("events");
      for (Document e : events) {
        if (e.getString("type").endsWith("RequestOpenedEvent")
            && requestId.equals(e.getString("aggId"))) {
          byte[] p = e.get("payload", Binary.class).getData();
          p[p.length - 2] ^= 1;
          e.put("payload", new Binary(p));
          commit = d;
        }
      }
      if (commit != null) {
        break;
      }
    }
    assertThat(commit).isNotNull();
    mongo.getCollection("events").replaceOne(new Document("_id", commit.get("_id")), commit);
    Path bundle = tmp.resolve("tampered.zip");
    try (OutputStream out = Files.newOutputStream(bundle)) {
      auditor.client().auditExport().writeTo(out);
    }
    Result caught =
        run(cli(), "audit", "verify", bundle.toString(), "--log-keys", logKeys.toString());
    assertThat(caught.exitCode()).as(caught.toString()).isEqualTo(ExitCodes.CRYPTO);
    assertThat(caught.err())
        .startsWith("rogatory: The log does not verify: event ")
        .contains("does not match its chain hash");
  }

  // ---------------------------------------------------------------- CLI

  record Result(int exitCode, String out, String err) {}

  private CliContext cli() {
    return new CliContext(
        Map.of("ROGATORY_PASSPHRASE", new String(SdkFixtures.PASSPHRASE)),
        null,
        Clock.systemUTC(),
        KeyFilePreset.ARGON2ID_19MIB);
  }

  /** {@code args} with the auditor's key store, the hub and its CA. */
  private String[] withHub(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--key",
            auditor.storeDir().toString(),
            "--hub",
            "https://localhost:" + port,
            "--ca",
            pki.caCertificatePem().toString()));
    return all.toArray(String[]::new);
  }

  private static Result run(CliContext context, String... args) {
    CommandLine cli = RogatoryCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
