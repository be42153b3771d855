package org.rogatory.client.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code rogatory} command line: entry point of {@code rogatory-cli.jar}.
 *
 * <p>The offline commands ({@code keys generate}, {@code seal}, {@code open}, {@code
 * verify-evidence}) work on files without a hub. The hub commands ({@code enrol}, {@code request
 * open|status|act}, {@code send}, {@code inbox}, {@code fetch}, {@code ack}, {@code watch}, {@code
 * evidence}, {@code audit verify}) drive a hub through the SDK's {@link
 * org.rogatory.client.HubClient}. Every failure ends with one sentence on stderr and an exit code
 * from {@link ExitCodes}; {@code --verbose} adds the stack trace of unexpected failures.
 */
@Command(
    name = "rogatory",
    description = "End-to-end encrypted exchange of cooperation requests.",
    mixinStandardHelpOptions = true,
    versionProvider = RogatoryCli.Version.class,
    subcommands = {
      KeysCommand.class,
      SealCommand.class,
      OpenCommand.class,
      EnrolCommand.class,
      RequestCommand.class,
      SendCommand.class,
      InboxCommand.class,
      FetchCommand.class,
      AckCommand.class,
      WatchCommand.class,
      EvidenceCommand.class,
      AuditCommand.class,
      VerifyEvidenceCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:unexpected failure (run with --verbose and report it)",
      "2:usage error (unknown option, missing or invalid argument, no passphrase)",
      "3:cryptographic failure (wrong passphrase, damaged key or bundle, envelope not opened)",
      "4:file error (missing, unreadable, or would be overwritten)",
      "5:the hub refused the call (the message names the hub's error code)",
      "6:the hub could not be reached",
      "7:split view: two checkpoints signed by the log contradict each other"
    })
public final class RogatoryCli implements Runnable {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "On an unexpected failure, also print the stack trace.")
  boolean verbose;

  private RogatoryCli() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "Missing command: see --help for the list.");
  }

  /** Runs the CLI and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(CliContext.system()).execute(args));
  }

  /**
   * The CLI wired to {@code context}, ready for {@link CommandLine#execute}; tests set its out and
   * err writers to capture output.
   */
  public static CommandLine commandLine(CliContext context) {
    RogatoryCli root = new RogatoryCli();
    CommandLine cli = new CommandLine(root, new ContextFactory(context));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    FailureReporter reporter = new FailureReporter(() -> root.verbose);
    cli.setExecutionExceptionHandler(reporter);
    cli.setParameterExceptionHandler(reporter);
    return cli;
  }

  /** Creates commands that take the {@link CliContext}, and everything else as picocli would. */
  private static final class ContextFactory implements CommandLine.IFactory {
    private final CliContext context;

    ContextFactory(CliContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        Class<?>[] params = c.getParameterTypes();
        if (params.length == 1 && params[0] == CliContext.class) {
          return type.cast(c.newInstance(context));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** The version printed by {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = RogatoryCli.class.getPackage().getImplementationVersion();
      return new String[] {"rogatory " + (v == null ? "(development build)" : v)};
    }
  }
}
