package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rogatory.client.RequestAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rogatory ack REQUEST}: the addressee acknowledges a request. */
@Command(
    name = "ack",
    description = {
      "Acknowledge a request addressed to you: tells the Court that your central authority"
          + " received it (the same as 'request act REQUEST acknowledge').",
      "Receipts for single messages are sent by 'fetch'."
    },
    mixinStandardHelpOptions = true)
final class AckCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin HubOptions hub;

  @Parameters(index = "0", paramLabel = "REQUEST", description = "The request id.")
  String requestId;

  AckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    try (HubOptions.Connection c = hub.connect(context)) {
      c.client().act(requestId, RequestAction.acknowledge());
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf("Acknowledged request %s.%n", requestId);
    w.flush();
    return ExitCodes.OK;
  }
}
