package org.rogatory.hub.console.web;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Who is calling a console page: their session (set by the routes' filter) and address. */
final class ConsoleCaller {
  static final String SESSION = "rogatory.console.session";

  private ConsoleCaller() {}

  /** The caller's live session, or null. */
  static Session session(ServerRequest request) {
    return (Session) request.attributes().get(SESSION);
  }

  /** The signed-in caller, who must hold one of {@code roles} (any role if none are given). */
  static Session require(ServerRequest request, StaffRole... roles) {
    Session s = session(request);
    if (s == null || !s.signedIn()) {
      throw new ConsoleRejectedException(Code.SIGN_IN_REQUIRED, "sign in to see this page");
    }
    if (roles.length > 0 && !Arrays.asList(roles).contains(s.role())) {
      throw new ConsoleRejectedException(
          Code.FORBIDDEN,
          "your role ("
              + s.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + ") does not allow this; ask an administrator");
    }
    return s;
  }

  static String address(ServerRequest request) {
    return request
        .remoteAddress()
        .map(InetSocketAddress::getAddress)
        .map(a -> a.getHostAddress())
        .orElse("unknown");
  }

  /** Waits until an asynchronous read model shows a change just recorded. */
  static void awaitVisible(BooleanSupplier condition) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new ConsoleRejectedException(
            Code.NOT_VISIBLE_YET,
            "the change was recorded but is not visible yet; reload the page in a moment");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConsoleRejectedException(Code.NOT_VISIBLE_YET, "interrupted; reload the page");
      }
    }
  }
}
