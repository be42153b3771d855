package org.rogatory.hub.infra.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BlobIdsTest {

  @Test
  void ids_areVersion7Uuids_thatSortByTheirMillisecond_andDoNotRepeat() throws Exception {
    Set<String> seen = new HashSet<>();
    String previous = null;
    for (int i = 0; i < 20; i++) {
      String id = BlobIds.next();
      UUID parsed = UUID.fromString(id);
      assertThat(parsed.toString()).isEqualTo(id);
      assertThat(parsed.version()).isEqualTo(7);
      assertThat(parsed.variant()).isEqualTo(2);
      long millis = parsed.getMostSignificantBits() >>> 16;
      assertThat(millis)
          .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
      if (previous != null) {
        assertThat(id).as("an id of a later millisecond sorts later").isGreaterThan(previous);
      }
      assertThat(seen.add(id)).isTrue();
      previous = id;
      Thread.sleep(2);
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(BlobIds.next())).as("no repeats within a millisecond").isTrue();
    }
  }
}
