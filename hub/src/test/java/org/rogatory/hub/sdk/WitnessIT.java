package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.CheckpointStore;
import org.rogatory.client.HubException;
import org.rogatory.client.Witness;
import org.rogatory.client.cli.CliContext;
import org.rogatory.client.cli.ExitCodes;
import org.rogatory.client.cli.RogatoryCli;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.SignedNote;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.WitnessSigningKey;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import picocli.CommandLine;

/**
 * Witnesses over the real hub (TLS with client certificates, the embedded store), driven through
 * the SDK and the CLI: a State registers a witness key (an event in the log), cosigns checkpoints,
 * and the hub serves them cosigned; the hub refuses cosignatures on checkpoints it never published
 * with stable codes; and a checkpoint of a forked history, signed with the hub's own log key, is
 * caught as a split view as soon as a party compares it with its own.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=witness")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WitnessIT {
  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired LogSigningKey logKey;
  @Autowired EventLog eventLog;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  SdkFixtures.Party court;
  SdkFixtures.Party state;
  SdkFixtures.Party bystander;
  WitnessSigningKey stateWitness;
  List<NoteVerifierKey> logKeys;

  @BeforeAll
  void setUp() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    String suffix = SdkFixtures.suffix();
    court = fixtures.enrol("court.witness-" + suffix, "COURT_ORGAN");
    state = fixtures.enrol("state.witness-" + suffix, "CENTRAL_AUTHORITY");
    bystander = fixtures.enrol("state.bystander-" + suffix, "CENTRAL_AUTHORITY");
    SdkFixtures.openRequest(court.client(), state.id());
    logKeys = logKey.verifierKeys();
    stateWitness = WitnessSigningKey.generate(state.id().value() + "/witness");
    state.client().registerWitnessKey(stateWitness.verifierKey());
  }

  @AfterAll
  void tearDown() throws Exception {
    fixtures.close();
  }

  private Witness witness(String storeName) {
    return state
        .client()
        .witness(logKeys, stateWitness, CheckpointStore.in(tmp.resolve(storeName)));
  }

  private Checkpoint latestCovering(long head) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      HubApiClient.Response r = fixtures.admin().get("/v1/log/checkpoint");
      if (r.status() == 200) {
        Checkpoint c =
            CheckpointVerifier.forLog(logKey.origin(), logKeys)
                .verify(new String(r.body(), StandardCharsets.UTF_8));
        if (c.size() > head) {
          return c;
        }
      }
      assertThat(System.nanoTime()).as("a checkpoint covering %d", head).isLessThan(until);
      Thread.sleep(100);
    }
  }

  @Test
  void witnessKeyRegistration_isAnEventInTheLog_andShownInTheDirectory() throws Exception {
    HubApiClient.Response entry = fixtures.admin().get("/v1/directory/" + state.id().value());
    assertThat(entry.status()).as(entry.toString()).isEqualTo(200);
    assertThat(entry.json().get("witnessKey").asText())
        .isEqualTo(stateWitness.verifierKey().encode());
    List<StoredEvent> registered =
        eventLog.readFrom(0, 10_000).stream()
            .filter(e -> e.payloadType().endsWith("WitnessKeyRegisteredEvent"))
            .filter(e -> e.aggregateId().equals(state.id().value()))
            .toList();
    assertThat(registered).hasSize(1);

    // Registering the same key again adds nothing to the log.
    state.client().registerWitnessKey(stateWitness.verifierKey());
    assertThat(
            eventLog.readFrom(0, 10_000).stream()
                .filter(e -> e.payloadType().endsWith("WitnessKeyRegisteredEvent"))
                .filter(e -> e.aggregateId().equals(state.id().value()))
                .count())
        .isEqualTo(1);
  }

  @Test
  void witnessRounds_cosignConsistentCheckpoints_andTheHubServesThemCosigned() throws Exception {
    latestCovering(eventLog.head());
    Witness w = witness("rounds");
    Witness.Round first = w.cosignOnce();
    assertThat(first.stored()).isTrue();

    SdkFixtures.openRequest(court.client(), state.id());
    latestCovering(eventLog.head());
    Witness.Round second = w.cosignOnce();
    assertThat(second.previous()).isEqualTo(first.cosigned());
    assertThat(second.cosigned().size()).isGreaterThan(first.cosigned().size());

    HubApiClient.Response served =
        fixtures.admin().get("/v1/log/checkpoint?witnessed=true&size=" + second.cosigned().size());
    assertThat(served.status()).as(served.toString()).isEqualTo(200);
    assertThat(served.headers().firstValue("Cache-Control").orElse("")).contains("no-cache");
    String note = new String(served.body(), StandardCharsets.UTF_8);
    Checkpoint cosigned =
        CheckpointVerifier.forLog(logKey.origin(), logKeys)
            .withWitnesses(1, List.of(stateWitness.verifierKey()))
            .verify(note);
    assertThat(cosigned).isEqualTo(second.cosigned());

    HubApiClient.Response largest = fixtures.admin().get("/v1/log/checkpoint?witnessed=true");
    assertThat(largest.status()).isEqualTo(200);
    assertThat(
            CheckpointVerifier.forLog(logKey.origin(), logKeys)
                .withWitnesses(1, List.of(stateWitness.verifierKey()))
                .verify(new String(largest.body(), StandardCharsets.UTF_8))
                .size())
        .isGreaterThanOrEqualTo(second.cosigned().size());

    // An auditor that requires the State's cosignature audits the largest witnessed checkpoint.
    assertThat(
            court
                .client()
                .witnessedLogAudit(logKeys, 1, List.of(stateWitness.verifierKey()))
                .verify(null)
                .checkpoint()
                .size())
        .isGreaterThanOrEqualTo(second.cosigned().size());
    WitnessSigningKey nobody = WitnessSigningKey.generate("nobody/witness");
    assertThatThrownBy(
            () ->
                court
                    .client()
                    .witnessedLogAudit(logKeys, 1, List.of(nobody.verifierKey()))
                    .verify(null))
        .isInstanceOf(org.rogatory.client.LogAuditException.class)
        .hasMessageContaining("cosigned by 0 witnesses");

    // Submitting the same checkpoint again is acknowledged, not stored twice.
    assertThat(state.client().submitCosignature(second.cosignedNote())).isFalse();
    String servedAgain =
        new String(
            fixtures
                .admin()
                .get("/v1/log/checkpoint?witnessed=true&size=" + second.cosigned().size())
                .body(),
            StandardCharsets.UTF_8);
    assertThat(servedAgain).isEqualTo(note);
  }

  /** The latest published checkpoint, re-signed over another root with the hub's own log key. */
  private String forkedAtLatestSize() throws Exception {
    Checkpoint real = latestCovering(eventLog.head());
    Checkpoint forked =
        Checkpoint.of(logKey.origin(), real.size(), TreeHash.of(new byte[TreeHash.LENGTH]));
    return logKey.sign(forked).encode();
  }

  @Test
  void cosignatures_ofCheckpointsTheHubNeverPublished_orByAnotherKey_areRefusedWithStableCodes()
      throws Exception {
    Checkpoint real = latestCovering(eventLog.head());
    String realNote =
        new String(
            fixtures.admin().get("/v1/log/checkpoint?size=" + real.size()).body(),
            StandardCharsets.UTF_8);
    Clock now = Clock.systemUTC();

    // A forked root at a published size, validly signed by the log key: never published.
    String forked = forkedAtLatestSize();
    String forkedCosigned = cosign(forked, stateWitness, now);
    // A size the hub does not have.
    String beyond =
        cosign(
            logKey
                .sign(Checkpoint.of(logKey.origin(), real.size() + 1_000_000, real.root()))
                .encode(),
            stateWitness,
            now);
    // Another log's checkpoint.
    LogSigningKey otherLog = LogSigningKey.generate("other.example/log");
    String otherOrigin =
        cosign(
            otherLog.sign(Checkpoint.of("other.example/log", 1, real.root())).encode(),
            stateWitness,
            now);
    // The real checkpoint cosigned by a key the State did not register.
    WitnessSigningKey impostor = WitnessSigningKey.generate(state.id().value() + "/witness");
    String wrongKey = cosign(realNote, impostor, now);

    // The registered key's line, its time moved after signing: the signature no longer verifies.
    SignedNote good = SignedNote.parse(cosign(realNote, stateWitness, now));
    SignedNote.Signature line = good.signatures().get(good.signatures().size() - 1);
    byte[] moved = line.signature();
    moved[7] ^= 0x01;
    String tampered =
        SignedNote.parse(realNote)
            .withSignature(SignedNote.Signature.of(line.keyName(), line.keyId(), moved))
            .encode();

    for (String body : List.of(forkedCosigned, beyond, otherOrigin)) {
      assertRefused(state, body, ErrorCode.UNKNOWN_CHECKPOINT, 409);
    }
    assertRefused(state, wrongKey, ErrorCode.BAD_COSIGNATURE, 422);
    assertRefused(state, tampered, ErrorCode.BAD_COSIGNATURE, 422);
    assertRefused(state, realNote, ErrorCode.BAD_COSIGNATURE, 422); // no cosignature at all
    assertRefused(state, "not a note", ErrorCode.INVALID_FIELD, 400);
    // Administrators are not witnesses.
    HubApiClient.Response byAdmin =
        fixtures
            .admin()
            .post(
                "/v1/log/cosignatures",
                "text/plain",
                cosign(realNote, stateWitness, now).getBytes(StandardCharsets.UTF_8),
                null);
    assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(403);
    assertThat(byAdmin.code()).isEqualTo("FORBIDDEN");
    // The bystander registered no witness key.
    assertRefused(
        bystander, cosign(realNote, stateWitness, now), ErrorCode.WITNESS_KEY_NOT_REGISTERED, 409);
    // Nothing of it was stored: the served cosignatures are the State's only, and verify.
    String served =
        new String(
            fixtures.admin().get("/v1/log/checkpoint?witnessed=true&size=" + real.size()).body(),
            StandardCharsets.UTF_8);
    for (SignedNote.Signature s : SignedNote.parse(served).signatures()) {
      assertThat(s.keyId())
          .isIn(logKeys.get(0).keyId(), logKeys.get(1).keyId(), stateWitness.verifierKey().keyId());
    }
  }

  private static String cosign(String note, WitnessSigningKey key, Clock clock) throws Exception {
    SignedNote n = SignedNote.parse(note);
    return n.withSignature(key.cosign(Checkpoint.parse(n.text()), clock)).encode();
  }

  private void assertRefused(SdkFixtures.Party who, String body, ErrorCode code, int status) {
    assertThatThrownBy(() -> submitRaw(who, body))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
              assertThat(e.httpStatus()).isEqualTo(status);
            });
  }

  /** Submits {@code body} as the party's own witness software would. */
  private void submitRaw(SdkFixtures.Party who, String body) throws Exception {
    who.client().submitCosignature(body);
  }

  @Test
  void registeringALogKeyAsWitnessKey_orAnotherPartysKey_isRefused() {
    assertThatThrownBy(() -> state.client().registerWitnessKey(logKeys.get(0)))
        .isInstanceOf(IllegalArgumentException.class);
    WitnessSigningKey namedAsTheLog = WitnessSigningKey.generate(logKey.origin());
    assertThatThrownBy(() -> bystander.client().registerWitnessKey(namedAsTheLog.verifierKey()))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    assertThatThrownBy(() -> bystander.client().registerWitnessKey(stateWitness.verifierKey()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
              assertThat(e.getMessage()).contains("registered by another party");
            });
  }

  @Test
  void cli_witnessThenCompare_catchesACheckpointOfAForkedHistorySignedWithTheLogKey()
      throws Exception {
    Path keys =
        Files.writeString(
            tmp.resolve("verifier-keys"),
            logKeys.stream().map(NoteVerifierKey::encode).collect(Collectors.joining("\n")) + "\n");
    CliContext cli =
        new CliContext(
            Map.of(
                "ROGATORY_PASSPHRASE",
                new String(SdkFixtures.PASSPHRASE),
                "ROGATORY_KEY_DIR",
                court.storeDir().toString()),
            null,
            Clock.systemUTC(),
            KeyFilePreset.ARGON2ID_19MIB);
    latestCovering(eventLog.head());
    String[] witnessed = run(cli, "audit", "witness", "--log-keys", keys.toString());
    assertThat(witnessed[0]).as(witnessed[1] + witnessed[2]).isEqualTo("0");
    assertThat(witnessed[1]).contains("Created the witness key", "Cosigned the checkpoint");
    java.util.regex.Matcher created =
        java.util.regex.Pattern.compile("Created the witness key (\\S+)\\.\n")
            .matcher(witnessed[1]);
    assertThat(created.find()).isTrue();
    Path witnessKeys = Files.writeString(tmp.resolve("court-witness-key"), created.group(1) + "\n");
    String[] audited =
        run(cli, "audit", "verify", "--witness-keys", witnessKeys.toString(), "--quorum", "1");
    assertThat(audited[0]).as(audited[1] + audited[2]).isEqualTo("0");
    assertThat(audited[1]).contains("cosigned by at least 1 of the 1 witnesses given");

    // What another party was shown: the hub's real checkpoint, cosigned — consistent.
    Path honest = tmp.resolve("gossip-honest.checkpoint");
    Files.write(honest, fixtures.admin().get("/v1/log/checkpoint?witnessed=true").body());
    String[] same = run(cli, "audit", "compare", honest.toString());
    assertThat(same[0]).as(same[1] + same[2]).isEqualTo("0");
    assertThat(same[1]).startsWith("consistent");

    // What a tampering hub showed another party: a fork at the size the Court holds.
    String held =
        CheckpointStore.in(court.storeDir().resolve("checkpoints"))
            .load(logKey.origin())
            .orElseThrow();
    Checkpoint heldCheckpoint = CheckpointVerifier.forLog(logKey.origin(), logKeys).verify(held);
    Path forked = tmp.resolve("gossip-forked.checkpoint");
    Files.writeString(
        forked,
        logKey
            .sign(
                Checkpoint.of(
                    logKey.origin(), heldCheckpoint.size(), TreeHash.of(new byte[TreeHash.LENGTH])))
            .encode());
    String[] split = run(cli, "audit", "compare", forked.toString());
    assertThat(split[0]).as(split[1] + split[2]).isEqualTo(String.valueOf(ExitCodes.SPLIT_VIEW));
    assertThat(split[1]).contains("two different roots", held, Files.readString(forked));
    assertThat(split[2]).startsWith("rogatory: Split view:");
  }

  private String[] run(CliContext context, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--hub";
    all[args.length + 1] = "https://localhost:" + port;
    all[args.length + 2] = "--ca";
    all[args.length + 3] = pki.caCertificatePem().toString();
    CommandLine cli = RogatoryCli.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }
}
