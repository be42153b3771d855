package org.rogatory.hub.console.web;

import java.util.Arrays;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.console.signin.StaffAccounts;
import org.rogatory.hub.infra.web.Blocking;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Staff accounts, for administrators: the list, and creating an account. */
@Component
class StaffPages {
  private final StaffAccounts accounts;

  StaffPages(StaffAccounts accounts) {
    this.accounts = accounts;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/staff", this::list)
        .GET("/staff/new", this::newForm)
        .POST("/staff", this::create)
        .build();
  }

  private Mono<ServerResponse> list(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR);
    return Blocking.call(accounts::list)
        .flatMap(
            all ->
                Responses.html(
                    HttpStatus.OK,
                    Layout.page(
                        "Staff",
                        s,
                        Html.of(
                            """
                            <p><a href="/staff/new">Create a staff account</a></p>
                            <table>
                            <caption>{} staff accounts</caption>
                            <thead><tr><th scope="col">User name</th><th scope="col">Role</th>
                            <th scope="col">Created</th><th scope="col">Locked until</th></tr>
                            </thead>
                            <tbody>{}</tbody>
                            </table>
                            """,
                            all.size(),
                            Html.join(
                                all,
                                m ->
                                    Html.of(
                                        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>"
                                            + "<td>{}</td></tr>",
                                        m.username(),
                                        PartyPages.words(m.role().name()),
                                        Dates.format(m.createdAt()),
                                        m.lockedUntil() == null
                                            ? "not locked"
                                            : Dates.format(m.lockedUntil())))))));
  }

  private Mono<ServerResponse> newForm(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR);
    return Responses.html(
        HttpStatus.OK,
        Layout.page(
            "Create a staff account",
            s,
            Html.of(
                """
                <form method="post" action="/staff">
                {}
                <label for="username">User name</label>
                <p class="hint" id="username-hint">Lower-case letters, digits, '.', '_' or \
                '-'.</p>
                <input id="username" name="username" aria-describedby="username-hint" required>
                <label for="role">Role</label>
                <select id="role" name="role">{}</select>
                <p><button type="submit">Create and show the first sign-in details</button></p>
                </form>
                """,
                Layout.csrf(s),
                Html.join(
                    Arrays.asList(StaffRole.values()),
                    r ->
                        Html.of(
                            "<option value=\"{}\">{}</option>",
                            r.name(),
                            PartyPages.words(r.name()))))));
  }

  private Mono<ServerResponse> create(ServerRequest request) {
    Session s = ConsoleCaller.require(request, StaffRole.ADMINISTRATOR);
    return request
        .formData()
        .flatMap(
            form -> {
              StaffRole role =
                  RequestBoardPage.parse(StaffRole.class, form.getFirst("role"), "role");
              String username = SignInPages.field(form, "username");
              return Blocking.call(() -> accounts.create(username, role, s.username()));
            })
        .flatMap(
            created ->
                Responses.html(
                    HttpStatus.CREATED,
                    Layout.page(
                        "Staff account created",
                        s,
                        Html.of(
                            """
                            <p>Account <strong id="new-username">{}</strong> ({}) exists. Hand \
                            these details to its owner in person; they are shown only now.</p>
                            <p>One-time password (to be replaced at first sign-in):</p>
                            <p class="secret" id="one-time-password">{}</p>
                            <p>Second factor: add this key to an authenticator app (TOTP, \
                            6 digits, 30 seconds):</p>
                            <p class="secret" id="totp-secret">{}</p>
                            <p>or import this URI:</p>
                            <p><code id="otpauth">{}</code></p>
                            <p><a href="/staff">Back to the staff list</a></p>
                            """,
                            created.username(),
                            PartyPages.words(created.role().name()),
                            created.oneTimePassword(),
                            created.totpSecret(),
                            created.otpauth()))));
  }
}
