package org.rogatory.hub.console.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.crypto.PartyId;
import org.rogatory.hub.console.api.ConsoleCommands.ProposeKeyRevocationCommand;
import org.rogatory.hub.console.api.ConsoleCommands.ProposePartySuspensionCommand;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.party.api.EnrolmentCodes;
import org.rogatory.hub.party.api.PartyCommands.EnrolPartyCommand;
import org.rogatory.hub.party.api.PartyKind;
import org.rogatory.hub.party.api.PartyQueries.FindPartyQuery;
import org.rogatory.hub.party.api.PartyQueries.KeyView;
import org.rogatory.hub.party.api.PartyQueries.ListPartiesQuery;
import org.rogatory.hub.party.api.PartyQueries.PartyListView;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Parties: the directory (enrolment, suspension, key fingerprints), enrolling a new party with the
 * same command as {@code POST /v1/admin/parties}, and proposing a suspension (four-eyes).
 */
@Component
class PartyPages {
  private static final Duration CODE_LIFETIME = Duration.ofDays(7);
  private final CommandGateway commands;
  private final QueryGateway queries;
  private final ProposalForms forms;
  private final PartyPage party;
  private final Clock clock;

  PartyPages(
      CommandGateway commands,
      QueryGateway queries,
      ProposalForms forms,
      PartyPage party,
      Clock clock) {
    this.commands = commands;
    this.queries = queries;
    this.forms = forms;
    this.party = party;
    this.clock = clock;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/parties", this::list)
        .GET("/parties/new", this::newForm)
        .POST("/parties", this::create)
        .POST("/parties/{partyId}/suspension-proposals", this::proposeSuspension)
        .POST("/parties/{partyId}/keys/{fingerprint}/revocation-proposals", this::proposeRevocation)
        .add(party.routes())
        .build();
  }

  static PartyView find(QueryGateway queries, String partyId) {
    try {
      return queries.query(new FindPartyQuery(partyId), PartyView.class).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the party directory did not answer", e);
    }
  }

  private Mono<ServerResponse> list(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    boolean admin = s.role() == StaffRole.ADMINISTRATOR;
    return Blocking.call(
            () ->
                queries
                    .query(new ListPartiesQuery(), PartyListView.class)
                    .get(10, TimeUnit.SECONDS))
        .flatMap(
            view ->
                Responses.html(
                    HttpStatus.OK,
                    Layout.page(
                        "Parties",
                        s,
                        Html.of(
                            """
                            {}
                            <table>
                            <caption>{} parties in the directory</caption>
                            <thead><tr>
                            <th scope="col">Party</th><th scope="col">Name</th>
                            <th scope="col">Kind</th><th scope="col">Enrolment</th>
                            <th scope="col">State</th><th scope="col">Key fingerprints</th>
                            {}
                            </tr></thead>
                            <tbody>{}</tbody>
                            </table>
                            """,
                            admin
                                ? Html.of("<p><a href=\"/parties/new\">Enrol a new party</a></p>")
                                : Html.EMPTY,
                            view.parties().size(),
                            admin ? Html.of("<th scope=\"col\">Suspend</th>") : Html.EMPTY,
                            Html.join(view.parties(), p -> row(p, s))))));
  }

  private static Html row(PartyView p, Session s) {
    Html keys =
        p.keys().isEmpty()
            ? Html.of("none registered")
            : Html.join(
                p.keys(),
                (KeyView k) ->
                    Html.of(
                        "<div><code>{}</code> (device {}, version {}){}</div>",
                        k.keyFingerprint(),
                        k.deviceId() == null ? "first" : k.deviceId(),
                        k.keyVersion(),
                        k.revoked()
                            ? Html.of(" <strong>revoked</strong>")
                            : s.role() == StaffRole.ADMINISTRATOR
                                ? revocationForm(p, k, s)
                                : Html.EMPTY));
    Html action = Html.EMPTY;
    if (s.role() == StaffRole.ADMINISTRATOR) {
      action =
          p.suspended()
              ? Html.of("<td>already suspended</td>")
              : Html.of(
                  """
                  <td><form method="post" action="/parties/{}/suspension-proposals">
                  {}
                  <label for="reason-{}">Reason for suspending {}</label>
                  <input id="reason-{}" name="reason" required>
                  <button type="submit">Propose suspension</button>
                  </form></td>
                  """,
                  p.partyId(),
                  Layout.csrf(s),
                  p.partyId(),
                  p.partyId(),
                  p.partyId());
    }
    return Html.of(
        "<tr><th scope=\"row\"><a href=\"/parties/{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td>"
            + "<td>{}</td><td>{}</td>{}</tr>",
        p.partyId(),
        p.partyId(),
        p.displayName(),
        words(p.kind().name()),
        p.enrolled() ? "enrolled" : "awaiting enrolment (code issued)",
        p.suspended() ? Html.of("<strong>suspended</strong>") : Html.of("active"),
        keys,
        action);
  }

