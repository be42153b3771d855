package org.rogatory.hub.console.web;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.queryhandling.QueryGateway;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.SafetyCode;
import org.rogatory.hub.console.api.ConsoleCommands.ProposeCertificateRevocationCommand;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.party.api.PartyQueries.CertificateListView;
import org.rogatory.hub.party.api.PartyQueries.CertificateView;
import org.rogatory.hub.party.api.PartyQueries.KeyView;
import org.rogatory.hub.party.api.PartyQueries.ListCertificatesQuery;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * One party: its key bundles with their fingerprints and key codes (the code a party's operator
 * reads aloud and compares with {@code rogatory keys code}; decision 0009), and its TLS client
 * certificates, each of which an administrator can propose to revoke (four eyes).
 */
@Component
class PartyPage {
  private final QueryGateway queries;
  private final ProposalForms forms;

  PartyPage(QueryGateway queries, ProposalForms forms) {
    this.queries = queries;
    this.forms = forms;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/parties/{partyId}", this::page)
        .POST(
            "/parties/{partyId}/certificates/{serial}/revocation-proposals",
            this::proposeRevocation)
        .build();
  }

  static List<CertificateView> certificates(QueryGateway queries, String partyId) {
    try {
      return queries
          .query(new ListCertificatesQuery(partyId), CertificateListView.class)
          .get(10, TimeUnit.SECONDS)
          .certificates();
    } catch (Exception e) {
      throw new IllegalStateException("the party directory did not answer", e);
    }
  }

  /**
   * The key code of a bundle as the directory holds it (base64), or a sentence saying why there is
   * none: a bundle the hub accepted always decodes, but the page must not fail if one did not.
   */
  static String keyCode(KeyView k) {
    if (k.keyBundle() == null) {
      return "(no code: the directory holds no bundle for this key)";
    }
    try {
      return SafetyCode.keyCode(KeyBundle.decode(Base64.getDecoder().decode(k.keyBundle())));
    } catch (CryptoException | IllegalArgumentException e) {
      return "(no code: the stored bundle does not decode)";
    }
  }

  private Mono<ServerResponse> page(ServerRequest request) {
    Session s = ConsoleCaller.require(request);
    String partyId = request.pathVariable("partyId");
    return Blocking.call(
            () -> {
              PartyView party = PartyPages.find(queries, partyId);
              if (party == null) {
                throw new ConsoleRejectedException(
                    Code.NOT_FOUND, "there is no party " + partyId + " in the directory");
              }
              return body(party, certificates(queries, partyId), s);
            })
        .flatMap(body -> Responses.html(HttpStatus.OK, Layout.page("Party " + partyId, s, body)));
  }

  private static Html body(PartyView p, List<CertificateView> certificates, Session s) {
    boolean admin = s.role() == StaffRole.ADMINISTRATOR;
    return Html.of(
        """
        <dl class="summary">
        <dt>Name</dt><dd>{}</dd>
        <dt>Kind</dt><dd>{}</dd>
        <dt>Enrolment</dt><dd>{}</dd>
        <dt>State</dt><dd>{}</dd>
        </dl>
        <h2 id="keys">Key bundles</h2>
        <p class="hint">To confirm out of band that the directory holds this party's genuine key, \
        its operator runs <code>rogatory keys code --key DIR</code> and reads the key code aloud; \
        it must match the code below digit for digit.</p>
        <table id="keys-table">
        <caption>Key bundles of {} as the directory holds them</caption>
        <thead><tr><th scope="col">Device</th><th scope="col">Version</th>\
        <th scope="col">Fingerprint</th><th scope="col">Key code</th>\
        <th scope="col">Status</th></tr></thead>
        <tbody>{}</tbody>
        </table>
        <h2 id="certificates">Certificates</h2>
        <table id="certificates-table">
        <caption>TLS client certificates the hub's CA issued to {}</caption>
        <thead><tr><th scope="col">Serial</th><th scope="col">Status</th>{}</tr></thead>
        <tbody>{}</tbody>
        </table>
        <p><a href="/parties">All parties</a></p>
        """,
        p.displayName(),
        PartyPages.words(p.kind().name()),
        p.enrolled() ? "enrolled" : "awaiting enrolment (code issued)",
        p.suspended() ? Html.of("<strong>suspended</strong>") : Html.of("active"),
        p.partyId(),
        p.keys().isEmpty()
            ? Html.of("<tr><td colspan=\"5\">none registered</td></tr>")
            : Html.join(
                p.keys(),
                k ->
                    Html.of(
                        "<tr><th scope=\"row\">{}</th><td>{}</td><td><code>{}</code></td>"
                            + "<td><code class=\"key-code\">{}</code></td><td>{}</td></tr>",
                        k.deviceId() == null ? "first" : k.deviceId(),
                        k.keyVersion(),
                        k.keyFingerprint(),
                        k.revoked() ? "" : keyCode(k),
                        k.revoked() ? Html.of("<strong>revoked</strong>") : Html.of("active"))),
        p.partyId(),
        admin ? Html.of("<th scope=\"col\">Revoke</th>") : Html.EMPTY,
        certificates.isEmpty()
            ? Html.of("<tr><td colspan=\"3\">none issued</td></tr>")
            : Html.join(certificates, c -> certificateRow(p, c, admin, s)));
  }

  private static Html certificateRow(PartyView p, CertificateView c, boolean admin, Session s) {
    Html action = Html.EMPTY;
    if (admin) {
      String id = "revoke-cert-" + c.certificateSerial();
      action =
          c.revoked()
              ? Html.of("<td></td>")
              : Html.of(
                  """
                  <td><form method="post" action="/parties/{}/certificates/{}/revocation-proposals">
                  {}
                  <label for="{}">Reason for revoking certificate {}</label>
                  <input id="{}" name="reason" required>
                  <button type="submit" class="secondary">Propose revoking this certificate</button>
                  </form></td>
                  """,
                  p.partyId(),
                  c.certificateSerial(),
                  Layout.csrf(s),
                  id,
                  c.certificateSerial(),
                  id);
    }
    return Html.of(
        "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td>{}</tr>",
        c.certificateSerial(),
        c.revoked() ? Html.of("<strong>revoked</strong>") : Html.of("valid"),
        action);
  }

  private Mono<ServerResponse> proposeRevocation(ServerRequest request) {
    String partyId = request.pathVariable("partyId");
    String serial = request.pathVariable("serial");
    return forms.submit(
        request,
        "give the reason for revoking the certificate",
        (id, reason, proposer, at) -> {
          boolean valid =
              certificates(queries, partyId).stream()
                  .anyMatch(c -> c.certificateSerial().equals(serial) && !c.revoked());
          if (!valid) {
            throw new ConsoleRejectedException(
                Code.NOT_FOUND, "party " + partyId + " has no valid certificate " + serial);
          }
          return new ProposeCertificateRevocationCommand(id, partyId, serial, reason, proposer, at);
        });
  }
}
