package org.rogatory.hub.audit.log;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.tls.HubPki;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the transparency log: its store, its key in the data folder, and the publisher. */
@Configuration(proxyBeanMethods = false)
public class AuditLogConfiguration {

  @Bean
  LogStore logStore(MongoDatabase database) {
    return new LogStore(database);
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
