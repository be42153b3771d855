package org.rogatory.hub.infra.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Wires Axon to Rogatory's event log, token store and JSON serialization. */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  private static JacksonSerializer jackson() {
    return jackson(false);
  }

  /**
   * JSON for events, messages and tokens; snapshots also see private fields, because they serialise
   * aggregate state that has no getters.
   */
  private static JacksonSerializer jackson(boolean fields) {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    if (fields) {
      mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    }
    // No default typing: polymorphic deserialisation of stored data is an attack surface.
    return JacksonSerializer.builder().objectMapper(mapper).build();
  }

  @Bean
  @Primary
  Serializer serializer() {
    return jackson(true);
  }

  @Bean
  @Qualifier("eventSerializer")
  Serializer eventSerializer() {
    return jackson();
  }

  @Bean
  @Qualifier("messageSerializer")
  Serializer messageSerializer() {
    return jackson();
  }

  @Bean(destroyMethod = "close")
  EventLog eventLog(MongoDatabase database) {
    return new EventLog(database);
  }

  /**
   * The cache of recently saved aggregates that commands use instead of reloading them, each entry
   * verified against the store before use (see {@link VerifiedAggregateCache}). Sized in
   * aggregates; a request's state is a few hundred bytes plus about 100 per message.
   */
  @Bean
  VerifiedAggregateCache aggregateCache(
      EventLog log, @Value("${rogatory.aggregate-cache.size:2000}") int size) {
    return new VerifiedAggregateCache(log, size);
  }

  @Bean
  EventStorageEngine eventStorageEngine(
      EventLog log,
      MongoDatabase database,
      Serializer serializer,
      @Qualifier("eventSerializer") Serializer eventSerializer) {
    return ChainedMongoEventStorageEngine.builder()
        .eventLog(log)
        .database(database)
        .snapshotSerializer(serializer)
        .eventSerializer(eventSerializer)
        .build();
  }

  @Bean
  TokenStore tokenStore(
      MongoDatabase database,
      Serializer serializer,
      Clock clock,
      @Value("${rogatory.node-id:}") String nodeId,
      @Value("${rogatory.token-claim-timeout:10s}") Duration claimTimeout) {
    String owner = nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId;
    return new MongoTokenStore(database, serializer, owner, claimTimeout, clock);
  }
}
