package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rogatory.hub.sdk.CliIT.ok;
import static org.rogatory.hub.sdk.CliIT.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rogatory.client.cli.CliContext;
import org.rogatory.client.cli.ExitCodes;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyId;
import org.rogatory.hub.support.SoftHsm;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A State whose keys are sealed by a PKCS#11 token (SoftHSM) works through the CLI alone: {@code
 * keys generate --pkcs11-library}, {@code enrol}, {@code inbox} and {@code fetch}, the token's PIN
 * given where a passphrase would be. A wrong PIN is one sentence and exit 3.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=cli-pkcs11")
class CliPkcs11IT extends SoftHsmCourtTestBase {
  private static CliContext withPin(String pin, Path keyDir) {
    return new CliContext(
        Map.of("ROGATORY_PASSPHRASE", pin, "ROGATORY_KEY_DIR", keyDir.toString()),
        null,
        Clock.systemUTC(),
        KeyFilePreset.ARGON2ID_19MIB);
  }

  @Test
  void aStateOnAToken_enrolsReceivesAndOpens_throughTheCli() throws Exception {
    SoftHsm.Token token = SoftHsm.token();
    SdkFixtures.Created created =
        fixtures.createParty("state.hsm-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
    Path dir = tmp.resolve("state-on-token");
    CliContext state = withPin(token.pin(), dir);

    ok(
        state,
        "keys",
        "generate",
        "--party",
        created.id(),
        "--out",
        dir.toString(),
        "--pkcs11-library",
        SoftHsm.LIBRARY.toString(),
        "--pkcs11-slot",
        Long.toString(token.slot()));
    // The private keys are sealed by the token, not by a passphrase.
    assertThat(dir.resolve("private.key.p11")).exists();
    assertThat(dir.resolve("private.key")).doesNotExist();
    assertThat(dir.resolve("pkcs11.properties")).exists();

    ok(
        state,
        "enrol",
        "--hub",
        "https://localhost:" + port,
        "--ca",
        pki.caCertificatePem().toString(),
        "--code",
        created.code());

    String requestId = SdkFixtures.openRequest(court.client(), PartyId.of(created.id()));
    Path note =
        Files.writeString(tmp.resolve("note"), "for the token's eyes", StandardCharsets.UTF_8);
    String messageId =
        court.client().messages().send(requestId, note, "text/plain", null).messageId();

    // The inbox follows the log a moment behind.
    String inbox = "";
    for (long until = System.nanoTime() + 20_000_000_000L;
        !inbox.contains(messageId) && System.nanoTime() < until; ) {
      inbox = ok(state, "inbox", "--json").out();
      Thread.sleep(inbox.contains(messageId) ? 0 : 100);
    }
    assertThat(inbox).contains(messageId);
    Path out = tmp.resolve("fetched");
    ok(state, "fetch", requestId, messageId, "--out", out.toString());
    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      files = s.toList();
    }
    assertThat(files).hasSize(1);
    assertThat(Files.readString(files.get(0))).isEqualTo("for the token's eyes");

    CliIT.Result wrongPin = run(withPin("0000-wrong", dir), "inbox");
    assertThat(wrongPin.exitCode()).as(wrongPin.toString()).isEqualTo(ExitCodes.CRYPTO);
    assertThat(wrongPin.err().strip().lines()).hasSize(1);
    assertThat(wrongPin.err()).contains("token").doesNotContain("Exception");
  }
}
