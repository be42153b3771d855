package org.rogatory.hub.console.web;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.query.ProposalProjection;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A four-eyes proposal submitted from a console form, the same for every kind: an administrator
 * only, a reason required, the proposal's own checks, the command, then the proposals page once the
 * proposal is listed there.
 */
@Component
class ProposalForms {
  /** Checks that the proposal still makes sense and makes its command. */
  interface Proposal {
    Object command(String proposalId, String reason, String proposer, Instant at) throws Exception;
  }

  private final CommandGateway commands;
  private final ProposalProjection proposals;
  private final Clock clock;

  ProposalForms(CommandGateway commands, ProposalProjection proposals, Clock clock) {
    this.commands = commands;
    this.proposals = proposals;
    this.clock = clock;
  }

  /**
   * Submits the proposal of the form in {@code request}; {@code reasonMissing} is the sentence for
   * a form sent without a reason.
   */
  Mono<ServerResponse> submit(ServerRequest request, String reasonMissing, Proposal proposal) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR);
    return request
        .formData()
        .flatMap(
            form -> {
              String reason = SignInPages.field(form, "reason");
              if (reason.isEmpty()) {
                throw new ConsoleRejectedException(Code.INVALID_INPUT, reasonMissing);
              }
              return Blocking.call(
                  () -> {
                    String id = UUID.randomUUID().toString();
                    commands.sendAndWait(
                        proposal.command(id, reason, s.username(), clock.instant()));
                    ConsoleCaller.awaitVisible(() -> proposals.find(id) != null);
                    return id;
                  });
            })
        .flatMap(id -> Responses.redirect("/proposals"));
  }
}
