package org.rogatory.hub;

import org.rogatory.hub.console.signin.ConsoleBootstrap;
import org.rogatory.hub.infra.replay.ReplayCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The hub's entry point: the cooperation-request exchange over mutual TLS, on an event store on
 * MongoDB (the embedded durable store unless {@code MONGODB_URI} names one), and the Court staff
 * console on a port of its own. {@code console-bootstrap --user NAME} as the first argument creates
 * the console's first administrator instead of starting the hub; {@code replay --compare} rebuilds
 * the read models from the history and compares them with the live ones.
 */
@SpringBootApplication
public class RogatoryHub {

  /**
   * Axon's update checker reports usage to its vendor over the network. A confidential exchange
   * does not call home: it is switched off here, before Axon starts, unless an operator explicitly
   * set the property. Axon reads it as a JVM system property, not as a Spring property.
   */
  static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

  public static void main(String[] args) throws Exception {
    if (System.getProperty(UPDATE_CHECKER_DISABLED) == null
        && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
      System.setProperty(UPDATE_CHECKER_DISABLED, "true");
    }
    if (ConsoleBootstrap.isCommand(args)) {
      System.exit(ConsoleBootstrap.run(RogatoryHub.class, args, System.out));
    }
    if (ReplayCommand.isCommand(args)) {
      System.exit(ReplayCommand.run(RogatoryHub.class, args, System.out));
    }
    SpringApplication.run(RogatoryHub.class, args);
  }
}
