package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.rogatory.crypto.KeyFilePreset;
import picocli.CommandLine;

/** Runs the CLI in-process with a given environment and captures what it prints. */
final class CliFixtures {
  private CliFixtures() {}

  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nout: " + out + "\nerr: " + err;
    }
  }

  static CliContext env(Map<String, String> environment) {
    return new CliContext(environment, null, Clock.systemUTC(), KeyFilePreset.ARGON2ID_19MIB);
  }

  static CliContext withPassphrase(String passphrase) {
    return env(Map.of(PassphraseOptions.ENV, passphrase));
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
}
