package org.rogatory.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The hub's entry point: the cooperation-request exchange over mutual TLS, on an event store on
 * MongoDB (the embedded durable store unless {@code MONGODB_URI} names one).
 */
@SpringBootApplication
public class RogatoryHub {

  /**
   * Axon's update checker reports usage to its vendor over the network. A confidential exchange
   * does not call home: it is switched off here, before Axon starts, unless an operator explicitly
   * set the property. Axon reads it as a JVM system property, not as a Spring property.
   */
  static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

  public static void main(String[] args) {
    if (System.getProperty(UPDATE_CHECKER_DISABLED) == null
        && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
      System.setProperty(UPDATE_CHECKER_DISABLED, "true");
    }
    SpringApplication.run(RogatoryHub.class, args);
  }
}
