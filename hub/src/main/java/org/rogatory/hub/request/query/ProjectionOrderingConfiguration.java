package org.rogatory.hub.request.query;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order each read model needs when its processor is split into segments (several threads, or
 * several hub nodes each claiming a segment).
 *
 * <p>Request views are per request: Axon's default, one sequence per aggregate, lets segments work
 * on different requests at once. Inboxes are not: a party's inbox numbers the messages of all its
 * requests in global order, and its head document skips any event at or below the last one applied.
 * Two segments appending to the same inbox would both read count {@code n}, and one of the two
 * messages would be dropped as "already applied". So every inbox event goes to one segment, in log
 * order, however many segments the processor has.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionOrderingConfiguration {

  @Bean
  ConfigurerModule inboxesInGlobalOrder() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerSequencingPolicy(
                InboxProjection.PROCESSING_GROUP, c -> new SequentialPolicy());
  }
}
