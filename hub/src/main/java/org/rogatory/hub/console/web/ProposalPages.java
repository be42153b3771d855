package org.rogatory.hub.console.web;

import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.hub.console.api.ConsoleCommands.ApproveCertificateRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ApproveKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ApprovePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.query.ProposalProjection;
import org.rogatory.hub.console.query.ProposalProjection.Action;
import org.rogatory.hub.console.query.ProposalProjection.ProposalView;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.party.api.PartyCommands.RevokeCertificateCommand;
import org.rogatory.hub.party.api.PartyCommands.RevokeKeyBundleCommand;
import org.rogatory.hub.party.api.PartyCommands.SuspendPartyCommand;
import org.rogatory.hub.party.api.PartyQueries.KeyView;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Four-eyes approvals: the proposals awaiting a second administrator, and approving one, which
 * suspends the party with the same command as {@code POST /v1/admin/parties/{id}/suspend}.
 */
@Component
class ProposalPages {
  private final CommandGateway commands;
  private final QueryGateway queries;
  private final ProposalProjection proposals;
  private final Clock clock;

  ProposalPages(
      CommandGateway commands, QueryGateway queries, ProposalProjection proposals, Clock clock) {
    this.commands = commands;
    this.queries = queries;
    this.proposals = proposals;
    this.clock = clock;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/proposals", this::list)
        .POST("/proposals/{proposalId}/approve", this::approve)
        .build();
  }

  private Mono<ServerResponse> list(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    return Blocking.call(proposals::all)
        .flatMap(
            all ->
                Responses.html(
                    HttpStatus.OK,
                    Layout.page(
                        "Approvals",
                        s,
                        Html.of(
                            """
                            <p>Suspending a party or revoking a key or a certificate takes two administrators: \
                            one proposes, a different one approves. Both steps are recorded in \
                            the audit log.</p>
                            <table>
                            <caption>Proposals, newest first</caption>
                            <thead><tr>
                            <th scope="col">Party</th><th scope="col">Action</th>
                            <th scope="col">Reason</th>
                            <th scope="col">Proposed by</th><th scope="col">Proposed at</th>
                            <th scope="col">Decision</th>
                            </tr></thead>
                            <tbody>{}</tbody>
                            </table>
                            """,
                            Html.join(all, p -> row(p, s))))));
  }

  private static Html row(ProposalView p, Session s) {
    Html decision;
    if (p.approvedBy() != null) {
      decision =
          Html.of("approved by {} at {}; done", p.approvedBy(), Dates.format(p.approvedAt()));
    } else if (s.role() != StaffRole.ADMINISTRATOR) {
      decision = Html.of("awaiting a second administrator");
    } else if (p.proposedBy().equals(s.username())) {
      decision = Html.of("awaiting a second administrator (you proposed it)");
    } else {
      decision =
          Html.of(
              """
              <form method="post" action="/proposals/{}/approve">
              {}
              <button type="submit" aria-label="Approve: {} {}">Approve</button>
              </form>
              """,
              p.proposalId(),
              Layout.csrf(s),
              what(p),
              p.partyId());
    }
    return Html.of(
        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        p.partyId(),
        what(p),
        p.reason(),
        p.proposedBy(),
        Dates.format(p.proposedAt()),
        decision);
  }

  private static String what(ProposalView p) {
    return switch (p.action()) {
      case REVOKE_KEY ->
          "revoke key "
              + p.keyFingerprint().substring(0, Math.min(16, p.keyFingerprint().length()))
              + "…";
      case REVOKE_CERTIFICATE -> "revoke certificate " + p.certificateSerial();
      case SUSPEND_PARTY -> "suspend the party";
    };
  }

  private Mono<ServerResponse> approve(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR);
    String proposalId = request.pathVariable("proposalId");
    return Blocking.call(
            () -> {
              ProposalView p = proposals.find(proposalId);
              if (p == null) {
                throw new ConsoleRejectedException(Code.NOT_FOUND, "no such proposal");
              }
              if (p.approvedBy() != null) {
                throw new ConsoleRejectedException(
                    Code.ALREADY_DECIDED, "this proposal has already been approved");
              }
              // The proposal's aggregate refuses the proposer; only then is anything changed.
              if (p.action() == Action.REVOKE_KEY) {
                revokeKey(p, s);
                return p;
              }
              if (p.action() == Action.REVOKE_CERTIFICATE) {
                revokeCertificate(p, s);
                return p;
              }
              commands.sendAndWait(
                  new ApprovePartySuspensionCommand(proposalId, s.username(), clock.instant()));
              PartyView party = PartyPages.find(queries, p.partyId());
              if (party != null && !party.suspended()) {
                commands.sendAndWait(
                    new SuspendPartyCommand(
                        p.partyId(),
                        p.reason(),
                        "console:" + p.proposedBy() + "+" + s.username(),
                        clock.instant()));
              }
              ConsoleCaller.awaitVisible(
                  () -> {
                    PartyView now = PartyPages.find(queries, p.partyId());
                    return (now == null || now.suspended())
                        && proposals.find(proposalId).approvedBy() != null;
                  });
              return p;
            })
        .flatMap(p -> Responses.redirect("/parties"));
  }

  private void revokeCertificate(ProposalView p, Session s) {
    commands.sendAndWait(
        new ApproveCertificateRevocationCommand(p.proposalId(), s.username(), clock.instant()));
    commands.sendAndWait(
        new RevokeCertificateCommand(
            p.partyId(),
            p.certificateSerial(),
            p.reason(),
            "console:" + p.proposedBy() + "+" + s.username(),
            clock.instant()));
    ConsoleCaller.awaitVisible(
        () ->
            PartyPage.certificates(queries, p.partyId()).stream()
                .anyMatch(c -> c.certificateSerial().equals(p.certificateSerial()) && c.revoked()));
  }

  private void revokeKey(ProposalView p, Session s) {
    commands.sendAndWait(
        new ApproveKeyRevocationCommand(p.proposalId(), s.username(), clock.instant()));
    commands.sendAndWait(
        new RevokeKeyBundleCommand(
            p.partyId(),
            p.keyFingerprint(),
            p.reason(),
            "console:" + p.proposedBy() + "+" + s.username(),
            clock.instant()));
    ConsoleCaller.awaitVisible(
        () -> {
          PartyView now = PartyPages.find(queries, p.partyId());
          KeyView key = now == null ? null : now.key(p.keyFingerprint());
          return now == null || (key != null && key.revoked());
        });
  }
}
