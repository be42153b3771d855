package org.rogatory.hub.infra.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar rogatory-hub.jar replay --compare [spring options]}: rebuilds every read model
 * from the event history into the shadow database and compares it with the live one, prints the
 * report and exits 0 if everything matched, 1 if not, 2 on a usage error. Runs the hub's context
 * without its servers (its processors first catch up with the log), on the same data directory or
 * MongoDB, so with the embedded store the hub must be stopped first; on a running hub use {@code
 * POST /v1/admin/read-models/replay} instead.
 */
public final class ReplayCommand {
  static final String COMMAND = "replay";

  private ReplayCommand() {}

  /** Whether {@code args} ask for this command. */
  public static boolean isCommand(String[] args) {
    return args.length > 0 && COMMAND.equals(args[0]);
  }

  /** Runs the command; returns the process exit status. */
  public static int run(Class<?> application, String[] args, PrintStream out) throws Exception {
    boolean compare = false;
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--compare")) {
        compare = true;
      } else {
        rest.add(args[i]);
      }
    }
    if (!compare) {
      out.println("usage: " + COMMAND + " --compare [--rogatory.data-dir=DIR ...]");
      return 2;
    }
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(application)
            .web(WebApplicationType.NONE)
            .properties("rogatory.console.enabled=false")
            .run(rest.toArray(String[]::new))) {
      return print(context.getBean(ReadModelReplay.class).run("command line"), out);
    }
  }

  /** Prints {@code r}, one line per collection; returns 0 if everything matched, else 1. */
  static int print(ReplayReport r, PrintStream out) {
    out.printf(
        "Replayed events 0 to %d (%d events) in %d ms into the shadow read models.%n",
        r.position(), r.events(), r.millis());
    for (ReplayReport.CollectionComparison c : r.collections()) {
      out.printf(
          "  %-28s %s: %d equal, %d differ, %d only live, %d only rebuilt%s%n",
          c.name(),
          c.matches() ? "match" : "MISMATCH",
          c.matching(),
          c.differing(),
          c.onlyLive(),
          c.onlyReplayed(),
          c.firstDifference() == null ? "" : " (first: " + c.firstDifference() + ")");
    }
    if (!r.consistent()) {
      out.println("Events arrived while comparing: run again in a quiet moment to confirm.");
    }
    out.println(r.matches() ? "The read models match the history." : "The read models differ.");
    return r.matches() ? 0 : 1;
  }
}
