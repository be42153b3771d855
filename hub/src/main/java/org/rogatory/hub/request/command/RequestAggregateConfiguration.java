package org.rogatory.hub.request.command;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Requests are snapshotted every 20 events. Every command loads its request from the latest
 * snapshot plus the events after it, and on the embedded store each of those events costs an index
 * lookup (with Java serialization of the key) and a JSON parse: with a snapshot every 250 events a
 * submission replayed 125 events on average, more than half of the hub's CPU per submission on
 * requests of a few hundred messages (docs/benchmarks.md, section Hub). A snapshot is one small
 * document of the request's state, written once per 20 commands.
 */
@Configuration(proxyBeanMethods = false)
class RequestAggregateConfiguration {

  @Bean
  SnapshotTriggerDefinition requestSnapshotTrigger(
      Snapshotter snapshotter, @Value("${rogatory.request.snapshot-every:20}") int every) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, every);
  }
}
