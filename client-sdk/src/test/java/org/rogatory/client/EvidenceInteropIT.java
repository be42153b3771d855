package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SignedStatement;

/**
 * The independence check of the evidence format: {@code crypto/src/test/python/evidence_ref.py},
 * written from docs/spec/evidence.md with pyca/cryptography, verifies the bundles this SDK makes
 * and verifies, and reaches the same verdict on tampered ones. A missing python3 or
 * pyca/cryptography fails the test, it never skips.
 */
class EvidenceInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Path script() {
    for (Path p :
        List.of(
            Path.of("../crypto/src/test/python/evidence_ref.py"),
            Path.of("crypto/src/test/python/evidence_ref.py"))) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "evidence_ref.py not found from " + Path.of("").toAbsolutePath());
  }

  private Result python(Path bundle, Path keys) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("python3", script().toString(), "verify", bundle.toString()));
    if (keys != null) {
      command.addAll(List.of("--log-keys", keys.toString()));
    }
    Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
    p.getOutputStream().close();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python3 timed out: " + command);
    }
    return new Result(p.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private Path keys(LogSigningKey key) throws IOException {
    return Files.writeString(
        dir.resolve("keys-" + key.verifierKeys().get(0).keyId()),
        key.verifierKeys().stream().map(NoteVerifierKey::encode).collect(Collectors.joining("\n")));
  }

  @Test
  void bundleMadeAndVerifiedInJava_isVerifiedInPython_withTheSameStatements() throws Exception {
    EvidenceBundle bundle = EvidenceFixtures.bundle();
    VerifiedEvidence java = bundle.verify(EvidenceFixtures.LOG.verifierKeys());
    Path file = Files.write(dir.resolve("evidence.json"), bundle.encode());
    Result r = python(file, keys(EvidenceFixtures.LOG));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode py = JSON.readTree(r.stdout());
    assertThat(py.get("verdict").asText()).isEqualTo("ok");
    assertThat(py.get("size").asLong()).isEqualTo(java.checkpoint().size());
    List<String> pyTypes = new ArrayList<>();
    py.get("statements")
        .forEach(s -> pyTypes.add(s.get("type").asText() + "@" + s.get("logIndex").asLong()));
    assertThat(pyTypes)
        .isEqualTo(java.statements().stream().map(s -> s.type() + "@" + s.logIndex()).toList());
    assertThat(py.get("receipts").get(0).asText())
        .isEqualTo(EvidenceFixtures.STATE.party().value());
  }

  @Test
  void tamperedBundles_areRejectedByPythonAsByJava() throws Exception {
    ObjectNode good = (ObjectNode) JSON.readTree(EvidenceFixtures.bundle().encode());
    Path keys = keys(EvidenceFixtures.LOG);
    // Statement field bytes (type, origin, ids, actor, key, recipients, digest, size, time, index,
    // event hash, receipt digest), a signature byte, a receipt byte.
    int[][] flips = {
      {0, 27}, {0, 30}, {0, 50}, {0, 70}, {0, 90}, {0, 100}, {0, 130}, {0, 160}, {0, 200}, {0, 220},
      {0, 235}, {0, 245}, {0, 260}, {0, 300}, {0, 1000}, {1, 120}, {2, 280}
    };
    for (int[] f : flips) {
      ObjectNode j = good.deepCopy();
      ObjectNode item = (ObjectNode) j.get("statements").get(f[0]);
      byte[] b = Base64.getDecoder().decode(item.get("statement").asText());
      b[f[1]] ^= 0x01;
      item.put("statement", Base64.getEncoder().encodeToString(b));
      assertBothReject(j, keys, "statement " + f[0] + " byte " + f[1]);
    }
    ObjectNode j = good.deepCopy();
    ObjectNode retrieval = (ObjectNode) j.get("statements").get(2);
    byte[] receipt = Base64.getDecoder().decode(retrieval.get("receipt").asText());
    receipt[100] ^= 0x01;
    retrieval.put("receipt", Base64.getEncoder().encodeToString(receipt));
    assertBothReject(j, keys, "receipt byte 100");
    Result otherKeys =
        python(
            Files.write(dir.resolve("good.json"), JSON.writeValueAsBytes(good)),
            keys(LogSigningKey.generate(EvidenceFixtures.ORIGIN)));
    assertThat(otherKeys.exitCode()).isEqualTo(1);
    assertThat(otherKeys.stderr()).startsWith("evidence_ref: ");
  }

  @Test
  void missedDeadlines_areVerifiedInPythonAsInJava_andContradictionsRejectedByBoth()
      throws Exception {
    PartyKeys state = EvidenceFixtures.STATE;
    SignedStatement late = EvidenceFixtures.receipt(state, EvidenceFixtures.MESSAGE);
    List<KeyBundle> bundles = List.of(EvidenceFixtures.COURT.bundle(), state.bundle());
    EvidenceBundle lawful =
        EvidenceFixtures.bundle(
            List.of(
                EvidenceFixtures.submission(),
                EvidenceFixtures.delivery(state.party(), 4),
                EvidenceFixtures.missed(state.party(), true, 6),
                EvidenceFixtures.retrieval(late, 8)),
            Map.of(3, late),
            bundles);
    VerifiedEvidence java = lawful.verify(EvidenceFixtures.LOG.verifierKeys());
    Path keys = keys(EvidenceFixtures.LOG);
    Result r = python(Files.write(dir.resolve("missed.json"), lawful.encode()), keys);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<String> pyTypes = new ArrayList<>();
    JSON.readTree(r.stdout())
        .get("statements")
        .forEach(s -> pyTypes.add(s.get("type").asText() + "@" + s.get("logIndex").asLong()));
    assertThat(pyTypes)
        .containsExactly("SUBMISSION_ACCEPTANCE@3", "DELIVERY@4", "NON_RETRIEVAL@6", "RETRIEVAL@8")
        .isEqualTo(java.statements().stream().map(s -> s.type() + "@" + s.logIndex()).toList());

    Map<String, List<EvidenceStatement>> contradicted =
        Map.of(
            "a non-delivery after a delivery",
            List.of(
                EvidenceFixtures.submission(),
                EvidenceFixtures.delivery(state.party(), 4),
                EvidenceFixtures.missed(state.party(), false, 6)),
            "two missed deadlines of one recipient",
            List.of(
                EvidenceFixtures.submission(),
                EvidenceFixtures.missed(state.party(), false, 4),
                EvidenceFixtures.missed(state.party(), false, 6)),
            "a missed deadline of the sender",
            List.of(
                EvidenceFixtures.submission(),
                EvidenceFixtures.missed(EvidenceFixtures.COURT.party(), false, 6)));
    for (Map.Entry<String, List<EvidenceStatement>> c : contradicted.entrySet()) {
      byte[] bytes = EvidenceFixtures.bundle(c.getValue(), Map.of(), bundles).encode();
      assertBothReject((ObjectNode) JSON.readTree(bytes), keys, c.getKey());
    }
    byte[] afterRetrieval =
        EvidenceFixtures.bundle(
                List.of(
                    EvidenceFixtures.submission(),
                    EvidenceFixtures.retrieval(late, 4),
                    EvidenceFixtures.missed(state.party(), true, 6)),
                Map.of(1, late),
                bundles)
            .encode();
    assertBothReject(
        (ObjectNode) JSON.readTree(afterRetrieval), keys, "a non-retrieval after a retrieval");
  }

  @Test
  void requestBundle_isVerifiedInPythonAsInJava_andItsTamperedFormsRejectedByBoth()
      throws Exception {
    RequestEvidenceBundle bundle = EvidenceFixtures.requestBundle();
    VerifiedRequestEvidence java = bundle.verify(EvidenceFixtures.LOG.verifierKeys());
    Path keys = keys(EvidenceFixtures.LOG);
    Result r = python(Files.write(dir.resolve("request.json"), bundle.encode()), keys);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode py = JSON.readTree(r.stdout());
    assertThat(py.get("verdict").asText()).isEqualTo("ok");
    assertThat(py.get("requestId").asText()).isEqualTo(java.requestId());
    List<String> pyMessages = new ArrayList<>();
    py.get("messages")
        .forEach(
            m -> {
              List<String> types = new ArrayList<>();
              m.get("statements").forEach(s -> types.add(s.get("type").asText()));
              pyMessages.add(m.get("messageId").asText() + " " + types);
            });
    assertThat(pyMessages)
        .isEqualTo(
            java.messages().stream()
                .map(
                    v ->
                        v.submission().messageId()
                            + " "
                            + v.statements().stream().map(s -> s.type().name()).toList())
                .toList());

    ObjectNode good = (ObjectNode) JSON.readTree(bundle.encode());
    Map<String, java.util.function.Consumer<ObjectNode>> tampered =
        Map.of(
            "a flipped signature byte in the second message",
            j -> {
              ObjectNode item = (ObjectNode) j.get("messages").get(1).get("statements").get(0);
              byte[] b = Base64.getDecoder().decode(item.get("statement").asText());
              b[b.length - 1] ^= 0x01;
              item.put("statement", Base64.getEncoder().encodeToString(b));
            },
            "a message of another request",
            j -> ((ObjectNode) j.get("messages").get(1)).put("requestId", "ICC-2026-0099"),
            "a message twice",
            j ->
                ((com.fasterxml.jackson.databind.node.ArrayNode) j.get("messages"))
                    .add(j.get("messages").get(0).deepCopy()),
            "messages out of order",
            j -> {
              var messages = (com.fasterxml.jackson.databind.node.ArrayNode) j.get("messages");
              messages.insert(0, messages.remove(1));
            },
            "an unknown member of a message",
            j -> ((ObjectNode) j.get("messages").get(0)).put("note", 1),
            "an unknown member of the request",
            j -> j.put("complete", true));
    for (Map.Entry<String, java.util.function.Consumer<ObjectNode>> t : tampered.entrySet()) {
      ObjectNode j = good.deepCopy();
      t.getValue().accept(j);
      assertBothReject(
          j,
          keys,
          t.getKey(),
          b -> RequestEvidenceBundle.decode(b).verify(EvidenceFixtures.LOG.verifierKeys()));
    }
  }

  /** A verification in Java of a bundle's bytes. */
  private interface JavaVerifier {
    void verify(byte[] bundle) throws EvidenceException;
  }

  private void assertBothReject(ObjectNode j, Path keys, String what) throws Exception {
    assertBothReject(
        j, keys, what, b -> EvidenceBundle.decode(b).verify(EvidenceFixtures.LOG.verifierKeys()));
  }

  private void assertBothReject(ObjectNode j, Path keys, String what, JavaVerifier java)
      throws Exception {
    byte[] bytes = JSON.writeValueAsBytes(j);
    boolean javaRejected;
    try {
      java.verify(bytes);
      javaRejected = false;
    } catch (EvidenceException e) {
      javaRejected = true;
    }
    Result py = python(Files.write(dir.resolve("t.json"), bytes), keys);
    assertThat(javaRejected).as("Java rejects " + what).isTrue();
    assertThat(py.exitCode()).as("Python rejects " + what + ": " + py.stdout()).isEqualTo(1);
    assertThat(py.stderr()).startsWith("evidence_ref: ");
  }
}
