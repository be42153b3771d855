package org.rogatory.hub.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void of_plainArgument_isEscaped() {
    assertThat(Html.of("<td>{}</td>", "<script>alert('x')</script> & \"q\"").text())
        .isEqualTo("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</td>");
  }

  @Test
  void of_htmlArgument_isKeptAsBuilt() {
    assertThat(Html.of("<p>{}</p>", Html.of("<b>{}</b>", "<i>")).text())
        .isEqualTo("<p><b>&lt;i&gt;</b></p>");
  }

  @Test
  void of_argumentCountMismatch_throws() {
    assertThatThrownBy(() -> Html.of("{}{}", "one")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Html.of("{}", "one", "two"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
