package org.rogatory.hub.console.web;

import java.net.URI;
import java.time.Duration;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** How console pages answer: HTML, or a redirect after a form (303, Post/Redirect/Get). */
final class Responses {
  /**
   * The {@code __Host-} prefix makes the browser insist on Secure, Path=/ and no Domain, so no
   * other host or path can set or shadow the cookie.
   */
  static final String COOKIE = "__Host-rogatory-console";

  private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

  private Responses() {}

  static Mono<ServerResponse> html(HttpStatus status, Html page) {
    return ServerResponse.status(status).contentType(HTML).bodyValue(page.text());
  }

  static Mono<ServerResponse> html(HttpStatus status, Html page, Session newSession) {
    return ServerResponse.status(status)
        .contentType(HTML)
        .cookie(cookie(newSession))
        .bodyValue(page.text());
  }

  static Mono<ServerResponse> redirect(String path) {
    return ServerResponse.seeOther(URI.create(path)).build();
  }

  static Mono<ServerResponse> redirect(String path, Session newSession) {
    return ServerResponse.seeOther(URI.create(path)).cookie(cookie(newSession)).build();
  }

  static Mono<ServerResponse> redirectClearingSession(String path) {
    return ServerResponse.seeOther(URI.create(path))
        .cookie(base("").maxAge(Duration.ZERO).build())
        .build();
  }

  private static ResponseCookie cookie(Session session) {
    return base(session.id()).build();
  }

  private static ResponseCookie.ResponseCookieBuilder base(String value) {
    return ResponseCookie.from(COOKIE, value)
        .httpOnly(true)
        .secure(true)
        .sameSite("Strict")
        .path("/");
  }
}
