package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Interoperability with the independent Python implementation {@code
 * src/test/python/rogatory_ref.py} (pyca/cryptography, i.e. OpenSSL, instead of Bouncy Castle),
 * written from {@code docs/spec/} alone. Each side opens what the other sealed, reads the other's
 * key file and bundle, and computes the same fingerprints and safety codes. Only the public API is
 * used here.
 *
 * <p>python3 with pyca/cryptography 48 is required: a missing interpreter or library fails this
 * test, it never skips. The script is found through the system property {@code
 * rogatory.python.script}, else relative to the working directory (the module folder under
 * failsafe, or the repository root).
 */
class PythonInteropIT {
  private static final String SCRIPT_PROPERTY = "rogatory.python.script";

  /** Composed (NFC) spelling; one key file below is written with the decomposed spelling. */
  private static final String PASSPHRASE = "interop \u00fcber \u00e9t\u00e9 \u2713 passphrase";

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static PythonScript ref;
  private static Path passphraseFile;
  private static PartyKeys java;
  private static PartyKeys javaLaptop;
  private static Path javaDir;
  private static Path javaLaptopBundle;
  private static Path pyDir;
  private static KeyBundle pyBundle;
  private static int fileCounter;

  @BeforeAll
  static void setUp() throws Exception {
    ref = new PythonScript(locateScript(), dir, Duration.ofSeconds(60));
    passphraseFile = dir.resolve("passphrase.txt");
    Files.writeString(passphraseFile, PASSPHRASE, StandardCharsets.UTF_8);

    java = PartyKeys.generator(PartyId.of("java.court")).generate();
    javaLaptop = PartyKeys.generator(PartyId.of("java.court")).device("laptop").generate();
    javaDir = Files.createDirectories(dir.resolve("java"));
    Files.write(
        javaDir.resolve("private.key"),
        KeyFile.encrypt(java, PASSPHRASE.toCharArray(), KeyFilePreset.ARGON2ID_19MIB));
    Files.write(javaDir.resolve("public.bundle"), java.bundle().encode());
    javaLaptopBundle = dir.resolve("java-laptop.bundle");
    Files.write(javaLaptopBundle, javaLaptop.bundle().encode());

    pyDir = dir.resolve("python");
    String fp =
        python(
                "keygen",
                "--party",
                "py-ministry",
                "--passphrase-file",
                passphraseFile.toString(),
                "--preset",
                "ARGON2ID_19MIB",
                "--out",
                pyDir.toString())
            .trim();
    pyBundle = KeyBundle.decode(Files.readAllBytes(pyDir.resolve("public.bundle")));
    assertThat(pyBundle.fingerprint()).isEqualTo(Fingerprint.ofHex(fp));
  }

  private static Path locateScript() {
    String configured = System.getProperty(SCRIPT_PROPERTY);
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("src/test/python/rogatory_ref.py"));
    candidates.add(Path.of("crypto/src/test/python/rogatory_ref.py"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "rogatory_ref.py not found; set -D" + SCRIPT_PROPERTY + " (looked at " + candidates + ")");
  }

  // ---- running the Python implementation ---------------------------------------------------

  private static PythonScript.Result run(String... args) {
    return ref.run(args);
  }

  /** Runs the script and returns its standard output; fails the test on a non-zero exit. */
  private static String python(String... args) {
    return ref.output(args);
  }

