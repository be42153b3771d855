package org.rogatory.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The hub's entry point.
 *
 * <p>Until the hub issue lands this application only serves its status endpoint; the event store,
 * the cooperation-request domain and the party API come with that issue.
 */
@SpringBootApplication
public class RogatoryHub {

  public static void main(String[] args) {
    // Axon's update checker reads a JVM system property or an environment variable, never Spring's
    // configuration, so axoniq.update-checker.disabled in application.yml alone leaves it on and
    // the hub reports to AxonIQ on every start. An operator's explicit setting still wins.
    if (System.getProperty("axoniq.update-checker.disabled") == null
        && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
      System.setProperty("axoniq.update-checker.disabled", "true");
    }
    SpringApplication.run(RogatoryHub.class, args);
  }
}
