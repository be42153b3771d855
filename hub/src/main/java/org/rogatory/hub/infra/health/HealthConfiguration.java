package org.rogatory.hub.infra.health;

import com.mongodb.client.MongoDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /actuator/health} on the management port checks: the store answers, and every event
 * processor runs without error. The details show the event log's head and the position each
 * processor has reached, so that an operator (or a test) can see whether projections are current.
 * The readiness group adds Spring's own readiness state, so a hub that is still starting is not
 * sent traffic.
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
