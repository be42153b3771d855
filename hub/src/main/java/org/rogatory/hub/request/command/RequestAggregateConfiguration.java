package org.rogatory.hub.request.command;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Long-lived requests (tens of messages each) are snapshotted every few hundred events. */
@Configuration(proxyBeanMethods = false)
class RequestAggregateConfiguration {

  @Bean
  SnapshotTriggerDefinition requestSnapshotTrigger(
      Snapshotter snapshotter, @Value("${rogatory.request.snapshot-every:250}") int every) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, every);
  }
}
