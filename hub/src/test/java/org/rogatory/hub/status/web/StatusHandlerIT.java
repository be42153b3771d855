package org.rogatory.hub.status.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class StatusHandlerIT {

  @Autowired WebTestClient client;

  @Test
  void status_whenHubRuns_reportsUpAndProtocol() {
    client
        .get()
        .uri("/v1/status")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.protocol")
        .isEqualTo("rogatory-v1");
  }
}