  private static synchronized Path newFile(String name) {
    fileCounter++;
    return dir.resolve(fileCounter + "-" + name);
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static JsonNode pyOpen(Path envelope, Path out, Path... senders) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "open",
                "--key",
                pyDir.toString(),
                "--passphrase-file",
                passphraseFile.toString(),
                "--in",
                envelope.toString(),
                "--out",
                out.toString()));
    for (Path s : senders) {
      args.add("--sender");
      args.add(s.toString());
    }
    return JSON.readTree(python(args.toArray(String[]::new)));
  }

  private static Path pySeal(byte[] payload, int segmentSize, Path... recipients)
      throws IOException {
    Path in = newFile("py-plain");
    Files.write(in, payload);
    Path out = newFile("py-sealed");
    List<String> args =
        new ArrayList<>(
            List.of(
                "seal",
                "--key",
                pyDir.toString(),
                "--passphrase-file",
                passphraseFile.toString(),
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--request-id",
                "py/req:" + payload.length,
                "--content-type",
                "application/octet-stream",
                "--segment-size",
                Integer.toString(segmentSize)));
    for (Path r : recipients) {
      args.add("--to");
      args.add(r.toString());
    }
    python(args.toArray(String[]::new));
    return out;
  }

  private static Path javaBundleFile() {
    return javaDir.resolve("public.bundle");
  }

  private static Path pyBundleFile() {
    return pyDir.resolve("public.bundle");
  }

  private static EnvelopeOpener javaOpener(PartyKeys me) {
    return EnvelopeOpener.create(me, TrustedKeys.of(pyBundle, java.bundle()));
  }

  // ---- (b) Java seals, Python opens ---------------------------------------------------------

  static List<Arguments> sizesAndPresets() {
    List<Arguments> out = new ArrayList<>();
    for (EnvelopePreset preset : EnvelopePreset.values()) {
      for (int size : new int[] {0, 1, 65536 - 3373, 65536, 200_000}) {
        out.add(Arguments.of(preset, size));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}, {1} bytes")
  @MethodSource("sizesAndPresets")
  void javaSealed_openedByPython_returnsPayloadAndHeader(EnvelopePreset preset, int size)
      throws Exception {
    byte[] payload = randomBytes(size, size + preset.ordinal());
    EnvelopeMetadata meta = EnvelopeMetadata.of(UUID.randomUUID(), "java/req-" + size, "text/csv");
    Path envelope = newFile("java-sealed");
    Files.write(
        envelope,
        EnvelopeSealer.create(preset, java, Clock.systemUTC())
            .seal(meta, List.of(pyBundle), payload));
    Path out = newFile("py-opened");

    JsonNode header = pyOpen(envelope, out, javaBundleFile());

    assertThat(Files.readAllBytes(out)).isEqualTo(payload);
    assertThat(header.get("message_id").asString()).isEqualTo(meta.messageId().toString());
    assertThat(header.get("request_id").asString()).isEqualTo("java/req-" + size);
    assertThat(header.get("content_type").asString()).isEqualTo("text/csv");
    assertThat(header.get("sender").asString()).isEqualTo("java.court");
    assertThat(Fingerprint.ofHex(header.get("sender_fp").asString()))
        .isEqualTo(java.bundle().fingerprint());
  }

  @ParameterizedTest
  @ValueSource(strings = {"HYBRID_V1_64K", "HYBRID_V1_1M"})
  void javaSealedToSeveral_openedByPythonAndJava_returnsPayload(String presetName)
      throws Exception {
    EnvelopePreset preset = EnvelopePreset.valueOf(presetName);
    byte[] payload = randomBytes(200_000, 42);
    List<KeyBundle> to = List.of(javaLaptop.bundle(), pyBundle, java.bundle());
    Path envelope = newFile("java-sealed-several");
    Files.write(
        envelope,
        EnvelopeSealer.create(preset, java, Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), "several", "application/pdf"), to, payload));
    Path out = newFile("py-opened-several");

    JsonNode header = pyOpen(envelope, out, javaBundleFile());

    assertThat(Files.readAllBytes(out)).isEqualTo(payload);
    assertThat(header.get("recipients")).hasSize(3);
    assertThat(header.get("segment_size").asInt())
        .isEqualTo(preset == EnvelopePreset.HYBRID_V1_64K ? 65536 : 1048576);
    byte[] bytes = Files.readAllBytes(envelope);
    for (PartyKeys me : List.of(java, javaLaptop)) {
      assertThat(javaOpener(me).open(bytes).payload()).isEqualTo(payload);
    }
  }

  // ---- (c) Python seals, Java opens ---------------------------------------------------------

  static List<Arguments> sizesAndSegments() {
    List<Arguments> out = new ArrayList<>();
    for (int segment : new int[] {65536, 1048576}) {
      for (int size : new int[] {0, 1, 65536 - 3373, 65536, 200_000}) {
        out.add(Arguments.of(segment, size));
      }
    }
    out.add(Arguments.of(4096, 3 * 4096 - 3373)); // the smallest segments; tag-only last segment
    return out;
  }

  @ParameterizedTest(name = "segment {0}, {1} bytes")
  @MethodSource("sizesAndSegments")
  void pythonSealed_openedByJava_returnsPayloadAndHeader(int segmentSize, int size)
      throws Exception {
    byte[] payload = randomBytes(size, 1000 + size);

    Path envelope = pySeal(payload, segmentSize, javaBundleFile());
    OpenedEnvelope opened = javaOpener(java).open(Files.readAllBytes(envelope));

    assertThat(opened.payload()).isEqualTo(payload);
    EnvelopeHeader h = opened.header();
    assertThat(h.sender()).isEqualTo(PartyId.of("py-ministry"));
    assertThat(h.senderFingerprint()).isEqualTo(pyBundle.fingerprint());
    assertThat(h.requestId()).isEqualTo("py/req:" + size);
    assertThat(h.contentType()).isEqualTo("application/octet-stream");
    assertThat(h.segmentSize()).isEqualTo(segmentSize);
    assertThat(h.createdAt()).isBetween(Instant.now().minusSeconds(120), Instant.now());
    assertThat(h.recipients())
        .containsExactly(new EnvelopeRecipient(java.party(), java.bundle().fingerprint()));
  }

  @Test
  void pythonSealedToSeveral_openedByJavaStreaming_returnsPayloadForEachRecipient()
      throws Exception {
    byte[] payload = randomBytes(300_000, 7);
    Path envelope = pySeal(payload, 65536, javaLaptopBundle, pyBundleFile(), javaBundleFile());

    for (PartyKeys me : List.of(java, javaLaptop)) {
      Path target = newFile("java-opened-" + me.bundle().deviceId());
      try (InputStream in = Files.newInputStream(envelope)) {
        EnvelopeHeader h = javaOpener(me).open(in, target);
        assertThat(h.recipients()).hasSize(3);
      }
      assertThat(Files.readAllBytes(target)).isEqualTo(payload);
    }
    Path out = newFile("py-opened-own");
    pyOpen(envelope, out, pyBundleFile());
    assertThat(Files.readAllBytes(out)).isEqualTo(payload);
  }

  // ---- (d) key files and bundles across implementations -------------------------------------

  @Test
  void javaKeyFile_loadedByPython_holdsJavaBundle() throws Exception {
    JsonNode info =
        JSON.readTree(
            python(
                "keyinfo",
                "--key",
                javaDir.toString(),
                "--passphrase-file",
                passphraseFile.toString()));

    assertThat(Fingerprint.ofHex(info.get("fingerprint").asString()))
        .isEqualTo(java.bundle().fingerprint());
    assertThat(info.get("party").asString()).isEqualTo("java.court");
    assertThat(info.get("not_before").asLong())
        .isEqualTo(java.bundle().notBefore().getEpochSecond());
  }

  @Test
  void javaKeyFileWithDecomposedPassphrase_loadedByPythonWithComposed_holdsJavaBundle()
      throws Exception {
    String decomposed = Normalizer.normalize(PASSPHRASE, Normalizer.Form.NFD);
    assertThat(decomposed).isNotEqualTo(PASSPHRASE);
    Path keyDir = Files.createDirectories(dir.resolve("java-nfd"));
    Files.write(
        keyDir.resolve("private.key"),
        KeyFile.encrypt(javaLaptop, decomposed.toCharArray(), KeyFilePreset.ARGON2ID_19MIB));

    JsonNode info =
        JSON.readTree(
            python(
                "keyinfo",
                "--key",
                keyDir.toString(),
                "--passphrase-file",
                passphraseFile.toString()));

    assertThat(Fingerprint.ofHex(info.get("fingerprint").asString()))
        .isEqualTo(javaLaptop.bundle().fingerprint());
  }

  @Test
  void pythonKeyFile_loadedByJava_holdsPythonBundle() throws Exception {
    PartyKeys keys =
        KeyFile.decrypt(Files.readAllBytes(pyDir.resolve("private.key")), PASSPHRASE.toCharArray());

    assertThat(keys.bundle()).isEqualTo(pyBundle);
    assertThat(keys.bundle().encode()).isEqualTo(Files.readAllBytes(pyBundleFile()));
    // The loaded keys work: Java opens, as the Python party, what Java sealed to it.
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, java, Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), "r", "text/plain"),
                List.of(pyBundle),
                new byte[] {1, 2, 3});
    assertThat(EnvelopeOpener.create(keys, TrustedKeys.of(java.bundle())).open(envelope).payload())
        .containsExactly(1, 2, 3);
  }

  @Test
  void pythonKeyFile_loadedByJavaWithWrongPassphrase_isRejected() {
    assertThatThrownBy(
            () ->
                KeyFile.decrypt(
                    Files.readAllBytes(pyDir.resolve("private.key")),
                    (PASSPHRASE + "x").toCharArray()))
        .isInstanceOfSatisfying(
            CryptoException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED));
  }

  @Test
  void pythonBundle_decodedByJava_hasPythonFields() {
    assertThat(pyBundle.party()).isEqualTo(PartyId.of("py-ministry"));
    assertThat(pyBundle.deviceId()).isEqualTo("primary");
    assertThat(pyBundle.keyVersion()).isEqualTo(1);
    assertThat(pyBundle.isValidAt(Instant.now())).isTrue();
  }

  @Test
  void javaBundle_decodedByPython_hasJavaFields() throws Exception {
    JsonNode info = JSON.readTree(python("inspect", javaLaptopBundle.toString()));

    assertThat(info.get("party").asString()).isEqualTo("java.court");
    assertThat(info.get("device").asString()).isEqualTo("laptop");
    assertThat(info.get("not_after").asLong())
        .isEqualTo(javaLaptop.bundle().notAfter().getEpochSecond());
  }

  @Test
  void javaBundleWithFlippedByte_decodedByPython_isRejected() throws Exception {
    byte[] bad = java.bundle().encode();
    bad[bad.length - 1] ^= 0x40;
    Path file = newFile("bad.bundle");
    Files.write(file, bad);

    PythonScript.Result r = run("fingerprint", file.toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("self-signature");
  }

  // ---- (e) fingerprints and safety codes ----------------------------------------------------

  @Test
  void fingerprint_ofEachBundle_isTheSameInPython() {
    assertThat(Fingerprint.ofHex(python("fingerprint", javaBundleFile().toString()).trim()))
        .isEqualTo(java.bundle().fingerprint());
    assertThat(Fingerprint.ofHex(python("fingerprint", pyBundleFile().toString()).trim()))
        .isEqualTo(pyBundle.fingerprint());
  }

  @Test
  void safetyCode_betweenJavaAndPythonParties_isTheSameInPythonInEitherOrder() {
    String expected = SafetyCode.between(java.bundle(), pyBundle);

    assertThat(python("safety-code", javaBundleFile().toString(), pyBundleFile().toString()).trim())
        .isEqualTo(expected);
    assertThat(python("safety-code", pyBundleFile().toString(), javaBundleFile().toString()).trim())
        .isEqualTo(expected);
    assertThat(expected).matches("\\d{5}( \\d{5}){11}");
  }

  @Test
  void safetyCode_betweenTwoDevicesOfOneParty_isTheSameInBothImplementationsAndOrders() {
    // key-bundle.md orders two bundles of one party by fingerprint.
    String forward = SafetyCode.between(java.bundle(), javaLaptop.bundle());
    String backward = SafetyCode.between(javaLaptop.bundle(), java.bundle());
    assertThat(backward).isEqualTo(forward);

    assertThat(
            python("safety-code", javaBundleFile().toString(), javaLaptopBundle.toString()).trim())
        .isEqualTo(forward);
    assertThat(
            python("safety-code", javaLaptopBundle.toString(), javaBundleFile().toString()).trim())
        .isEqualTo(forward);
  }

  // ---- (f) damaged envelopes fail on the other side -----------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0, 30, 200, 2000, 6000, -1})
  void pythonSealedWithFlippedByte_openedByJava_isRejected(int position) throws Exception {
    byte[] envelope = Files.readAllBytes(pySeal(randomBytes(5000, 5), 4096, javaBundleFile()));
    assertThat(javaOpener(java).open(envelope).payload()).hasSize(5000);
    int at = position >= 0 ? position : envelope.length + position;
    envelope[at] ^= 0x01;

    assertThatThrownBy(() -> javaOpener(java).open(envelope))
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 30, 200, 2000, 6000, -1})
  void javaSealedWithFlippedByte_openedByPython_isRejected(int position) throws Exception {
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, java, Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), "flip", "text/plain"),
                List.of(pyBundle),
                randomBytes(5000, 6));
    int at = position >= 0 ? position : envelope.length + position;
    envelope[at] ^= 0x01;
    Path in = newFile("java-flipped");
    Files.write(in, envelope);
    Path out = newFile("py-flipped-out");

    PythonScript.Result r =
        run(
            "open",
            "--key",
            pyDir.toString(),
            "--passphrase-file",
            passphraseFile.toString(),
            "--sender",
            javaBundleFile().toString(),
            "--in",
            in.toString(),
            "--out",
            out.toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("could not be opened");
    assertThat(out).doesNotExist();
  }

  @Test
  void javaSealedTruncatedAtSegmentBoundary_openedByPython_isRejected() throws Exception {
    // 65536 - 3373 payload bytes: one full segment and a final segment that is the tag alone.
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, java, Clock.systemUTC())
            .seal(
                EnvelopeMetadata.of(UUID.randomUUID(), "cut", "text/plain"),
                List.of(pyBundle),
                randomBytes(65536 - 3373, 8));
    Path in = newFile("java-truncated");
    Files.write(in, Arrays.copyOf(envelope, envelope.length - 16));

    PythonScript.Result r =
        run(
            "open",
            "--key",
            pyDir.toString(),
            "--passphrase-file",
            passphraseFile.toString(),
            "--sender",
            javaBundleFile().toString(),
            "--in",
            in.toString(),
            "--out",
            newFile("py-truncated-out").toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("could not be opened");
  }

  @Test
  void pythonSealed_openedByJavaTrustingOnlyItself_isRejected() throws Exception {
    byte[] envelope = Files.readAllBytes(pySeal(new byte[10], 65536, javaBundleFile()));

    assertThatThrownBy(
            () -> EnvelopeOpener.create(java, TrustedKeys.of(java.bundle())).open(envelope))
        .isInstanceOf(CryptoException.class);
  }
}
