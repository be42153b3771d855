package org.rogatory.crypto;

/**
 * A capability token: methods that export secret key material require one, so that every such
 * export is easy to find ({@code grep insecureSecretAccess}) and review.
 */
public final class SecretKeyAccess {
  private static final SecretKeyAccess INSTANCE = new SecretKeyAccess();

  private SecretKeyAccess() {}

  /** Grants access; call only where exporting a secret is intended and protected. */
  public static SecretKeyAccess insecureSecretAccess() {
    return INSTANCE;
  }
}
