package org.rogatory.hub.console.signin;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.PasswordHash;
import org.rogatory.crypto.PasswordHashPreset;
import org.rogatory.hub.console.api.ConsoleCommands.LockStaffAccountCommand;
import org.rogatory.hub.console.api.ConsoleCommands.RecordStaffPasswordChangeCommand;
import org.rogatory.hub.console.api.ConsoleCommands.RecordStaffSignInCommand;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;
import org.rogatory.hub.console.signin.ConsoleSessions.Stage;
import org.rogatory.hub.console.signin.StaffCredentials.Credential;
import org.springframework.stereotype.Component;

/**
 * Signing in to the console: a password, then a TOTP code, each step rate-limited per source
 * address and counted towards the account's lock-out. Blocking (Argon2id and the store): call off
 * the event loop.
 *
 * <p>This is the seam for single sign-on: an OIDC sign-in would end where {@link #secondFactor}
 * ends, by starting a {@link Stage#SIGNED_IN} session for a staff member the identity provider
 * vouched for.
 */
@Component
public class SignIn {
  public static final int MIN_PASSWORD_LENGTH = 12;
  private static final String REFUSED = "the user name or password is wrong";
  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final StaffCredentials credentials;
  private final ConsoleSessions sessions;
  private final CommandGateway commands;
  private final Clock clock;
  private final SignInRateLimit rateLimit;
  private final String decoyHash;

  SignIn(
      StaffCredentials credentials,
      ConsoleSessions sessions,
      CommandGateway commands,
      Clock clock) {
    this.credentials = credentials;
    this.sessions = sessions;
    this.commands = commands;
    this.clock = clock;
    this.rateLimit = new SignInRateLimit(clock);
    this.decoyHash =
        PasswordHash.hash("a decoy, so unknown names cost the same".toCharArray(), preset());
  }

  static PasswordHashPreset preset() {
    return PasswordHashPreset.ARGON2ID_19MIB_T2;
  }

  /** The first step; on success a {@link Stage#SECOND_FACTOR} session replaces {@code current}. */
  public Session password(Session current, String username, char[] password, String address) {
    limit(address);
    Credential c = username == null ? null : credentials.find(username);
    if (c == null) {
      try {
        PasswordHash.verify(password, decoyHash);
      } catch (CryptoException expected) {
        // the decoy never matches what a person types; the point is the time spent
      }
      throw new ConsoleRejectedException(Code.SIGN_IN_FAILED, REFUSED);
    }
    refuseIfLocked(c);
    try {
      PasswordHash.verify(password, c.passwordHash());
    } catch (CryptoException e) {
      fail(c, REFUSED);
    }
    return sessions.start(current, Stage.SECOND_FACTOR, c.username(), c.role());
  }

  /** The second step; on success the staff member is signed in (or must change the password). */
  public Session secondFactor(Session current, String code, String address) {
    limit(address);
    if (current == null || current.stage() != Stage.SECOND_FACTOR) {
      throw new ConsoleRejectedException(
          Code.SIGN_IN_REQUIRED, "your sign-in has expired; enter your password again");
    }
    Credential c = credentials.find(current.username());
    if (c == null) {
      throw new ConsoleRejectedException(Code.SIGN_IN_FAILED, REFUSED);
    }
    refuseIfLocked(c);
    Instant now = clock.instant();
    long step = Totp.matchingStep(Totp.fromBase32(c.totpSecret()), code, now, c.lastTotpStep());
    if (step < 0 || !credentials.useTotpStep(c.username(), step)) {
      fail(c, "the code is wrong or was used already; wait for the next code and try again");
    }
    credentials.saveLockout(c.username(), LockoutPolicy.afterSuccess());
    commands.sendAndWait(new RecordStaffSignInCommand(c.username(), now));
    return sessions.start(
        current,
        c.mustChangePassword() ? Stage.PASSWORD_CHANGE : Stage.SIGNED_IN,
        c.username(),
        c.role());
  }

  /** Replaces the password (the one-time one after an account was created, or any time). */
  public Session changePassword(
      Session current, char[] oldPassword, char[] newPassword, char[] repeated) {
    if (current == null
        || !(current.stage() == Stage.PASSWORD_CHANGE || current.stage() == Stage.SIGNED_IN)) {
      throw new ConsoleRejectedException(Code.SIGN_IN_REQUIRED, "sign in first");
    }
    if (newPassword.length < MIN_PASSWORD_LENGTH) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT,
          "the new password must have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (!java.util.Arrays.equals(newPassword, repeated)) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT, "the new password and its repetition differ");
    }
    Credential c = credentials.find(current.username());
    try {
      PasswordHash.verify(oldPassword, c.passwordHash());
    } catch (CryptoException e) {
      throw new ConsoleRejectedException(Code.SIGN_IN_FAILED, "the current password is wrong");
    }
    if (java.util.Arrays.equals(oldPassword, newPassword)) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT, "choose a new password different from the current one");
    }
    credentials.changePassword(c.username(), PasswordHash.hash(newPassword, preset()));
    commands.sendAndWait(new RecordStaffPasswordChangeCommand(c.username(), clock.instant()));
    return sessions.start(current, Stage.SIGNED_IN, c.username(), c.role());
  }

  private void limit(String address) {
    if (!rateLimit.tryAcquire(address == null ? "unknown" : address)) {
      throw new ConsoleRejectedException(
          Code.TOO_MANY_ATTEMPTS,
          "too many sign-in attempts from your address; wait a few minutes and try again");
    }
  }

  private void refuseIfLocked(Credential c) {
    if (LockoutPolicy.isLocked(c.lockout(), clock.instant())) {
      throw new ConsoleRejectedException(
          Code.ACCOUNT_LOCKED,
          "this account is locked after repeated failed sign-ins; try again after "
              + HHMM.format(c.lockout().lockedUntil()));
    }
  }

  private void fail(Credential c, String sentence) {
    Instant now = clock.instant();
    LockoutPolicy.State next = LockoutPolicy.afterFailure(c.lockout(), now);
    credentials.saveLockout(c.username(), next);
    if (LockoutPolicy.isLocked(next, now) && !LockoutPolicy.isLocked(c.lockout(), now)) {
      commands.sendAndWait(new LockStaffAccountCommand(c.username(), next.lockedUntil(), now));
    }
    throw new ConsoleRejectedException(Code.SIGN_IN_FAILED, sentence);
  }
}
