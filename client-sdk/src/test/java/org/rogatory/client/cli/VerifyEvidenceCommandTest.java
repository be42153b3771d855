package org.rogatory.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rogatory.client.cli.CliFixtures.env;
import static org.rogatory.client.cli.CliFixtures.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.EvidenceFixtures;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;

/** {@code rogatory verify-evidence}: offline, no hub, no key store, no passphrase. */
class VerifyEvidenceCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private Path keys(LogSigningKey key) throws Exception {
    return Files.writeString(
        tmp.resolve("verifier-keys-" + key.verifierKeys().get(0).keyId()),
        key.verifierKeys().stream().map(NoteVerifierKey::encode).collect(Collectors.joining("\n"))
            + "\n");
  }

  private Path bundle() throws Exception {
    return Files.write(tmp.resolve("evidence.json"), EvidenceFixtures.bundle().encode());
  }

  /** {@code rogatory verify-evidence FILE} with the fixture log's keys pinned. */
  private CliFixtures.Result verifyPinned(Path file) throws Exception {
    return run(
        env(Map.of()),
        "verify-evidence",
        file.toString(),
        "--log-keys",
        keys(EvidenceFixtures.LOG).toString());
  }

  private static void assertOneSentence(CliFixtures.Result r, int exitCode, String starts) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
    assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).startsWith("rogatory: " + starts).endsWith(".\n");
  }

  @Test
  void verifyEvidence_ofAGoodBundle_withPinnedKeys_succeeds() throws Exception {
    CliFixtures.Result r = verifyPinned(bundle());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "verified", "SUBMISSION_ACCEPTANCE", "DELIVERY", "RETRIEVAL_RECEIPT", "log index 8")
        .contains("from court.registry to state.nl, court.registry");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void verifyEvidence_ofAMissedDeadline_printsTheNonDeliveryAndItsDeadline() throws Exception {
    Path file =
        Files.write(
            tmp.resolve("missed.json"),
            EvidenceFixtures.bundle(
                    java.util.List.of(
                        EvidenceFixtures.submission(),
                        EvidenceFixtures.missed(EvidenceFixtures.STATE.party(), false, 6)),
                    Map.of(),
                    java.util.List.of(
                        EvidenceFixtures.COURT.bundle(), EvidenceFixtures.STATE.bundle()))
                .encode());
    CliFixtures.Result r = verifyPinned(file);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "NON_DELIVERY          "
                + EvidenceFixtures.DUE
                + "  state.nl had returned no receipt by this deadline and had not fetched the"
                + " envelope  (log index 6");
  }

  @Test
  void verifyEvidence_withoutPinnedKeys_succeedsAndNamesTheKeysToCompare() throws Exception {
    CliFixtures.Result r = run(env(Map.of()), "verify-evidence", bundle().toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String id = String.format("%08x", EvidenceFixtures.LOG.verifierKeys().get(0).keyId());
    assertThat(r.err()).contains("compare them", EvidenceFixtures.ORIGIN + "+" + id);
  }

  @Test
  void verifyEvidence_ofATamperedBundle_exitsThreeWithOneSentence() throws Exception {
    ObjectNode j = (ObjectNode) JSON.readTree(Files.readAllBytes(bundle()));
    ObjectNode submission = (ObjectNode) j.get("statements").get(0);
    byte[] s = Base64.getDecoder().decode(submission.get("statement").asText());
    s[120] ^= 0x01; // a byte of the sender's key fingerprint
    submission.put("statement", Base64.getEncoder().encodeToString(s));
    Path tampered = Files.write(tmp.resolve("tampered.json"), JSON.writeValueAsBytes(j));
    CliFixtures.Result r = verifyPinned(tampered);
    assertOneSentence(
        r,
        ExitCodes.CRYPTO,
        "The evidence does not verify: the SUBMISSION_ACCEPTANCE at log index 3 is not validly signed by the log");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyEvidence_underOtherLogKeys_orOfAMissingFile_failsWithItsExitCode() throws Exception {
    CliFixtures.Result other =
        run(
            env(Map.of()),
            "verify-evidence",
            bundle().toString(),
            "--log-keys",
            keys(LogSigningKey.generate(EvidenceFixtures.ORIGIN)).toString());
    assertOneSentence(
        other,
        ExitCodes.CRYPTO,
        "The evidence does not verify: the bundle's log keys are not the pinned keys");
    CliFixtures.Result missing =
        run(env(Map.of()), "verify-evidence", tmp.resolve("nothing.json").toString());
    assertOneSentence(missing, ExitCodes.IO, "The evidence bundle");
    Path notJson = Files.writeString(tmp.resolve("x.json"), "not json");
    assertOneSentence(
        run(env(Map.of()), "verify-evidence", notJson.toString()),
        ExitCodes.CRYPTO,
        "The evidence does not verify: the file is not a Rogatory evidence bundle");
  }

  @Test
  void verifyEvidence_ofARequestBundle_verifiesAndShowsEveryMessage() throws Exception {
    Path file = Files.write(tmp.resolve("request.json"), EvidenceFixtures.requestBundle().encode());
    CliFixtures.Result r = verifyPinned(file);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "Evidence of 2 messages of request " + EvidenceFixtures.REQUEST + ": each verified.")
        .contains("Evidence of message " + EvidenceFixtures.MESSAGE)
        .contains("Evidence of message " + EvidenceFixtures.SECOND)
        .contains("RETRIEVAL_RECEIPT", "log index 9");
  }

  @Test
  void verifyEvidence_ofARequestBundleWithATamperedMessage_namesTheMessage() throws Exception {
    ObjectNode j = (ObjectNode) JSON.readTree(EvidenceFixtures.requestBundle().encode());
    ObjectNode delivery = (ObjectNode) j.get("messages").get(1).get("statements").get(1);
    byte[] s = Base64.getDecoder().decode(delivery.get("statement").asText());
    s[s.length - 1] ^= 0x01;
    delivery.put("statement", Base64.getEncoder().encodeToString(s));
    Path tampered = Files.write(tmp.resolve("request-tampered.json"), JSON.writeValueAsBytes(j));
    CliFixtures.Result r = run(env(Map.of()), "verify-evidence", tampered.toString());
    assertOneSentence(
        r,
        ExitCodes.CRYPTO,
        "The evidence does not verify: in the evidence of message "
            + EvidenceFixtures.SECOND
            + ", the DELIVERY at log index 9 is not validly signed by the log");
    assertThat(r.out()).isEmpty();
  }
}
