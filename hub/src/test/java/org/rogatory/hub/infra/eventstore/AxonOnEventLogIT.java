package org.rogatory.hub.infra.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class AxonOnEventLogIT {
  @Autowired EventStore eventStore;
  @Autowired EventLog log;

  record SomethingHappenedEvent(String what) {}

  @Test
  void axonEventStore_publishesIntoTheChainedLog_andStreamsBackWithGlobalTokens() {
    long before = log.head();
    eventStore.publish(
        GenericEventMessage.asEventMessage(new SomethingHappenedEvent("one")),
        GenericEventMessage.asEventMessage(new SomethingHappenedEvent("two")));

    List<? extends TrackedEventMessage<?>> read;
    try (var stream = eventStore.openStream(null)) {
      read =
          java.util.stream.Stream.generate(
                  () -> {
                    try {
                      return stream.nextAvailable();
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .limit(before + 3)
              .collect(Collectors.toList());
    }
    TrackedEventMessage<?> last = read.get(read.size() - 1);
    assertThat(last.getPayload()).isEqualTo(new SomethingHappenedEvent("two"));
    assertThat(last.trackingToken().position()).hasValue(before + 2);
    assertThat(ChainVerification.verify(log).intact()).isTrue();
  }
}
