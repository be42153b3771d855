package org.rogatory.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * SoftHSM 2 tokens for the PKCS#11 tests: a software token from Debian's {@code softhsm2} package,
 * driven through its real PKCS#11 module.
 *
 * <p>The module reads its configuration from {@code SOFTHSM2_CONF}, which the build sets for the
 * test JVMs (the parent pom), and lists its tokens once, when a JVM first loads it; so every token
 * a JVM will use is initialised here, before the first is handed out.
 */
public final class SoftHsm {
  public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  private static final int TOKENS = 6;
  private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

  /** An initialised token: its slot id and user PIN. */
  public record Token(String label, long slot, String pin) {}

  private static List<Token> tokens;
  private static int handedOut;

  private SoftHsm() {}

  /**
   * Skips the calling test where SoftHSM is not installed, except where {@code
   * ROGATORY_REQUIRE_SOFTHSM=1} (CI installs it and sets that): there its absence fails the test.
   */
  public static void assumeAvailable() {
    boolean installed = Files.isRegularFile(LIBRARY) && Files.isExecutable(util());
    if ("1".equals(System.getenv("ROGATORY_REQUIRE_SOFTHSM"))) {
      assertThat(installed)
          .as("SoftHSM (Debian package softhsm2) is required here; .ci/run installs it")
          .isTrue();
    }
    Assumptions.assumeTrue(installed, "SoftHSM is not installed (apt-get install softhsm2)");
  }

  private static Path util() {
    return Path.of("/usr/bin/softhsm2-util");
  }

  /** A fresh token no other test in this JVM uses. */
  public static synchronized Token token() throws IOException, InterruptedException {
    if (tokens == null) {
      tokens = initialise();
    }
    if (handedOut == tokens.size()) {
      throw new IllegalStateException("raise SoftHsm.TOKENS: all tokens are in use");
    }
    return tokens.get(handedOut++);
  }

  private static List<Token> initialise() throws IOException, InterruptedException {
    String conf = System.getenv("SOFTHSM2_CONF");
    assertThat(conf).as("SOFTHSM2_CONF, set for test JVMs by the parent pom").isNotBlank();
    Path confFile = Path.of(conf);
    Path tokenDir = confFile.resolveSibling("tokens-" + ProcessHandle.current().pid());
    Files.createDirectories(tokenDir);
    Files.writeString(
        confFile,
        "directories.tokendir = "
            + tokenDir.toAbsolutePath()
            + "\nobjectstore.backend = file\nlog.level = ERROR\n",
        StandardCharsets.UTF_8);
    List<Token> out = new ArrayList<>();
    for (int i = 0; i < TOKENS; i++) {
      String label = "rogatory-test-" + i;
      String pin = "user-pin-" + i;
      Process p =
          new ProcessBuilder(
                  util().toString(),
                  "--init-token",
                  "--free",
                  "--label",
                  label,
                  "--pin",
                  pin,
                  "--so-pin",
                  "so-pin-" + i)
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      Matcher m = SLOT.matcher(output);
      assertThat(m.find()).as("slot in: %s", output).isTrue();
      out.add(new Token(label, Long.parseLong(m.group(1)), pin));
    }
    return out;
  }
}
