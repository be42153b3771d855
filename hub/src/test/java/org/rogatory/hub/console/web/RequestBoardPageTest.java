package org.rogatory.hub.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.console.api.ConsoleRejectedException;

class RequestBoardPageTest {
  @Test
  void cursor_textAndParse_roundTrip() {
    RequestBoardPage.Cursor c =
        new RequestBoardPage.Cursor(Instant.parse("2026-12-04T10:15:30.123Z"), "req-~42");
    assertThat(c.text()).isEqualTo("1796379330123~req-~42");
    assertThat(RequestBoardPage.Cursor.parse(c.text())).isEqualTo(c);
  }

  @Test
  void cursor_blank_isTheFirstPage() {
    assertThat(RequestBoardPage.Cursor.parse("  ")).isNull();
  }

  @Test
  void cursor_malformed_isA400WithASentence() {
    for (String bad : new String[] {"x~req", "~req", "123~", "123", "9".repeat(30) + "~r"}) {
      assertThatThrownBy(() -> RequestBoardPage.Cursor.parse(bad))
          .as(bad)
          .isInstanceOf(ConsoleRejectedException.class)
          .hasMessageContaining("start again from the newest requests");
    }
  }
}
