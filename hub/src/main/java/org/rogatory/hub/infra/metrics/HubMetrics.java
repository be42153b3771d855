package org.rogatory.hub.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.rogatory.hub.infra.mongo.StoreConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What operators watch, exported through Micrometer ({@code /actuator/prometheus} on the management
 * port): submissions, deliveries, retrievals, attachment bytes, refusals by error code, and how far
 * each event processor lags behind the event log. Counters are per node; sum them across nodes. No
 * metric carries a party, request or message id: tags are low-cardinality and reveal nothing of who
 * exchanges what.
 */
@Component
public class HubMetrics {
  private final MeterRegistry registry;
  private final EventLog log;
  private final TokenStore tokens;
  private final EventProcessingConfiguration processing;
  private final Counter submissions;
  private final Counter deliveries;
  private final Counter retrievals;
  private final Counter attachmentBytesIn;
  private final Counter attachmentBytesOut;
  private final Counter uploadsRemoved;
  private final Counter uploadBytesRemoved;

  HubMetrics(
      MeterRegistry registry,
      EventLog log,
      TokenStore tokens,
      EventProcessingConfiguration processing,
      StoreConfiguration.EmbeddedStore store) {
    this.registry = registry;
    this.log = log;
    this.tokens = tokens;
    this.processing = processing;
    this.submissions =
        Counter.builder("rogatory.submissions")
            .description("Envelopes accepted (a retried upload of the same envelope counts once)")
            .register(registry);
    this.deliveries =
        Counter.builder("rogatory.deliveries")
            .description("Envelopes downloaded by a recipient")
            .register(registry);
    this.retrievals =
        Counter.builder("rogatory.retrievals")
            .description("Retrievals (opened messages) confirmed by recipients")
            .register(registry);
    this.uploadsRemoved =
        Counter.builder("rogatory.attachment.uploads.removed")
            .description("Attachment uploads no message referenced, removed after the retention")
            .register(registry);
    this.uploadBytesRemoved =
        Counter.builder("rogatory.attachment.uploads.removed.bytes")
            .baseUnit("bytes")
            .description("Stored bytes of the attachment uploads removed as unused")
            .register(registry);
    this.attachmentBytesIn =
        Counter.builder("rogatory.attachment.bytes")
            .tag("direction", "in")
            .baseUnit("bytes")
            .description("Attachment bytes received")
            .register(registry);
    this.attachmentBytesOut =
        Counter.builder("rogatory.attachment.bytes")
            .tag("direction", "out")
            .baseUnit("bytes")
            .description("Attachment bytes sent")
            .register(registry);
    if (store.mongo() != null) {
      FunctionCounter.builder(
              "rogatory.store.commits", store, StoreConfiguration.EmbeddedStore::commits)
          .description(
              "Durable commits of the embedded store (group commits: each covers every write waiting for it)")
          .register(registry);
      if (store.bytesWritten() >= 0) {
        FunctionCounter.builder(
                "rogatory.store.written", store, StoreConfiguration.EmbeddedStore::bytesWritten)
            .baseUnit("bytes")
            .description(
                "Bytes the embedded store has written to its file: every page a commit rewrote")
            .register(registry);
      }
    }
    Gauge.builder("rogatory.eventlog.head", log, l -> l.knownHead())
        .description("Global sequence of the last event this node knows of")
        .register(registry);
  }

  /** Registers a lag gauge per event processor, once they are all configured. */
  @EventListener(ApplicationReadyEvent.class)
  void registerProcessorLag() {
    if (!(tokens instanceof MongoTokenStore store)) {
      return;
    }
    for (String name : processing.eventProcessors().keySet()) {
      Gauge.builder(
              "rogatory.processor.lag",
              store,
              s -> Math.max(0, log.knownHead() - s.lowestPosition(name)))
          .tag("processor", name)
          .description("Events in the log this processor has not handled yet (all nodes)")
          .register(registry);
    }
  }

  public void submission() {
    submissions.increment();
  }

  public void delivery() {
    deliveries.increment();
  }

  public void retrieval() {
    retrievals.increment();
  }

  public void attachmentBytesIn(long n) {
    attachmentBytesIn.increment(n);
  }

  public void attachmentBytesOut(long n) {
    attachmentBytesOut.increment(n);
  }

  /** An unused attachment upload of {@code storedBytes} was removed (AttachmentSweep). */
  public void uploadRemoved(long storedBytes) {
    uploadsRemoved.increment();
    uploadBytesRemoved.increment(storedBytes);
  }

  /** A refused or failed call, by its stable error code. */
  public void error(String code, int status) {
    registry
        .counter("rogatory.errors", "code", code, "status", Integer.toString(status))
        .increment();
  }
}
