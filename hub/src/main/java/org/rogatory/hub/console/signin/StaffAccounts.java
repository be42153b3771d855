package org.rogatory.hub.console.signin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.rogatory.crypto.PasswordHash;
import org.rogatory.hub.console.api.ConsoleCommands.CreateStaffAccountCommand;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;
import org.rogatory.hub.console.api.StaffRole;
import org.springframework.stereotype.Component;

/**
 * Creates staff accounts: a generated one-time password (to be replaced at first sign-in) and a
 * TOTP secret, both shown once to whoever creates the account and never again. Blocking.
 */
@Component
public class StaffAccounts {
  static final String ISSUER = "Rogatory console";
  private static final char[] ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StaffCredentials credentials;
  private final CommandGateway commands;
  private final Clock clock;

  /** What a new staff member needs for a first sign-in; shown once. */
  public record NewAccount(
      String username, StaffRole role, String oneTimePassword, String totpSecret, String otpauth) {
    @Override
    public String toString() {
      return "NewAccount[" + username + ", " + role + ", secrets [REDACTED]]";
    }
  }

  /** A staff member as listed in the console. */
  public record Member(String username, StaffRole role, Instant createdAt, Instant lockedUntil) {}

  StaffAccounts(StaffCredentials credentials, CommandGateway commands, Clock clock) {
    this.credentials = credentials;
    this.commands = commands;
    this.clock = clock;
  }

  public NewAccount create(String username, StaffRole role, String by) {
    if (username == null || !username.matches("[a-z][a-z0-9._-]{1,62}")) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT,
          "a user name has 2 to 63 characters: lower-case letters, digits, '.', '_' or '-',"
              + " starting with a letter");
    }
    if (role == null) {
      throw new ConsoleRejectedException(Code.INVALID_INPUT, "choose a role");
    }
    char[] password = new char[20];
    for (int i = 0; i < password.length; i++) {
      password[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    byte[] secret = Totp.newSecret();
    Instant now = clock.instant();
    if (!credentials.insert(
        username, role, PasswordHash.hash(password, SignIn.preset()), Totp.base32(secret), now)) {
      throw new ConsoleRejectedException(
          Code.ALREADY_EXISTS, "a staff account named " + username + " exists already");
    }
    commands.sendAndWait(new CreateStaffAccountCommand(username, role, by, now));
    return new NewAccount(
        username,
        role,
        new String(password),
        Totp.base32(secret),
        Totp.uri(ISSUER, username, secret));
  }

  public boolean anyAdministrator() {
    return credentials.anyWithRole(StaffRole.ADMINISTRATOR);
  }

  public List<Member> list() {
    return credentials.list().stream()
        .map(m -> new Member(m.username(), m.role(), m.createdAt(), m.lockedUntil()))
        .toList();
  }
}
