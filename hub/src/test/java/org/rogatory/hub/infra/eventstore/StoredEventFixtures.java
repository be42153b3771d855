package org.rogatory.hub.infra.eventstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

final class StoredEventFixtures {
  private StoredEventFixtures() {}

  static StoredEvent domainEvent(String aggregateId, long sequence) {
    return StoredEvent.unsequenced(
        UUID.randomUUID().toString(),
        "CooperationRequest",
        aggregateId,
        sequence,
        "2026-11-22T10:00:00.123456Z",
        "org.rogatory.hub.request.api.RequestOpenedEvent",
        "1",
        ("{\"requestId\":\"" + aggregateId + "\",\"n\":" + sequence + "}")
            .getBytes(StandardCharsets.UTF_8),
        "{}".getBytes(StandardCharsets.UTF_8));
  }

  static StoredEvent plainEvent() {
    return StoredEvent.unsequenced(
        UUID.randomUUID().toString(),
        null,
        null,
        -1,
        "2026-11-22T10:00:00Z",
        "org.rogatory.hub.request.api.RequestEscalatedEvent",
        null,
        "{}".getBytes(StandardCharsets.UTF_8),
        "{}".getBytes(StandardCharsets.UTF_8));
  }

  static List<StoredEvent> domainEvents(String aggregateId, long from, int count) {
    List<StoredEvent> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(domainEvent(aggregateId, from + i));
    }
    return out;
  }
}
