package org.rogatory.hub.infra.eventstore;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Retries a command that lost a race for its aggregate on another hub node.
 *
 * <p>Within one process Axon locks an aggregate while a command runs, so two commands on one
 * request never conflict. Across nodes nothing does: two nodes load the same request, both append
 * at its next sequence, and the store's unique key lets one win; the other command fails with a
 * {@code ConcurrencyException} (docs/decisions/0004). Nothing of the loser was stored, so it is
 * safe to run it again on the request as it now stands, which then accepts it or refuses it for a
 * domain reason. Without this, a load balancer spreading one request's calls over several nodes
 * turned about one submission in five into {@code 409 CONCURRENT_MODIFICATION} (MultiNodeIT). Only
 * lost races are retried; domain refusals and other failures are not.
 */
@Configuration(proxyBeanMethods = false)
class ConflictRetryConfiguration {

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService commandRetryExecutor() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "command-retry");
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  CommandGateway commandGateway(
      CommandBus commandBus,
      ScheduledExecutorService commandRetryExecutor,
      @Value("${rogatory.command.conflict-retries:8}") int retries) {
    return DefaultCommandGateway.builder()
        .commandBus(commandBus)
        .retryScheduler(
            ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                // Axon would retry every exception but its own non-transient ones, domain refusals
                // included: retry lost races only. Axon applies this to the failure and to each of
                // its causes, and gives up if any is "non-transient": a race is a
                // ConcurrencyException whose cause is the store's AggregateConflictException.
                .nonTransientFailurePredicate(
                    failure ->
                        !lostRace(failure) && !(failure instanceof AggregateConflictException))
                .backoffFactor(5)
                .maxRetryCount(retries)
                .build())
        .build();
  }

  private static boolean lostRace(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConcurrencyException) {
        return true;
      }
    }
    return false;
  }
}
