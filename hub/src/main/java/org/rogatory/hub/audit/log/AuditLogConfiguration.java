package org.rogatory.hub.audit.log;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
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
      @Value("${rogatory.log.publish-interval:1s}") Duration interval) {
    return new LogPublisher(events, store, key, clock, interval);
  }
}
