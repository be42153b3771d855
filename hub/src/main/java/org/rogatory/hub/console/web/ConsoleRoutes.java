package org.rogatory.hub.console.web;

import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.signin.ConsoleSessions;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.console.signin.ConsoleSessions.Stage;
import org.rogatory.hub.console.signin.CsrfToken;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.party.api.PartyRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Every console page, behind one filter that sets the security headers, finds the caller's session,
 * checks the CSRF token of every POST, and turns every failure into a page with a sentence (never a
 * stack trace).
 */
@Component
class ConsoleRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none';"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final ConsoleSessions sessions;
  private final SignInPages signIn;
  private final PartyPages parties;
  private final ProposalPages proposals;
  private final RequestBoardPage board;
  private final RequestTimelinePage timeline;
  private final StatisticsPage statistics;
  private final AuditPage audit;
  private final StaffPages staff;

  ConsoleRoutes(
      ConsoleSessions sessions,
      SignInPages signIn,
      PartyPages parties,
      ProposalPages proposals,
      RequestBoardPage board,
      RequestTimelinePage timeline,
      StatisticsPage statistics,
      AuditPage audit,
      StaffPages staff) {
    this.sessions = sessions;
    this.signIn = signIn;
    this.parties = parties;
    this.proposals = proposals;
    this.board = board;
    this.timeline = timeline;
    this.statistics = statistics;
    this.audit = audit;
    this.staff = staff;
  }

  RouterFunction<ServerResponse> router() {
    return RouterFunctions.route()
        .GET(
            "/console.css",
            r ->
                ServerResponse.ok()
                    .contentType(MediaType.parseMediaType("text/css;charset=UTF-8"))
                    .bodyValue(new ClassPathResource("console/console.css")))
        .GET(
            "/",
            r -> {
              Session s = ConsoleCaller.session(r);
              return Responses.redirect(s != null && s.signedIn() ? "/requests" : "/sign-in");
            })
        .add(signIn.routes())
        .add(parties.routes())
        .add(proposals.routes())
        .add(board.routes())
        .add(timeline.routes())
        .add(statistics.routes())
        .add(audit.routes())
        .add(staff.routes())
        .route(
            RequestPredicates.all(),
            r -> {
              throw new ConsoleRejectedException(
                  Code.NOT_FOUND, "there is no console page at this address");
            })
        .filter(this::filter)
        .build();
  }

  private Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
    HttpHeaders h = request.exchange().getResponse().getHeaders();
    h.set("Content-Security-Policy", CSP);
    h.set("X-Frame-Options", "DENY");
    h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Cache-Control", "no-store");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    HttpCookie cookie = request.cookies().getFirst(Responses.COOKIE);
    String id = cookie == null ? null : cookie.getValue();
    return Blocking.call(() -> id == null ? Optional.<Session>empty() : sessions.find(id))
        .flatMap(
            found -> {
              found.ifPresent(s -> request.attributes().put(ConsoleCaller.SESSION, s));
              if (!HttpMethod.POST.equals(request.method())) {
                return next.handle(request);
              }
              return request
                  .formData()
                  .flatMap(
                      form -> {
                        if (found.isEmpty()
                            || !CsrfToken.matches(found.get().csrfToken(), form.getFirst("csrf"))) {
                          return Mono.error(
                              new ConsoleRejectedException(
                                  Code.CSRF_MISMATCH,
                                  "this form has expired or did not come from the console;"
                                      + " go back, reload the page and try again"));
                        }
                        return next.handle(request);
                      });
            })
        .onErrorResume(e -> failure(request, e));
  }

  private Mono<ServerResponse> failure(ServerRequest request, Throwable error) {
    Throwable e = error;
    while ((e instanceof CommandExecutionException
            || e instanceof java.util.concurrent.ExecutionException
            || e instanceof java.util.concurrent.CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    Session session = ConsoleCaller.session(request);
    if (e instanceof ConsoleRejectedException r) {
      if (r.code() == Code.SIGN_IN_REQUIRED && HttpMethod.GET.equals(request.method())) {
        return Responses.redirect(
            session != null && session.stage() == Stage.PASSWORD_CHANGE ? "/password" : "/sign-in");
      }
      return problem(session, HttpStatus.valueOf(r.code().status()), r.getMessage());
    }
    if (e instanceof PartyRejectedException p) {
      return problem(session, HttpStatus.CONFLICT, p.getMessage());
    }
    if (e instanceof org.springframework.core.io.buffer.DataBufferLimitException) {
      return problem(
          session, HttpStatus.CONTENT_TOO_LARGE, "the form is larger than the console accepts");
    }
    if (e instanceof ResponseStatusException s) {
      HttpStatus status = HttpStatus.resolve(s.getStatusCode().value());
      if (status != null && status.is4xxClientError()) {
        return problem(
            session, status, "the console cannot answer this request: " + status.getReasonPhrase());
      }
    }
    String reference = UUID.randomUUID().toString().substring(0, 8);
    LOG.warn("console page {} failed (reference {})", request.path(), reference, e);
    return problem(
        session,
        HttpStatus.INTERNAL_SERVER_ERROR,
        "the console could not complete this (reference "
            + reference
            + "); nothing was changed unless a page said so");
  }

  private static Mono<ServerResponse> problem(Session session, HttpStatus status, String sentence) {
    Html body =
        Html.of(
            """
            <p class="problem" role="alert">{}</p>
            <p><a href="{}">Back</a></p>
            """,
            capitalise(sentence) + ".",
            session != null && session.signedIn() ? "/requests" : "/sign-in");
    return Responses.html(
        status, Layout.page(status.value() + " " + status.getReasonPhrase(), session, body));
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
