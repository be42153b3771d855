package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rogatory.client.RequestListing;
import org.rogatory.client.RequestPage;
import org.rogatory.client.RequestStatus;
import org.rogatory.client.RequestSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rogatory request list}: a page of the requests the party is a party to. */
@Command(
    name = "list",
    description = {
      "List the requests you opened or that are addressed to you, newest first, a page at a time"
          + " (metadata only). Page on with --from set to the 'next' position printed at the end;"
          + " with --status or --counterpart a page may show fewer rows than --limit while more"
          + " remain."
    },
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage error (unknown option, invalid --status, --from or --limit, no passphrase)",
      "3:the key store could not be unlocked (wrong passphrase, damaged key file)",
      "5:the hub refused the call (the message names the hub's error code)",
      "6:the hub could not be reached"
    })
final class RequestListCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Option(
      names = "--from",
      paramLabel = "N",
      description = "Position to start at (default: the newest, or 0 with --oldest-first).")
  Long from;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most this many requests, 1-200 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--oldest-first", description = "Walk the list from its oldest request.")
  boolean oldestFirst;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only requests in this status now: OPEN, DELIVERED, ACKNOWLEDGED, …")
  RequestStatus status;

  @Option(
      names = "--counterpart",
      paramLabel = "PARTY",
      description = "Only requests with this other party.")
  String counterpart;

  @Option(names = "--json", description = "Print the page as one line of JSON.")
  boolean json;

  RequestListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if ((from != null && from < 0) || limit < 1 || limit > RequestListing.MAX_LIMIT) {
      throw new CliFailure(ExitCodes.USAGE, "--from must be >= 0 and --limit 1-200.");
    }
    if (status == RequestStatus.UNKNOWN) {
      throw new CliFailure(ExitCodes.USAGE, "--status UNKNOWN is not a status the hub knows.");
    }
    RequestListing listing =
        (oldestFirst ? RequestListing.oldestFirst() : RequestListing.newestFirst())
            .limit(limit)
            .status(status);
    if (from != null) {
      listing = listing.from(from);
    }
    if (counterpart != null) {
      listing = listing.counterpart(RequestCommand.party(counterpart));
    }
    RequestPage page;
    try (HubOptions.Connection c = hub.connect(context)) {
      page = c.client().requests(listing);
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      JsonOutput.println(w, page);
      return ExitCodes.OK;
    }
    String row = "%-5s %-40s %-40s %-24s %-18s %-22s %5s  %s%n";
    w.printf(
        row, "POS", "REQUEST", "CATEGORY", "COUNTERPART", "STATUS", "DEADLINE", "MSGS", "ACTIVITY");
    for (RequestSummary r : page.requests()) {
      w.printf(
          row,
          r.position(),
          r.requestId(),
          r.category(),
          r.counterpart(),
          r.status(),
          r.deadline() == null ? "-" : r.deadline() + (r.overdue() ? " OVERDUE" : ""),
          r.messageCount(),
          r.lastActivityAt());
    }
    String more =
        page.more() && page.next() != null
            ? "next: --from " + page.next() + (oldestFirst ? " --oldest-first" : "")
            : oldestFirst && page.next() != null
                ? "no more for now; new ones from --from " + page.next() + " --oldest-first"
                : "no more";
    w.printf("%d request(s); %s%n", page.requests().size(), more);
    w.flush();
    return ExitCodes.OK;
  }
}
