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
    SpringApplication.run(RogatoryHub.class, args);
  }
}
