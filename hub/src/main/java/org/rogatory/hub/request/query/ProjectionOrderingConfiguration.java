package org.rogatory.hub.request.query;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.SequencingPolicy;
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
 *
 * <p>That segment must be the same one in every hub process. A segment takes an event when the hash
 * of its sequence identifier falls in its mask, so the identifier must hash alike in every JVM:
 * Axon's own {@code SequentialPolicy} answers a plain {@code new Object()}, whose identity hash
 * differs from process to process, and with two nodes each could decide that the other's segment
 * owns the inboxes, leaving them unfed (found by {@code MultiNodeIT}). {@link #IN_LOG_ORDER} uses a
 * string, whose hash the Java language fixes.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionOrderingConfiguration {

  /** The sequence identifier of every inbox event: one value, hashed the same in every process. */
  static final String ONE_SEQUENCE = "inboxes-in-log-order";

  /** Every event in one sequence, the same one on every node. */
  static final SequencingPolicy<Object> IN_LOG_ORDER = event -> ONE_SEQUENCE;

  @Bean
  ConfigurerModule inboxesInGlobalOrder() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerSequencingPolicy(InboxProjection.PROCESSING_GROUP, c -> IN_LOG_ORDER);
  }
}
