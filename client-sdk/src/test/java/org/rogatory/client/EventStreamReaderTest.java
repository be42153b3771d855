package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

  private static EventStreamReader reader(String text) {
    return new EventStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void next_skipsCommentsAndReadsIdOnlyBlocksAndEvents() throws IOException {
    EventStreamReader r =
        reader(
            ":connected\nid:41\n\n:heartbeat\n\nid: 42\nevent: request-opened\n"
                + "data:{\"a\":1}\n\n");
    assertThat(r.next()).isEqualTo(new EventStreamReader.Event("41", "message", null));
    assertThat(r.next())
        .isEqualTo(new EventStreamReader.Event("42", "request-opened", "{\"a\":1}"));
    assertThat(r.next()).isNull();
  }

  @Test
  void next_withCrLfAndCrAndMultiLineData_joinsWithLf() throws IOException {
    EventStreamReader r = reader("id:7\r\ndata:one\rdata: two\r\n\r\n");
    assertThat(r.next()).isEqualTo(new EventStreamReader.Event("7", "message", "one\ntwo"));
    assertThat(r.next()).isNull();
  }

  @Test
  void next_withUnterminatedLastBlock_discardsIt() throws IOException {
    assertThat(reader("id:9\ndata:cut off").next()).isNull();
  }

  @Test
  void next_withEndlessLine_throwsInsteadOfGrowing() {
    String longLine = "data:" + "x".repeat(EventStreamReader.MAX_LINE + 10) + "\n\n";
    assertThatThrownBy(() -> reader(longLine).next()).isInstanceOf(IOException.class);
  }
}
