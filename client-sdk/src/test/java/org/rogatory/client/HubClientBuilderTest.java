package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;

class HubClientBuilderTest {
  @TempDir Path dir;

  @Test
  void build_withoutRequiredSettings_saysWhichIsMissing() throws Exception {
    var ca = HubCertificateAuthority.create("CA", Duration.ofDays(1), Clock.systemUTC());
    assertThatThrownBy(() -> HubClient.builder().build()).hasMessage("hub must be set");
    assertThatThrownBy(() -> HubClient.builder().hub(URI.create("https://hub.example")).build())
        .hasMessageContaining("trustAnchor must be set");
    assertThatThrownBy(
            () ->
                HubClient.builder()
                    .hub(URI.create("http://hub.example"))
                    .trustAnchor(ca.certificate())
                    .build())
        .hasMessageContaining("https://");
    assertThatThrownBy(
            () ->
                HubClient.builder()
                    .hub(URI.create("https://hub.example"))
                    .trustAnchor(ca.certificate())
                    .build())
        .hasMessage("keyStore must be set");
    assertThatThrownBy(() -> HubClient.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_withAllSettings_givesAClientThatCloses() throws Exception {
    var ca = HubCertificateAuthority.create("CA", Duration.ofDays(1), Clock.systemUTC());
    try (DirectoryKeyStore store =
            DirectoryKeyStore.create(
                dir,
                PartyKeys.generator(PartyId.of("state.nl")).generate(),
                "passphrase".toCharArray(),
                KeyFilePreset.ARGON2ID_19MIB);
        HubClient client =
            HubClient.builder()
                .hub(URI.create("https://hub.example:8443/ignored/path"))
                .trustAnchor(ca.certificate())
                .keyStore(store)
                .retryPolicy(RetryPolicy.none())
                .build()) {
      assertThat(client.toString()).isEqualTo("HubClient[https://hub.example:8443/]");
    }
  }

  @Test
  void retryPolicy_rejectsNonsense_andCapsBackoff() {
    assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    RetryPolicy p = RetryPolicy.of(5, Duration.ofMillis(100), Duration.ofSeconds(1));
    for (int attempt = 1; attempt < 10; attempt++) {
      assertThat(p.backoff(attempt, null)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
    assertThat(p.backoff(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void requestAction_outcomeMustBeAnOutcome() {
    assertThatThrownBy(
            () -> RequestAction.reportOutcome(RequestStatus.OPEN, java.util.List.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            RequestAction.reportOutcome(RequestStatus.NOT_EXECUTED, java.util.List.of("r")).body())
        .containsEntry("outcome", "NOT_EXECUTED");
  }
}
