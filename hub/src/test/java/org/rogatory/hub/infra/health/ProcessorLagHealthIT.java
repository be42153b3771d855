package org.rogatory.hub.infra.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.mongo.TestStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The readiness component that speaks for the whole deployment: each processor's position read from
 * the shared token store, UP while none trails the log by more than the allowed lag.
 */
class ProcessorLagHealthIT {
  @TempDir Path dir;
  TestStore mongo;
  EventLog log;
  MongoTokenStore tokens;
  EventProcessingConfiguration processing;

  @BeforeEach
  void open() throws Exception {
    mongo = TestStore.open(dir);
    log = new EventLog(mongo.database());
    tokens =
        new MongoTokenStore(
            mongo.database(),
            JacksonSerializer.defaultSerializer(),
            "node-x",
            Duration.ofSeconds(10),
            Clock.systemUTC());
    processing = mock(EventProcessingConfiguration.class);
    Map<String, EventProcessor> processors =
        Map.of(
            "views", mock(TrackingEventProcessor.class),
            "inboxes", mock(TrackingEventProcessor.class));
    when(processing.eventProcessors()).thenReturn(processors);
    for (int i = 0; i < 10; i++) {
      log.append(
          List.of(
              StoredEvent.unsequenced(
                  UUID.randomUUID().toString(),
                  "CooperationRequest",
                  UUID.randomUUID().toString(),
                  0,
                  "2026-11-23T12:00:00.123456Z",
                  "org.rogatory.hub.request.api.RequestOpenedEvent",
                  "1",
                  "{}".getBytes(StandardCharsets.UTF_8),
                  "{}".getBytes(StandardCharsets.UTF_8))));
    }
  }

  @AfterEach
  void close() {
    log.close();
    mongo.close();
  }

  private Health health(long maxLag) {
    return new HealthConfiguration()
        .processorLagHealthIndicator(log, tokens, processing, maxLag)
        .health();
  }

  @Test
  void processorsWithinTheAllowedLag_areUp_withTheirPositionAndLag() {
    tokens.initializeTokenSegments("views", 2, new GlobalSequenceTrackingToken(9));
    tokens.initializeTokenSegments("inboxes", 1, new GlobalSequenceTrackingToken(6));
    Health h = health(5);
    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails().get("eventLogHead")).isEqualTo(9L);
    assertThat(h.getDetails().get("inboxes"))
        .isEqualTo(Map.of("position", 6L, "lag", 3L, "initialised", true));
  }

  @Test
  void aProcessorTooFarBehind_isDown_whicheverNodeWorksIt() {
    tokens.initializeTokenSegments("views", 1, new GlobalSequenceTrackingToken(9));
    tokens.initializeTokenSegments("inboxes", 1, new GlobalSequenceTrackingToken(2));
    assertThat(health(5).getStatus()).isEqualTo(Status.DOWN);
    assertThat(health(7).getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void aProcessorWithoutTokens_isDown() {
    tokens.initializeTokenSegments("views", 1, new GlobalSequenceTrackingToken(9));
    Health h = health(1000);
    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
    assertThat(h.getDetails().get("inboxes"))
        .isEqualTo(Map.of("position", -1L, "lag", 10L, "initialised", false));
  }
}
