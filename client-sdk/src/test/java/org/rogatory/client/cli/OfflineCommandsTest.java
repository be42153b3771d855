package org.rogatory.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rogatory.client.cli.CliFixtures.run;
import static org.rogatory.client.cli.CliFixtures.withPassphrase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.cli.CliFixtures.Result;

/** The offline commands end to end, run in-process as a script would run them. */
class OfflineCommandsTest {
  static final String COURT_PW = "court passphrase, long enough";
  static final String NL_PW = "state.nl passphrase, also long";
  static final String FR_PW = "state.fr passphrase, different";

  @TempDir Path tmp;
  Path court;
  Path nl;
  Path fr;
  Path plain;
  byte[] secret;

  @BeforeEach
  void generateThreeParties() throws IOException {
    court = generate("court.registry", COURT_PW);
    nl = generate("state.nl", NL_PW);
    fr = generate("state.fr", FR_PW);
    // Several 64 KiB segments and a partial one.
    secret = new byte[200_000];
    new Random(42).nextBytes(secret);
    plain = tmp.resolve("warrant.pdf");
    Files.write(plain, secret);
  }

  private Path generate(String party, String passphrase) {
    Path dir = tmp.resolve(party);
    Result r =
        run(withPassphrase(passphrase), "keys", "generate", "--party", party, "--out", dir + "");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Key fingerprint:");
    return dir;
  }

