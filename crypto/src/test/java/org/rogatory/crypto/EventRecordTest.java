package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The event chain hash of docs/spec/event-chain.md, pinned to values computed from the spec alone
 * (Python's hashlib and struct), so that a change of how it is computed cannot change what.
 */
class EventRecordTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void chainHash_ofTwoEvents_isTheSpecsValue_withAbsentFieldsDistinctFromEmpty() {
    EventRecord first =
        new EventRecord(
            "e-0",
            "CooperationRequest",
            "req-1",
            0,
            "2026-12-01T09:00:00.123456789Z",
            "org.rogatory.hub.request.api.RequestEvents$RequestOpenedEvent",
            "1",
            "{\"requestId\":\"req-1\"}".getBytes(StandardCharsets.UTF_8),
            "{}".getBytes(StandardCharsets.UTF_8));
    byte[] h0 = first.chainHash(0, EventRecord.genesis());
    assertThat(HEX.formatHex(h0))
        .isEqualTo("36800d530885e4ba3795399f4f93d8ee9553200ace083a79b42dc8839924fe04");

    EventRecord second =
        new EventRecord(
            "e-1",
            null,
            null,
            -1,
            "2026-12-01T09:00:01Z",
            "x.Y",
            null,
            new byte[0],
            "{\"k\":\"é\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(HEX.formatHex(second.chainHash(1, h0)))
        .isEqualTo("fe4225ed8047168546c33737fb405c562c55ef2372f064b99cbb809911020dee");
  }

  @Test
  void chainHash_withAPredecessorThatIsNot32Bytes_throws() {
    EventRecord e = new EventRecord("e", null, null, -1, "t", "T", null, new byte[0], new byte[0]);
    assertThatThrownBy(() -> e.chainHash(0, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