  private static Html revocationForm(PartyView p, KeyView k, Session s) {
    String id =
        "revoke-" + k.keyFingerprint().substring(0, Math.min(16, k.keyFingerprint().length()));
    return Html.of(
        """
        <form method="post" action="/parties/{}/keys/{}/revocation-proposals">
        {}
        <label for="{}">Reason for revoking this key</label>
        <input id="{}" name="reason" required>
        <button type="submit" class="secondary">Propose revoking this key</button>
        </form>
        """,
        p.partyId(),
        k.keyFingerprint(),
        Layout.csrf(s),
        id,
        id);
  }

  private Mono<ServerResponse> proposeRevocation(ServerRequest request) {
    String partyId = request.pathVariable("partyId");
    String fingerprint = request.pathVariable("fingerprint");
    return forms.submit(
        request,
        "give the reason for revoking the key",
        (id, reason, proposer, at) -> {
          PartyView party = find(queries, partyId);
          boolean active = party != null && party.hasActiveKey(fingerprint);
          if (!active) {
            throw new ConsoleRejectedException(
                Code.NOT_FOUND, "party " + partyId + " has no active key " + fingerprint);
          }
          return new ProposeKeyRevocationCommand(id, partyId, fingerprint, reason, proposer, at);
        });
  }

  private Mono<ServerResponse> newForm(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR);
    Html kinds =
        Html.join(
            Arrays.asList(PartyKind.values()),
            k -> Html.of("<option value=\"{}\">{}</option>", k.name(), words(k.name())));
    return Responses.html(
        HttpStatus.OK,
        Layout.page(
            "Enrol a new party",
            s,
            Html.of(
                """
                <form method="post" action="/parties">
                {}
                <label for="partyId">Party id</label>
                <p class="hint" id="partyId-hint">For example state.ke or court.registry.</p>
                <input id="partyId" name="partyId" aria-describedby="partyId-hint" required>
                <label for="kind">Kind</label>
                <select id="kind" name="kind">{}</select>
                <label for="displayName">Name</label>
                <input id="displayName" name="displayName" required>
                <p><button type="submit">Enrol and show the one-time code</button></p>
                </form>
                """,
                Layout.csrf(s),
                kinds)));
  }

  private Mono<ServerResponse> create(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR);
    return request
        .formData()
        .flatMap(
            form -> {
              String partyId;
              try {
                partyId = PartyId.of(SignInPages.field(form, "partyId")).value();
              } catch (IllegalArgumentException e) {
                throw new ConsoleRejectedException(
                    Code.INVALID_INPUT, "the party id is not valid: " + e.getMessage());
              }
              PartyKind kind =
                  RequestBoardPage.parse(PartyKind.class, form.getFirst("kind"), "kind");
              String name = SignInPages.field(form, "displayName");
              if (kind == null || name.isEmpty()) {
                throw new ConsoleRejectedException(
                    Code.INVALID_INPUT, "give the party's kind and name");
              }
              String code = EnrolmentCodes.generate();
              Instant now = clock.instant();
              Instant expires = now.plus(CODE_LIFETIME);
              return Blocking.call(
                  () -> {
                    if (find(queries, partyId) != null) {
                      throw new ConsoleRejectedException(
                          Code.ALREADY_EXISTS, "party " + partyId + " exists already");
                    }
                    commands.sendAndWait(
                        new EnrolPartyCommand(
                            partyId,
                            kind,
                            name,
                            EnrolmentCodes.digest(code),
                            expires,
                            "console:" + s.username(),
                            now));
                    ConsoleCaller.awaitVisible(() -> find(queries, partyId) != null);
                    return Html.of(
                        """
                        <p>Party <strong>{}</strong> ({}) is in the directory, awaiting \
                        enrolment.</p>
                        <p>Its one-time enrolment code, valid until {}:</p>
                        <p class="secret" id="enrolment-code">{}</p>
                        <p>Give it to the party's operator through a channel other than the one \
                        that will carry the party's requests. It is shown only on this page, \
                        now: the hub keeps only its digest.</p>
                        <p><a href="/parties">Back to the parties</a></p>
                        """,
                        partyId,
                        name,
                        Dates.format(expires),
                        code);
                  });
            })
        .flatMap(
            body -> Responses.html(HttpStatus.CREATED, Layout.page("Party enrolled", s, body)));
  }

  private Mono<ServerResponse> proposeSuspension(ServerRequest request) {
    String partyId = request.pathVariable("partyId");
    return forms.submit(
        request,
        "give the reason for suspending the party",
        (id, reason, proposer, at) -> {
          PartyView party = find(queries, partyId);
          if (party == null) {
            throw new ConsoleRejectedException(Code.NOT_FOUND, "no party " + partyId);
          }
          if (party.suspended()) {
            throw new ConsoleRejectedException(
                Code.ALREADY_DECIDED, "party " + partyId + " is suspended already");
          }
          return new ProposePartySuspensionCommand(id, partyId, reason, proposer, at);
        });
  }

  static String words(String constant) {
    return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
