package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rogatory.client.Classification;
import org.rogatory.client.ConsultationReason;
import org.rogatory.client.CooperationRequest;
import org.rogatory.client.NewRequest;
import org.rogatory.client.RequestAction;
import org.rogatory.client.RequestCategory;
import org.rogatory.client.RequestStatus;
import org.rogatory.crypto.PartyId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rogatory request …}: cooperation requests. */
@Command(
    name = "request",
    description =
        "Open cooperation requests, list and show them, and move them through their statuses.",
    mixinStandardHelpOptions = true,
    subcommands = {
      RequestCommand.Open.class,
      RequestListCommand.class,
      RequestCommand.Status.class,
      RequestCommand.Act.class
    })
final class RequestCommand {

  /** {@code rogatory request open}. */
  @Command(
      name = "open",
      description = {
        "Open a cooperation request to a State or organisation (Court organs only).",
        "Prints the new request's id, alone, on stdout."
      },
      mixinStandardHelpOptions = true)
  static final class Open implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Mixin HubOptions hub;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "PARTY",
        description = "The addressee's party id.")
    String to;

    @Option(
        names = "--category",
        required = true,
        paramLabel = "CATEGORY",
        description = "The form of cooperation: ${COMPLETION-CANDIDATES}.")
    RequestCategory category;

    @Option(
        names = "--classification",
        required = true,
        paramLabel = "LEVEL",
        description = "The Court's classification: ${COMPLETION-CANDIDATES}.")
    Classification classification;

    @Option(
        names = "--reference",
        required = true,
        paramLabel = "REF",
        description = "The Court's own reference, e.g. ICC-01/04-01/06 (visible to the hub).")
    String reference;

    @Option(
        names = "--deadline",
        paramLabel = "WHEN",
        description = "When execution is due: 2027-01-31 (end of that day, UTC) or an instant.")
    String deadline;

    @Option(
        names = "--retrieval-period",
        paramLabel = "PERIOD",
        description =
            "How long recipients have to return a retrieval receipt, PT1H to P90D, e.g. PT48H or"
                + " P3D (default: the hub's).")
    String retrievalPeriod;

    @Option(
        names = "--idempotency-key",
        paramLabel = "KEY",
        description =
            "Repeat a call with the same key to be sure it happened once (default: a fresh one).")
    String idempotencyKey;

    Open(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      NewRequest request =
          new NewRequest(
              party(to),
              category,
              classification,
              reference,
              deadline(deadline),
              period(retrievalPeriod));
      try (HubOptions.Connection c = hub.connect(context)) {
        String id =
            idempotencyKey == null
                ? c.client().openRequest(request)
                : c.client().openRequest(request, idempotencyKey);
        PrintWriter w = spec.commandLine().getOut();
        w.println(id);
        w.flush();
      }
      return ExitCodes.OK;
    }

    private static java.time.Duration period(String s) {
      if (s == null) {
        return null;
      }
      try {
        return java.time.Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "--retrieval-period: " + s + " is not an ISO-8601 duration such as PT48H or P3D.");
      }
    }

    private static Instant deadline(String s) {
      if (s == null) {
        return null;
      }
      try {
        if (s.length() == 10) {
          return LocalDate.parse(s).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "--deadline: " + s + " is neither a date (2027-01-31) nor an instant.");
      }
    }
  }

  static PartyId party(String id) {
    try {
      return PartyId.of(id);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "Not a party id: " + id + ".");
    }
  }

  /** {@code rogatory request status ID}. */
  @Command(
      name = "status",
      description = {
        "Show a request: its status, its parties and its messages (never content), a page of"
            + " messages at a time: page on with --messages-from set to the position printed."
      },
      mixinStandardHelpOptions = true)
  static final class Status implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Mixin HubOptions hub;

    @Parameters(index = "0", paramLabel = "REQUEST", description = "The request id.")
    String requestId;

    @Option(names = "--json", description = "Print the request as one line of JSON.")
    boolean json;

    @Option(
        names = "--messages-from",
        paramLabel = "N",
        defaultValue = "0",
        description = "The first message to show, 0 the oldest (default: ${DEFAULT-VALUE}).")
    int messagesFrom;

    @Option(
        names = "--messages-limit",
        paramLabel = "N",
        defaultValue = "200",
        description = "At most this many messages, 1-500 (default: ${DEFAULT-VALUE}).")
    int messagesLimit;

    Status(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      if (messagesFrom < 0 || messagesLimit < 1 || messagesLimit > 500) {
        throw new CliFailure(
            ExitCodes.USAGE, "--messages-from must be >= 0 and --messages-limit 1-500.");
      }
      CooperationRequest r;
      try (HubOptions.Connection c = hub.connect(context)) {
        r = c.client().request(requestId, messagesFrom, messagesLimit);
      }
      PrintWriter w = spec.commandLine().getOut();
      if (json) {
        JsonOutput.println(w, r);
        return ExitCodes.OK;
      }
      w.printf("Request        %s%n", r.requestId());
      w.printf("Status         %s%s%n", r.status(), r.escalated() ? " (escalated)" : "");
      w.printf("Category       %s, %s%n", r.category(), r.classification());
      w.printf("Reference      %s%n", r.courtReference() == null ? "-" : r.courtReference());
      w.printf("Opened         %s by %s, to %s%n", r.openedAt(), r.openedBy(), r.addressee());
      w.printf("Deadline       %s%n", r.deadline() == null ? "-" : r.deadline());
      if (r.retrievalPeriod() != null) {
        w.printf("Retrieval      %s for each receipt%n", r.retrievalPeriod());
      }
      w.printf("Updated        %s%n", r.updatedAt());
      if (r.messages().size() == r.messageCount()) {
        w.printf("Messages       %d%n", r.messageCount());
      } else if (r.messages().isEmpty()) {
        w.printf("Messages       %d (none from %d)%n", r.messageCount(), r.messagesFrom());
      } else {
        w.printf(
            "Messages       %d (%d-%d shown)%n",
            r.messageCount(), r.messagesFrom(), r.messagesFrom() + r.messages().size() - 1);
      }
      int position = r.messagesFrom();
      for (CooperationRequest.MessageInfo m : r.messages()) {
        w.printf(
            "  %-4d %s  from %s, %s, %s; retrieved by %s%n",
            position++,
            m.messageId(),
            m.sender(),
            Progress.size(m.envelopeSize()),
            m.submittedAt(),
            m.retrievedBy().isEmpty() ? "nobody yet" : String.join(", ", m.retrievedBy()));
      }
      if (r.moreMessages()) {
        w.printf("More messages: --messages-from %d%n", position);
      }
      w.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code rogatory request act ID ACTION}. */
  @Command(
      name = "act",
      description = {
        "Take a step in a request's life: acknowledge, start-execution, request-consultation"
            + " (--reason), resolve-consultation, report-outcome (--outcome, --reasons), close,"
            + " withdraw. The hub refuses steps the status or your role do not allow."
      },
      mixinStandardHelpOptions = true)
  static final class Act implements Callable<Integer> {
    private final CliContext context;

    @Spec CommandSpec spec;

    @Mixin HubOptions hub;

    @Parameters(index = "0", paramLabel = "REQUEST", description = "The request id.")
    String requestId;

    @Parameters(index = "1", paramLabel = "ACTION", description = "The step, e.g. acknowledge.")
    String action;

    @Option(
        names = "--reason",
        paramLabel = "REASON",
        description = "Why a consultation is needed: ${COMPLETION-CANDIDATES}.")
    ConsultationReason reason;

    @Option(
        names = "--outcome",
        paramLabel = "OUTCOME",
        description = "EXECUTED, PARTIALLY_EXECUTED or NOT_EXECUTED.")
    RequestStatus outcome;

    @Option(
        names = "--reasons",
        paramLabel = "TEXT",
        description = "Reasons for the outcome; repeat for several.")
    List<String> reasons = new ArrayList<>();

    Act(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      RequestAction step = step(action.toLowerCase(Locale.ROOT));
      try (HubOptions.Connection c = hub.connect(context)) {
        c.client().act(requestId, step);
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf("Done: %s on request %s.%n", step.name(), requestId);
      w.flush();
      return ExitCodes.OK;
    }

    private RequestAction step(String name) {
      return switch (name) {
        case "acknowledge" -> RequestAction.acknowledge();
        case "start-execution" -> RequestAction.startExecution();
        case "request-consultation" -> {
          if (reason == null) {
            throw new CliFailure(ExitCodes.USAGE, "request-consultation needs --reason.");
          }
          yield RequestAction.requestConsultation(reason);
        }
        case "resolve-consultation" -> RequestAction.resolveConsultation();
        case "report-outcome" -> {
          if (outcome == null) {
            throw new CliFailure(ExitCodes.USAGE, "report-outcome needs --outcome.");
          }
          yield RequestAction.reportOutcome(outcome, reasons);
        }
        case "close" -> RequestAction.close();
        case "withdraw" -> RequestAction.withdraw();
        default ->
            throw new CliFailure(
                ExitCodes.USAGE,
                "Unknown action "
                    + name
                    + "; use acknowledge, start-execution, request-consultation,"
                    + " resolve-consultation, report-outcome, close or withdraw.");
      };
    }
  }
}
