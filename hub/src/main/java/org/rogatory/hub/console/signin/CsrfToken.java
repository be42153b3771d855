package org.rogatory.hub.console.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Synchronizer tokens: each session has a random token of its own, every form carries it in a
 * hidden field, and a POST whose field differs from its session's token is refused. SameSite=Strict
 * cookies already keep other sites' forms out; the token also covers browsers that ignore it.
 */
public final class CsrfToken {
  private CsrfToken() {}

  /** Whether {@code presented} is the session's token; compared in constant time. */
  public static boolean matches(String sessionToken, String presented) {
    if (sessionToken == null || presented == null || sessionToken.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        sessionToken.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
