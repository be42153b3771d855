package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rogatory.client.InboxPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory inbox}: a page of the messages sent to the party. */
@Command(
    name = "inbox",
    description = {
      "List the messages addressed to you, oldest first, a page at a time. Entries are never"
          + " removed: page on with --from set to the 'next' position printed at the end."
    },
    mixinStandardHelpOptions = true)
final class InboxCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Option(
      names = "--from",
      paramLabel = "N",
      defaultValue = "0",
      description = "Position to start from (default: ${DEFAULT-VALUE}).")
  long from;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most this many entries, 1-200 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the page as one line of JSON.")
  boolean json;

  InboxCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (from < 0 || limit < 1 || limit > 200) {
      throw new CliFailure(ExitCodes.USAGE, "--from must be >= 0 and --limit 1-200.");
    }
    InboxPage page;
    try (HubOptions.Connection c = hub.connect(context)) {
      page = c.client().inbox(from, limit);
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      JsonOutput.println(w, page);
      return ExitCodes.OK;
    }
    String row = "%-5s %-40s %-36s %-24s %10s  %s%n";
    w.printf(row, "POS", "REQUEST", "MESSAGE", "FROM", "SIZE", "SUBMITTED");
    for (InboxPage.Entry e : page.entries()) {
      w.printf(
          row,
          e.position(),
          e.requestId(),
          e.messageId(),
          e.sender(),
          Progress.size(e.envelopeSize()),
          e.submittedAt());
    }
    w.printf("%d message(s); next: --from %d%n", page.entries().size(), page.next());
    w.flush();
    return ExitCodes.OK;
  }
}
