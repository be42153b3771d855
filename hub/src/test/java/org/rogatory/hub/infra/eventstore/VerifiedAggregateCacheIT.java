package org.rogatory.hub.infra.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rogatory.hub.infra.eventstore.StoredEventFixtures.domainEvent;
import static org.rogatory.hub.infra.eventstore.StoredEventFixtures.domainEvents;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.mongo.TestStore;

/**
 * The aggregate cache serves an entry only while no other writer has appended to its aggregate. A
 * second {@link EventLog} on the same store stands in for another hub process.
 */
class VerifiedAggregateCacheIT {
  @TempDir Path dir;
  TestStore store;
  EventLog here;
  EventLog otherProcess;
  VerifiedAggregateCache cache;

  @BeforeEach
  void open() throws Exception {
    store = TestStore.open(dir);
    here = new EventLog(store.database());
    otherProcess = new EventLog(store.database());
    cache = new VerifiedAggregateCache(here, 2);
  }

  @AfterEach
  void close() {
    here.close();
    otherProcess.close();
    store.close();
  }

  @Test
  void entry_isServed_whileThisProcessWroteTheAggregateLast() {
    here.append(domainEvents("r1", 0, 3));
    Object state = new Object();
    cache.put("r1", state);

    assertThat((Object) cache.get("r1")).isSameAs(state);
    here.append(List.of(domainEvent("r1", 3)));
    assertThat((Object) cache.get("r1")).isSameAs(state);
  }

  @Test
  void entry_isDropped_whenAnotherProcessAppendedToTheAggregate() {
    here.append(domainEvents("r1", 0, 3));
    cache.put("r1", new Object());

    otherProcess.append(List.of(domainEvent("r1", 3)));

    assertThat((Object) cache.get("r1")).isNull();
    assertThat(cache.containsKey("r1")).isFalse();
  }

  @Test
  void entry_isNotServed_forAnAggregateThisProcessNeverAppendedTo() {
    otherProcess.append(domainEvents("r2", 0, 2));
    cache.put("r2", new Object());

    assertThat((Object) cache.get("r2")).isNull();
  }

  @Test
  void otherAggregates_doNotInvalidateAnEntry() {
    here.append(domainEvents("r1", 0, 2));
    Object state = new Object();
    cache.put("r1", state);

    otherProcess.append(domainEvents("r3", 0, 2));

    assertThat((Object) cache.get("r1")).isSameAs(state);
  }

  @Test
  void leastRecentlyUsed_goesFirst_pastCapacity() {
    for (String id : List.of("a", "b", "c")) {
      here.append(List.of(domainEvent(id, 0)));
    }
    cache.put("a", "A");
    cache.put("b", "B");
    assertThat((Object) cache.get("a")).isEqualTo("A");
    cache.put("c", "C");

    assertThat(cache.containsKey("b")).isFalse();
    assertThat(cache.size()).isEqualTo(2);
  }
}
