package org.rogatory.hub.infra.health;

import com.mongodb.client.MongoDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /actuator/health} on the management port checks: the store answers, and every event
 * processor runs without error. The details show the event log's head and the position each
 * processor has reached, so that an operator (or a test) can see whether projections are current.
 *
 * <p>{@code processorLag} answers the question for the whole deployment rather than this node: with
 * several nodes, a processor's segments may all be worked elsewhere. It reads every processor's
 * tokens from the store and is DOWN while any processor trails the log by more than {@code
 * rogatory.health.max-processor-lag} events (or has no token yet), so that a node whose read models
 * are far behind (a rebuild, a processor stuck on every node) takes no traffic. The readiness group
 * adds Spring's own readiness state, so a hub that is still starting is not sent traffic.
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

  @Bean
  HealthIndicator storeHealthIndicator(MongoDatabase database, EventLog log) {
    return () -> {
      try {
        Document reply = database.runCommand(new Document("ping", 1));
        return Health.up()
            .withDetail("database", database.getName())
            .withDetail("ping", reply.get("ok"))
            .withDetail("eventLogHead", log.head())
            .build();
      } catch (RuntimeException e) {
        // Name the failure but not its stack: health output is read by load balancers and people.
        return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
      }
    };
  }

  @Bean
  HealthIndicator processorLagHealthIndicator(
      EventLog log,
      TokenStore tokens,
      EventProcessingConfiguration processing,
      @Value("${rogatory.health.max-processor-lag:1000}") long maxLag) {
    return () -> {
      if (!(tokens instanceof MongoTokenStore store)) {
        return Health.unknown().build();
      }
      long head = log.knownHead();
      Map<String, Object> details = new LinkedHashMap<>();
      boolean healthy = true;
      for (var entry : processing.eventProcessors().entrySet()) {
        if (!(entry.getValue() instanceof StreamingEventProcessor)) {
          continue; // no token: it handles events as they are published
        }
        String name = entry.getKey();
        long position = store.lowestPosition(name);
        long lag = Math.max(0, head - position);
        boolean initialised = store.fetchSegments(name).length > 0;
        details.put(name, Map.of("position", position, "lag", lag, "initialised", initialised));
        healthy &= initialised && lag <= maxLag;
      }
      details.put("eventLogHead", head);
      details.put("maxLag", maxLag);
      return (healthy ? Health.up() : Health.down()).withDetails(details).build();
    };
  }

  @Bean
  HealthIndicator eventProcessorsHealthIndicator(EventProcessingConfiguration processing) {
    return () -> {
      Map<String, Object> details = new LinkedHashMap<>();
      boolean healthy = true;
      for (var entry : processing.eventProcessors().entrySet()) {
        if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
          continue;
        }
        boolean running = processor.isRunning() && !processor.isError();
        boolean caughtUp =
            processor.processingStatus().values().stream().allMatch(s -> s.isCaughtUp());
        // The last event handled (by the slowest segment), to compare with the store's head.
        long position =
            processor.processingStatus().values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1))
                .min()
                .orElse(-1);
        details.put(
            entry.getKey(),
            Map.of(
                "running", running,
                "caughtUp", caughtUp,
                "position", position,
                "segmentsClaimed", processor.processingStatus().size()));
        healthy &= running;
      }
      return (healthy ? Health.up() : Health.down()).withDetails(details).build();
    };
  }
}
