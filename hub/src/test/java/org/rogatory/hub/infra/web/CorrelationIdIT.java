package org.rogatory.hub.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Structured JSON logs (ECS) with a correlation id per API call: the id comes back in a header and
 * in error bodies, each call's access line carries it as a field of its own, and neither the access
 * lines nor anything else logged while the calls ran shows a secret.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "logging.structured.format.console=ecs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class CorrelationIdIT extends HubTestBase {

  @BeforeAll
  void connect() throws Exception {
    connectAdministrator();
  }

  private static Response get(HubApiClient client, String path, String correlationId)
      throws Exception {
    var request = client.request(path).GET();
    if (correlationId != null) {
      request.header("X-Correlation-Id", correlationId);
    }
    return client.send(request);
  }

  /** The JSON log lines that carry {@code id} as their correlation id (waits for them briefly). */
  private static List<JsonNode> linesWith(CapturedOutput output, String id) throws Exception {
    long until = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<JsonNode> found = new ArrayList<>();
      for (String line : output.getOut().split("\n")) {
        if (line.startsWith("{") && line.contains(id)) {
          JsonNode json = HubApiClient.JSON.readTree(line);
          if (id.equals(json.path("correlationId").asText())) {
            found.add(json);
          }
        }
      }
      if (!found.isEmpty() || System.nanoTime() > until) {
        return found;
      }
      Thread.sleep(50);
    }
  }

  @Test
  void offeredId_isEchoed_andLoggedAsAFieldOfTheAccessLine(CapturedOutput output) throws Exception {
    String id = "test-" + UUID.randomUUID();
    Response r = get(anonymous, "/v1/status", id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Correlation-Id")).hasValue(id);

    List<JsonNode> lines = linesWith(output, id);
    assertThat(lines).hasSize(1);
    JsonNode access = lines.get(0);
    assertThat(access.path("message").asText()).startsWith("GET /v1/status 200 ");
    assertThat(access.path("log").path("logger").asText()).isEqualTo("org.rogatory.hub.access");
  }

  @Test
  void missingOrUnsafeId_isReplacedByAFreshOne(CapturedOutput output) throws Exception {
    Response none = get(anonymous, "/v1/status", null);
    String generated = none.headers().firstValue("X-Correlation-Id").orElseThrow();
    assertThat(UUID.fromString(generated)).isNotNull();
    assertThat(linesWith(output, generated)).hasSize(1);

    String forged = "x\",\"log.level\":\"ERROR";
    Response unsafe = get(anonymous, "/v1/status", forged);
    String replaced = unsafe.headers().firstValue("X-Correlation-Id").orElseThrow();
    assertThat(replaced).isNotEqualTo(forged).isNotEqualTo(generated);
    assertThat(UUID.fromString(replaced)).isNotNull();
    assertThat(output.getOut()).doesNotContain(forged);
  }

  @Test
  void refusal_carriesTheSameIdInHeaderBodyAndLog(CapturedOutput output) throws Exception {
    String id = "refused-" + UUID.randomUUID().toString().substring(0, 8);
    // The bootstrap administrator is no party to any request: refused.
    Response r = get(admin, "/v1/requests/" + UUID.randomUUID(), id);
    assertThat(r.status()).as(r.toString()).isBetween(400, 499);
    assertThat(r.json().path("correlationId").asText()).isEqualTo(id);
    assertThat(r.headers().firstValue("X-Correlation-Id")).hasValue(id);
    assertThat(linesWith(output, id))
        .extracting(j -> j.path("message").asText())
        .anySatisfy(
            m -> assertThat(m).startsWith("GET /v1/requests/").contains(" " + r.status() + " "));
  }

  @Test
  void enrolment_logsNeitherTheCodeNorTheKeyStorePassword(CapturedOutput output) throws Exception {
    String id = "enrol-" + UUID.randomUUID().toString().substring(0, 8);
    var request =
        admin
            .request("/v1/admin/parties")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .header("X-Correlation-Id", id)
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    HubApiClient.JSON.writeValueAsString(
                        Map.of(
                            "partyId", "state.log-" + id.substring(6),
                            "kind", "CENTRAL_AUTHORITY",
                            "displayName", "Logged State"))));
    Response created = admin.send(request);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String code = created.json().get("enrolmentCode").asText();
    assertThat(linesWith(output, id))
        .extracting(j -> j.path("message").asText())
        .singleElement()
        .satisfies(m -> assertThat(m).matches("POST /v1/admin/parties 201 \\d+ ms"));
    assertThat(output.getAll()).doesNotContain(code).doesNotContain("Logged State");
    assertThat(output.getAll()).doesNotContain(new String(pki.password()));
  }
}
