package org.rogatory.hub.console.web;

import org.rogatory.hub.console.signin.ConsoleSessions;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.console.signin.ConsoleSessions.Stage;
import org.rogatory.hub.console.signin.SignIn;
import org.rogatory.hub.infra.web.Blocking;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Signing in (password, then TOTP code), replacing a one-time password, signing out. */
@Component
class SignInPages {
  private final SignIn signIn;
  private final ConsoleSessions sessions;

  SignInPages(SignIn signIn, ConsoleSessions sessions) {
    this.signIn = signIn;
    this.sessions = sessions;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/sign-in", this::passwordForm)
        .POST("/sign-in", this::password)
        .GET("/sign-in/code", this::codeForm)
        .POST("/sign-in/code", this::code)
        .GET("/password", this::passwordChangeForm)
        .POST("/password", this::passwordChange)
        .POST("/sign-out", this::signOut)
        .build();
  }

  private Mono<ServerResponse> passwordForm(ServerRequest request) {
    Session current = ConsoleCaller.session(request);
    if (current != null && current.signedIn()) {
      return Responses.redirect("/requests");
    }
    return Blocking.call(() -> sessions.start(current, Stage.ANONYMOUS, null, null))
        .flatMap(
            s ->
                Responses.html(
                    HttpStatus.OK,
                    Layout.page(
                        "Sign in",
                        s,
                        Html.of(
                            """
                            <form method="post" action="/sign-in">
                            {}
                            <label for="username">User name</label>
                            <input id="username" name="username" autocomplete="username" required>
                            <label for="password">Password</label>
                            <input id="password" name="password" type="password" \
                            autocomplete="current-password" required>
                            <p><button type="submit">Continue</button></p>
                            </form>
                            <p class="hint">After the password you will be asked for the code \
                            from your authenticator app.</p>
                            """,
                            Layout.csrf(s))),
                    s));
  }

  private Mono<ServerResponse> password(ServerRequest request) {
    Session current = ConsoleCaller.session(request);
    String address = ConsoleCaller.address(request);
    return request
        .formData()
        .flatMap(
            form ->
                Blocking.call(
                    () ->
                        signIn.password(
                            current, field(form, "username"), chars(form, "password"), address)))
        .flatMap(s -> Responses.redirect("/sign-in/code", s));
  }

  private Mono<ServerResponse> codeForm(ServerRequest request) {
    Session s = ConsoleCaller.session(request);
    if (s == null || s.stage() != Stage.SECOND_FACTOR) {
      return Responses.redirect("/sign-in");
    }
    return Responses.html(
        HttpStatus.OK,
        Layout.page(
            "Second factor",
            s,
            Html.of(
                """
                <form method="post" action="/sign-in/code">
                {}
                <label for="code">Code from your authenticator app</label>
                <p class="hint" id="code-hint">Six digits; a new code appears every 30 seconds.</p>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" \
                pattern="[0-9 ]{6,7}" aria-describedby="code-hint" required>
                <p><button type="submit">Sign in</button></p>
                </form>
                """,
                Layout.csrf(s))));
  }

  private Mono<ServerResponse> code(ServerRequest request) {
    Session current = ConsoleCaller.session(request);
    String address = ConsoleCaller.address(request);
    return request
        .formData()
        .flatMap(
            form -> Blocking.call(() -> signIn.secondFactor(current, field(form, "code"), address)))
        .flatMap(
            s ->
                Responses.redirect(
                    s.stage() == Stage.PASSWORD_CHANGE ? "/password" : "/requests", s));
  }

  private Mono<ServerResponse> passwordChangeForm(ServerRequest request) {
    Session s = ConsoleCaller.session(request);
    if (s == null || !(s.stage() == Stage.PASSWORD_CHANGE || s.signedIn())) {
      return Responses.redirect("/sign-in");
    }
    return Responses.html(
        HttpStatus.OK,
        Layout.page(
            "Choose a new password",
            s,
            Html.of(
                """
                {}
                <form method="post" action="/password">
                {}
                <label for="current">Current password</label>
                <input id="current" name="current" type="password" \
                autocomplete="current-password" required>
                <label for="new">New password</label>
                <p class="hint" id="new-hint">At least {} characters.</p>
                <input id="new" name="new" type="password" autocomplete="new-password" \
                aria-describedby="new-hint" required>
                <label for="repeat">New password again</label>
                <input id="repeat" name="repeat" type="password" autocomplete="new-password" \
                required>
                <p><button type="submit">Change password</button></p>
                </form>
                """,
                s.stage() == Stage.PASSWORD_CHANGE
                    ? Html.of(
                        "<p>You signed in with a one-time password. Choose your own before"
                            + " going on.</p>")
                    : Html.EMPTY,
                Layout.csrf(s),
                SignIn.MIN_PASSWORD_LENGTH)));
  }

  private Mono<ServerResponse> passwordChange(ServerRequest request) {
    Session current = ConsoleCaller.session(request);
    return request
        .formData()
        .flatMap(
            form ->
                Blocking.call(
                    () ->
                        signIn.changePassword(
                            current,
                            chars(form, "current"),
                            chars(form, "new"),
                            chars(form, "repeat"))))
        .flatMap(s -> Responses.redirect("/requests", s));
  }

  private Mono<ServerResponse> signOut(ServerRequest request) {
    Session current = ConsoleCaller.session(request);
    return Blocking.call(
            () -> {
              sessions.end(current);
              return current;
            })
        .flatMap(s -> Responses.redirectClearingSession("/sign-in"));
  }

  static String field(MultiValueMap<String, String> form, String name) {
    String v = form.getFirst(name);
    return v == null ? "" : v.strip();
  }

  private static char[] chars(MultiValueMap<String, String> form, String name) {
    String v = form.getFirst(name);
    return v == null ? new char[0] : v.toCharArray();
  }
}
