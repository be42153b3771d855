package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.internal.Sha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The transparency log against the independent Python implementation {@code
 * src/test/python/tlog_ref.py} (hashlib and pyca/cryptography, from the specifications alone):
 * every root and every proof of every tree up to {@value #MAX} leaves, the verdicts on valid and
 * tampered proofs, event leaves, and checkpoints and cosignatures signed on one side and verified
 * on the other. A missing python3 or pyca/cryptography fails the test, it never skips.
 */
class TransparencyLogInteropIT {
  private static final int MAX = 64;
  private static final String ORIGIN = "interop.example/log";
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] ED_SEED =
      Sha256.of("tlog interop ed25519".getBytes(StandardCharsets.US_ASCII));
  private static final byte[] ML_SEED =
      Sha256.of("tlog interop mldsa65".getBytes(StandardCharsets.US_ASCII));
  private static final byte[] WITNESS_SEED =
      Sha256.of("tlog interop witness".getBytes(StandardCharsets.US_ASCII));

  @TempDir static Path dir;
  private static PythonScript ref;
  private static int files;

  @BeforeAll
  static void locate() {
    ref = new PythonScript(find("tlog_ref.py"), dir, Duration.ofSeconds(120));
  }

  private static Path find(String name) {
    for (Path p :
        List.of(Path.of("src/test/python", name), Path.of("crypto/src/test/python", name))) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException(name + " not found from " + Path.of("").toAbsolutePath());
  }

  private static PythonScript.Result run(String... args) {
    return ref.run(args);
  }

  private static String python(String... args) {
    return ref.output(args);
  }

  private static synchronized Path write(String content) throws IOException {
    Path f = dir.resolve("file-" + (++files));
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private static List<String> hex(List<TreeHash> hashes) {
    return hashes.stream().map(TreeHash::toHex).toList();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  // ---- Merkle trees ---------------------------------------------------------------------------

  @Test
  void publicVectors_checkOutInPythonToo() {
    Path vectors = find("../resources/vectors/rfc6962-merkle.json").getParent();
    JsonNode r = JSON.readTree(python("check-vectors", vectors.toString()));
    assertThat(r.get("checked").asInt()).isEqualTo(22);
  }

  @Test
  void everyRootAndProof_ofEveryTreeUpTo64Leaves_isTheSameInPython() {
    JsonNode py = JSON.readTree(python("merkle", "--max", Integer.toString(MAX)));
    InMemoryTree tree = MerkleFixtures.tree(MAX);
    TreeProver prover = tree.prover();

    assertThat(strings(py.get("leaves"))).isEqualTo(hex(MerkleFixtures.leaves(MAX)));
    int compared = 0;
    for (int n = 0; n <= MAX; n++) {
      assertThat(py.get("roots").get(n).asString())
          .as("root %d", n)
          .isEqualTo(prover.root(n).toHex());
      compared++;
      for (int m = 0; m < n; m++) {
        assertThat(strings(py.get("inclusion").get(m + "," + n)))
            .as("inclusion %d in %d", m, n)
            .isEqualTo(hex(prover.inclusion(m, n).path()));
        compared++;
      }
      for (int m = 0; m <= n; m++) {
        assertThat(strings(py.get("consistency").get(m + "," + n)))
            .as("consistency %d to %d", m, n)
            .isEqualTo(hex(prover.consistency(m, n).path()));
        compared++;
      }
    }
    // 65 roots, 2,080 inclusion proofs, 2,145 consistency proofs.
    assertThat(compared).isEqualTo(65 + 2080 + 2145);
  }

  @Test
  void verdicts_onValidAndTamperedProofs_areTheSameInPython() throws IOException {
    InMemoryTree tree = MerkleFixtures.tree(24);
    TreeProver prover = tree.prover();
    List<Map<String, Object>> cases = new ArrayList<>();
    List<Boolean> javaVerdicts = new ArrayList<>();
    for (long n = 1; n <= 24; n++) {
      TreeHash root = prover.root(n);
      for (long i = 0; i < n; i++) {
        List<TreeHash> path = prover.inclusion(i, n).path();
        TreeHash leaf = MerkleFixtures.leaf(i);
        addInclusion(cases, javaVerdicts, i, n, leaf, path, root);
        addInclusion(cases, javaVerdicts, i + 1, n, leaf, path, root);
        addInclusion(cases, javaVerdicts, i, n + 1, leaf, path, root);
        addInclusion(cases, javaVerdicts, i, n * 2, leaf, path, root);
        for (int k = 0; k < path.size(); k++) {
          List<TreeHash> bad = new ArrayList<>(path);
          bad.set(k, MerkleFixtures.flip(path.get(k), 7 * k));
          addInclusion(cases, javaVerdicts, i, n, leaf, bad, root);
        }
        if (!path.isEmpty()) {
          addInclusion(cases, javaVerdicts, i, n, leaf, path.subList(1, path.size()), root);
        }
      }
      for (long m = 0; m <= n; m++) {
        List<TreeHash> path = prover.consistency(m, n).path();
        TreeHash from = prover.root(m);
        addConsistency(cases, javaVerdicts, m, n, from, root, path);
        addConsistency(cases, javaVerdicts, m + 1, n, from, root, path);
        addConsistency(cases, javaVerdicts, m, n + 1, from, root, path);
        addConsistency(cases, javaVerdicts, m, n, root, from, path);
        for (int k = 0; k < path.size(); k++) {
          List<TreeHash> bad = new ArrayList<>(path);
          bad.set(k, MerkleFixtures.flip(path.get(k), 255 - k));
          addConsistency(cases, javaVerdicts, m, n, from, root, bad);
        }
      }
    }
    Path file = write(JSON.writeValueAsString(cases));

    List<Boolean> pyVerdicts = new ArrayList<>();
    JSON.readTree(python("verify-merkle", file.toString()))
        .forEach(v -> pyVerdicts.add(v.asBoolean()));

    assertThat(pyVerdicts).isEqualTo(javaVerdicts);
    assertThat(javaVerdicts).contains(true, false);
    assertThat(javaVerdicts.size()).isGreaterThan(3000);
  }

  private static void addInclusion(
      List<Map<String, Object>> cases,
      List<Boolean> verdicts,
      long index,
      long size,
      TreeHash leaf,
      List<TreeHash> path,
      TreeHash root) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("kind", "inclusion");
    c.put("index", index);
    c.put("size", size);
    c.put("leaf", leaf.toHex());
    c.put("root", root.toHex());
    c.put("path", hex(path));
    cases.add(c);
    boolean ok;
    try {
      InclusionProof.of(index, size, path).verify(leaf, root);
      ok = true;
    } catch (CryptoException e) {
      ok = false;
    }
    verdicts.add(ok);
  }

  private static void addConsistency(
      List<Map<String, Object>> cases,
      List<Boolean> verdicts,
      long from,
      long to,
      TreeHash fromRoot,
      TreeHash toRoot,
      List<TreeHash> path) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("kind", "consistency");
    c.put("from", from);
    c.put("to", to);
    c.put("from_root", fromRoot.toHex());
    c.put("to_root", toRoot.toHex());
    c.put("path", hex(path));
    cases.add(c);
    boolean ok;
    try {
      ConsistencyProof.of(from, to, path).verify(fromRoot, toRoot);
      ok = true;
    } catch (CryptoException e) {
      ok = false;
    }
    verdicts.add(ok);
  }

  @Test
  void eventLeaves_areTheSameInPython() {
    List<String> py = strings(JSON.readTree(python("event-leaves", "--count", "16")));
    List<String> java = new ArrayList<>();
    for (long n = 0; n < 16; n++) {
      java.add(
          EventLeaf.hash(n, Sha256.of(("chain " + n).getBytes(StandardCharsets.US_ASCII))).toHex());
    }
    assertThat(py).isEqualTo(java);
  }

  // ---- checkpoints and cosignatures -----------------------------------------------------------

  private static LogSigningKey javaLog() {
    return LogSigningKey.fromSeeds(ORIGIN, ED_SEED, ML_SEED);
  }

  private static WitnessSigningKey javaWitness() {
    return WitnessSigningKey.fromSeed("witness.example/w1", WITNESS_SEED);
  }

  @Test
  void verifierKeys_ofTheSameSeeds_areTheSameInPython() {
    List<NoteVerifierKey> keys = javaLog().verifierKeys();
    assertThat(
            python("vkey", "--name", ORIGIN, "--type", "ed25519", "--seed", HEX.formatHex(ED_SEED)))
        .isEqualTo(keys.get(0).encode());
    assertThat(
            python("vkey", "--name", ORIGIN, "--type", "mldsa65", "--seed", HEX.formatHex(ML_SEED)))
        .isEqualTo(keys.get(1).encode());
    assertThat(
            python(
                "vkey",
                "--name",
                "witness.example/w1",
                "--type",
                "cosignature",
                "--seed",
                HEX.formatHex(WITNESS_SEED)))
        .isEqualTo(javaWitness().verifierKey().encode());
  }

  @Test
  void checkpointSignedByPython_isVerifiedByJava_andCosignedByJavaForPython() throws Exception {
    TreeHash root = MerkleFixtures.tree(37).root();
    String note =
        python(
            "sign-checkpoint",
            "--origin",
            ORIGIN,
            "--size",
            "37",
            "--root",
            root.toBase64(),
            "--ed25519-seed",
            HEX.formatHex(ED_SEED),
            "--mldsa65-seed",
            HEX.formatHex(ML_SEED));

    Checkpoint checkpoint =
        CheckpointVerifier.forLog(ORIGIN, javaLog().verifierKeys()).verify(note);
    assertThat(checkpoint).isEqualTo(Checkpoint.of(ORIGIN, 37, root));

    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_790_000_000L), ZoneOffset.UTC);
    String cosigned =
        SignedNote.parse(note).withSignature(javaWitness().cosign(checkpoint, clock)).encode();
    JsonNode verdict = JSON.readTree(verifyInPython(cosigned, 1));
    assertThat(verdict.get("size").asLong()).isEqualTo(37);
    assertThat(verdict.get("root").asString()).isEqualTo(root.toBase64());
  }

  @Test
  void checkpointSignedByJava_isVerifiedByPython_andCosignedByPythonForJava() throws Exception {
    Checkpoint checkpoint = Checkpoint.of(ORIGIN, 64, MerkleFixtures.tree(64).root());
    SignedNote note = javaLog().sign(checkpoint);
    assertThat(JSON.readTree(verifyInPython(note.encode(), 0)).get("origin").asString())
        .isEqualTo(ORIGIN);

    String line =
        python(
            "cosign",
            "--note",
            write(note.encode()).toString(),
            "--name",
            "witness.example/w1",
            "--seed",
            HEX.formatHex(WITNESS_SEED),
            "--time",
            "1790000000");
    SignedNote cosigned = SignedNote.parse(note.encode() + line);

    CheckpointVerifier verifier =
        CheckpointVerifier.forLog(ORIGIN, javaLog().verifierKeys())
            .withWitnesses(1, List.of(javaWitness().verifierKey()));
    assertThat(verifier.verify(cosigned)).isEqualTo(checkpoint);
    // Ed25519 is deterministic: both sides make the same cosignature.
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_790_000_000L), ZoneOffset.UTC);
    assertThat(javaWitness().cosign(checkpoint, clock).line()).isEqualTo(line);
  }

  @Test
  void tamperedJavaCheckpoints_areRejectedByPython() throws Exception {
    SignedNote note = javaLog().sign(Checkpoint.of(ORIGIN, 5, MerkleFixtures.tree(5).root()));
    SignedNote.Signature ml = note.signatures().get(1);
    byte[] flipped = ml.signature();
    flipped[100] ^= 0x01;
    List<String> bad =
        List.of(
            SignedNote.of(note.text(), List.of(note.signatures().get(0))).encode(),
            SignedNote.of(note.text(), List.of(ml)).encode(),
            SignedNote.of(
                    note.text(),
                    List.of(
                        note.signatures().get(0),
                        SignedNote.Signature.of(ml.keyName(), ml.keyId(), flipped)))
                .encode(),
            note.encode().replace("\n5\n", "\n6\n"),
            note.encode().replace("\n\n", "\n"));
    for (String b : bad) {
      PythonScript.Result r = run(verifyArgs(write(b), 0));
      assertThat(r.exitCode()).as("%s", b).isEqualTo(1);
      assertThat(r.stderr()).startsWith("tlog_ref: ");
    }
  }

  private static String verifyInPython(String note, int quorum) throws IOException {
    return python(verifyArgs(write(note), quorum));
  }

  private static String[] verifyArgs(Path note, int quorum) {
    List<NoteVerifierKey> keys = javaLog().verifierKeys();
    return new String[] {
      "verify-checkpoint",
      "--note",
      note.toString(),
      "--origin",
      ORIGIN,
      "--log-key",
      keys.get(0).encode(),
      "--log-key",
      keys.get(1).encode(),
      "--witness",
      javaWitness().verifierKey().encode(),
      "--quorum",
      Integer.toString(quorum)
    };
  }
}