  private Result seal(Path envelope, Path... recipients) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("seal", "--key", court.toString(), "--in", plain.toString()));
    for (Path r : recipients) {
      args.add("--to");
      args.add(r.resolve("public.bundle").toString());
    }
    args.add("--out");
    args.add(envelope.toString());
    return run(withPassphrase(COURT_PW), args.toArray(new String[0]));
  }

  private Result open(Path key, String passphrase, Path sender, Path envelope, Path out) {
    return run(
        withPassphrase(passphrase),
        "open",
        "--key",
        key.toString(),
        "--sender",
        sender.resolve("public.bundle").toString(),
        "--in",
        envelope.toString(),
        "--out",
        out.toString());
  }

  private static void assertOneSentence(Result r, int exitCode, String contains) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
    assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("rogatory: ").contains(contains).doesNotContain("Exception");
  }

  private List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void keysGenerate_writesEncryptedKeyOwnerOnly_andBundle() throws IOException {
    assertThat(filesIn(court)).containsExactly("private.key", "public.bundle");
    byte[] key = Files.readAllBytes(court.resolve("private.key"));
    assertThat(new String(key, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RGKF");
    assertThat(new String(key, StandardCharsets.ISO_8859_1)).doesNotContain("court.registry");
    if (court.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(court.resolve("private.key"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void keysCode_printsTheBundlesHalfOfThePairSafetyCode_withoutAPassphrase() {
    Result own = run(CliFixtures.env(Map.of()), "keys", "code", "--key", court.toString());
    assertThat(own.exitCode()).as(own.toString()).isZero();
    String courtCode = own.out().lines().toList().get(1);
    assertThat(courtCode).matches("(\\d{5} ){5}\\d{5}");
    Result nlCode =
        run(
            CliFixtures.env(Map.of()),
            "keys",
            "code",
            "--bundle",
            nl.resolve("public.bundle") + "");
    String nlDigits = nlCode.out().lines().toList().get(1);
    Result pair =
        run(
            CliFixtures.env(Map.of()),
            "keys",
            "code",
            "--key",
            court.toString(),
            "--with",
            nl.resolve("public.bundle").toString());
    assertThat(pair.exitCode()).as(pair.toString()).isZero();
    // "court.registry" sorts before "state.nl": its half comes first.
    assertThat(pair.out()).contains(courtCode + " " + nlDigits);
  }

  @Test
  void keysCode_withoutAStore_isAUsageError_andMissingBundleAFileError() {
    assertOneSentence(run(CliFixtures.env(Map.of()), "keys", "code"), 2, "--key DIR");
    assertOneSentence(
        run(CliFixtures.env(Map.of()), "keys", "code", "--key", tmp.resolve("nowhere").toString()),
        4,
        "no key bundle");
  }

  @Test
  void sealThenOpen_twoRecipients_bothReadTheSamePlaintext() throws IOException {
    Path envelope = tmp.resolve("warrant.rge");
    Result sealed = seal(envelope, nl, fr);
    assertThat(sealed.exitCode()).as(sealed.toString()).isZero();
    assertThat(sealed.out()).contains("2 recipient(s)");

    Path nlOut = tmp.resolve("nl.pdf");
    Result nlOpened = open(nl, NL_PW, court, envelope, nlOut);
    assertThat(nlOpened.exitCode()).as(nlOpened.toString()).isZero();
    assertThat(nlOpened.out()).contains("from court.registry (signature verified)");
    assertThat(Files.readAllBytes(nlOut)).isEqualTo(secret);

    Path frOut = tmp.resolve("fr.pdf");
    assertThat(open(fr, FR_PW, court, envelope, frOut).exitCode()).isZero();
    assertThat(Files.readAllBytes(frOut)).isEqualTo(secret);
  }

  @Test
  void open_withWrongPassphrase_failsWithCryptoExitCode_andWritesNothing() throws IOException {
    Path envelope = tmp.resolve("e.rge");
    assertThat(seal(envelope, nl).exitCode()).isZero();
    Path out = tmp.resolve("out.pdf");
    Result r = open(nl, "not the passphrase at all", court, envelope, out);
    assertOneSentence(r, ExitCodes.CRYPTO, "wrong passphrase");
    assertThat(out).doesNotExist();
  }

  @Test
  void open_byPartyNotAmongRecipients_isRefused_andWritesNothing() throws IOException {
    Path envelope = tmp.resolve("e.rge");
    assertThat(seal(envelope, nl).exitCode()).isZero();
    Path out = tmp.resolve("out.pdf");
    Result r = open(fr, FR_PW, court, envelope, out);
    assertOneSentence(r, ExitCodes.CRYPTO, "could not be opened");
    assertThat(out).doesNotExist();
  }

  @Test
  void open_withUnexpectedSender_isRefused() throws IOException {
    Path envelope = tmp.resolve("e.rge");
    assertThat(seal(envelope, nl).exitCode()).isZero();
    Path out = tmp.resolve("out.pdf");
    Result r = open(nl, NL_PW, fr, envelope, out);
    assertOneSentence(r, ExitCodes.CRYPTO, "expected sender");
    assertThat(out).doesNotExist();
  }

  @Test
  void open_tamperedEnvelope_isRefused_andLeavesNoPartialFile() throws IOException {
    Path envelope = tmp.resolve("e.rge");
    assertThat(seal(envelope, nl).exitCode()).isZero();
    byte[] bytes = Files.readAllBytes(envelope);
    // Flip a byte in the last segment: earlier segments decrypt fine before the failure.
    bytes[bytes.length - 100] ^= 1;
    Path tampered = tmp.resolve("tampered.rge");
    Files.write(tampered, bytes);
    Path outDir = Files.createDirectory(tmp.resolve("out"));
    Result r = open(nl, NL_PW, court, tampered, outDir.resolve("plain.pdf"));
    assertOneSentence(r, ExitCodes.CRYPTO, "no plaintext was written");
    assertThat(filesIn(outDir)).isEmpty();
  }

  @Test
  void missingFiles_failWithFileExitCode() {
    Path envelope = tmp.resolve("e.rge");
    Result noInput =
        run(
            withPassphrase(COURT_PW),
            "seal",
            "--key",
            court.toString(),
            "--to",
            nl.resolve("public.bundle").toString(),
            "--in",
            tmp.resolve("absent.pdf").toString(),
            "--out",
            envelope.toString());
    assertOneSentence(noInput, ExitCodes.IO, "absent.pdf");
    assertThat(envelope).doesNotExist();

    Result noBundle = seal(envelope, tmp.resolve("nobody"));
    assertOneSentence(noBundle, ExitCodes.IO, "does not exist");

    Result noKey = open(tmp.resolve("nokeys"), NL_PW, court, envelope, tmp.resolve("o"));
    assertOneSentence(noKey, ExitCodes.IO, "does not exist");
  }

  @Test
  void keysGenerate_intoExistingStore_refusesAndKeepsTheOldKeys() throws IOException {
    byte[] before = Files.readAllBytes(court.resolve("private.key"));
    Result r =
        run(
            withPassphrase(COURT_PW),
            "keys",
            "generate",
            "--party",
            "court.registry",
            "--out",
            court.toString());
    assertOneSentence(r, ExitCodes.IO, "already exists");
    assertThat(Files.readAllBytes(court.resolve("private.key"))).isEqualTo(before);
  }

  @Test
  void seal_ontoExistingOutput_refusesUnlessForced() throws IOException {
    Path envelope = tmp.resolve("e.rge");
    Files.writeString(envelope, "precious");
    assertOneSentence(seal(envelope, nl), ExitCodes.IO, "already exists");
    assertThat(Files.readString(envelope)).isEqualTo("precious");
  }

  @Test
  void passphrase_fromFile_winsOverEnvironment_andIgnoresTheLineEnd() throws IOException {
    Path envelope = tmp.resolve("e.rge");
    assertThat(seal(envelope, nl).exitCode()).isZero();
    Path pwFile = tmp.resolve("nl.pass");
    Files.writeString(pwFile, NL_PW + "\n");
    Path out = tmp.resolve("out.pdf");
    Result r =
        run(
            withPassphrase("a wrong passphrase in the environment"),
            "open",
            "--key",
            nl.toString(),
            "--sender",
            court.resolve("public.bundle").toString(),
            "--in",
            envelope.toString(),
            "--out",
            out.toString(),
            "--passphrase-file",
            pwFile.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(secret);
  }

  @Test
  void passphrase_absentAndNoTerminal_isAUsageError() {
    Result r =
        run(
            CliFixtures.env(Map.of()),
            "keys",
            "generate",
            "--party",
            "state.de",
            "--out",
            tmp.resolve("de").toString());
    assertOneSentence(r, ExitCodes.USAGE, "ROGATORY_PASSPHRASE");
    assertThat(tmp.resolve("de").resolve("private.key")).doesNotExist();
  }

  @Test
  void passphrase_onTerminal_isAskedTwiceForNewKeys() {
    CliContext.Prompt prompt = message -> "typed on the terminal".toCharArray();
    CliContext context =
        new CliContext(
            Map.of(),
            prompt,
            java.time.Clock.systemUTC(),
            org.rogatory.crypto.KeyFilePreset.ARGON2ID_19MIB);
    Path dir = tmp.resolve("de");
    Result r = run(context, "keys", "generate", "--party", "state.de", "--out", dir.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(dir.resolve("private.key")).exists();
  }

  @Test
  void usageErrors_getExitCode2_andOneSentence() {
    assertOneSentence(run(withPassphrase(COURT_PW), "seal", "--bogus"), ExitCodes.USAGE, "--help");
    assertOneSentence(
        run(
            withPassphrase(COURT_PW),
            "keys",
            "generate",
            "--party",
            "Not A Party",
            "--out",
            tmp.resolve("x").toString()),
        ExitCodes.USAGE,
        "--party");
  }

  @Test
  void help_isAvailableOnEveryCommand() {
    for (String[] cmd :
        new String[][] {
          {"--help"},
          {"keys", "--help"},
          {"keys", "generate", "--help"},
          {"seal", "--help"},
          {"open", "--help"}
        }) {
      Result r = run(withPassphrase(COURT_PW), cmd);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Usage:");
    }
    assertThat(run(withPassphrase(COURT_PW), "--help").out()).contains("Exit codes:");
  }
}
