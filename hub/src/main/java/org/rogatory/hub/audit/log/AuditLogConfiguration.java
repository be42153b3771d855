package org.rogatory.hub.audit.log;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.serialization.Serializer;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.hub.audit.evidence.MessageEvidence;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.tls.HubPki;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the transparency log (its store, its key in the data folder, the publisher) and evidence.
 */
@Configuration(proxyBeanMethods = false)
public class AuditLogConfiguration {

  @Bean
  LogStore logStore(MongoDatabase database) {
    return new LogStore(database);
  }

  @Bean
  CosignatureStore cosignatureStore(MongoDatabase database) {
    return new CosignatureStore(database);
  }

  @Bean
  LogSigningKey logSigningKey(
      @Value("${rogatory.data-dir:./data}") Path dataDir,
      @Value("${rogatory.log.origin:rogatory-hub.invalid/log}") String origin,
      HubPki pki)
      throws IOException, CryptoException {
    char[] password = pki.password();
    try {
      return LogKeys.openOrCreate(dataDir.resolve("log"), origin, password);
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  /**
   * How far the published log trails the event log ({@code rogatory_log_checkpoint_lag}: events
   * stored but not yet covered by a signed checkpoint), and whether this node is the publisher.
   */
  @Bean
  MeterBinder logMetrics(EventLog events, LogStore store, LogPublisher publisher) {
    return registry -> {
      Gauge.builder(
              "rogatory.log.checkpoint.lag",
              store,
              s -> {
                long covered = s.latest().map(LogStore.PublishedCheckpoint::size).orElse(0L);
                return Math.max(0, events.knownHead() + 1 - covered);
              })
          .description("Events stored but not yet covered by a published checkpoint")
          .register(registry);
      Gauge.builder("rogatory.log.publisher", publisher, p -> p.leading() ? 1 : 0)
          .description("1 on the node that holds the log publisher's lease, 0 on the others")
          .register(registry);
    };
  }

  @Bean
  MessageEvidence messageEvidence(
      EventLog events,
      LogStore store,
      LogSigningKey key,
      @Qualifier("eventSerializer") Serializer eventSerializer) {
    return new MessageEvidence(events, store, key, eventSerializer);
  }

  @Bean
  LogPublisher logPublisher(
      EventLog events,
      LogStore store,
      LogSigningKey key,
      Clock clock,
      MongoDatabase database,
      @Value("${rogatory.log.publish-interval:1s}") Duration interval,
      @Value("${rogatory.log.lease:10s}") Duration leaseDuration,
      @Value("${rogatory.node-id:}") String nodeId) {
    if (leaseDuration.compareTo(interval.multipliedBy(3)) < 0) {
      throw new IllegalStateException(
          "rogatory.log.lease must be at least three times rogatory.log.publish-interval");
    }
    // The lease is per process: a restarted node with a fixed node id takes its lease back at once.
    String node = nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId;
    return new LogPublisher(
        events,
        store,
        key,
        clock,
        interval,
        new PublisherLease(database, node, leaseDuration, clock));
  }
}
