package org.rogatory.hub.console.signin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.rogatory.hub.console.api.StaffRole;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar rogatory-hub.jar console-bootstrap --user NAME [spring options]}: creates the
 * console's first administrator and prints their one-time password and TOTP secret once. Refuses
 * when an administrator exists: later accounts are created in the console, by an administrator.
 * Runs the hub's context without its servers, on the same data directory or MongoDB, so with the
 * embedded store the hub must be stopped first.
 */
public final class ConsoleBootstrap {
  static final String COMMAND = "console-bootstrap";

  private ConsoleBootstrap() {}

  public static boolean isCommand(String[] args) {
    return args.length > 0 && COMMAND.equals(args[0]);
  }

  /** Creates the first administrator; null (and nothing created) if an administrator exists. */
  public static StaffAccounts.NewAccount firstAdministrator(StaffAccounts accounts, String user) {
    if (accounts.anyAdministrator()) {
      return null;
    }
    return accounts.create(user, StaffRole.ADMINISTRATOR, COMMAND);
  }

  /** Runs the command; returns the process exit status. */
  public static int run(Class<?> application, String[] args, PrintStream out) {
    String user = null;
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--user") && i + 1 < args.length) {
        user = args[++i];
      } else {
        rest.add(args[i]);
      }
    }
    if (user == null) {
      out.println("usage: " + COMMAND + " --user NAME [--rogatory.data-dir=DIR ...]");
      return 2;
    }
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(application)
            .web(WebApplicationType.NONE)
            .properties("rogatory.console.enabled=false")
            .run(rest.toArray(String[]::new))) {
      StaffAccounts.NewAccount created =
          firstAdministrator(context.getBean(StaffAccounts.class), user);
      if (created == null) {
        out.println(
            "An administrator exists already; sign in to the console and create further"
                + " accounts there.");
        return 1;
      }
      out.println("Created the console administrator " + created.username() + ".");
      out.println("One-time password (shown once; replace it at first sign-in):");
      out.println("  " + created.oneTimePassword());
      out.println("Second factor: add this to an authenticator app (TOTP, SHA-1, 6 digits, 30 s):");
      out.println("  " + created.otpauth());
      out.println("  secret: " + created.totpSecret());
      return 0;
    }
  }
}
