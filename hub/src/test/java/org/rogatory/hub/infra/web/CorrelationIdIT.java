package org.rogatory.hub.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rogatory.hub.support.HubApiClient;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A correlation id per API call: it comes back in a header and in error bodies, and the call's
 * access line carries it in the MDC (which JSON logs turn into a field of its own: MultiNodeIT
 * checks that on real processes started with {@code logging.structured.format.console=ecs}).
 * Neither the log events nor the console show a secret while the calls run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class CorrelationIdIT extends HubTestBase {
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @BeforeAll
  void connect() throws Exception {
    connectAdministrator();
    // As the other API tests do before their calls: the directory's processor is up and current.
    enrol("state.warm-" + UUID.randomUUID().toString().substring(0, 8), "CENTRAL_AUTHORITY");
  }

  @BeforeEach
  void capture() {
    events.list.clear();
    events.start();
    root().addAppender(events);
  }

  @AfterEach
  void release() {
    root().detachAppender(events);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static Response get(HubApiClient client, String path, String correlationId)
      throws Exception {
    HttpRequest.Builder request = client.request(path).GET();
    if (correlationId != null) {
      request.header("X-Correlation-Id", correlationId);
    }
    return client.send(request);
  }

  /** The events logged with {@code id} as their correlation id (waits for them briefly). */
  private List<ILoggingEvent> loggedWith(String id) throws InterruptedException {
    long until = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<ILoggingEvent> found = new ArrayList<>();
      synchronized (events) {
        for (ILoggingEvent e : events.list) {
          if (id.equals(e.getMDCPropertyMap().get(CorrelationIdFilter.MDC_KEY))) {
            found.add(e);
          }
        }
      }
      if (!found.isEmpty() || System.nanoTime() > until) {
        return found;
      }
      Thread.sleep(50);
    }
  }

  /** Everything the captured events would print: messages, MDC values and stack traces. */
  private String everythingLogged() {
    StringBuilder all = new StringBuilder();
    synchronized (events) {
      for (ILoggingEvent e : events.list) {
        all.append(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          all.append(' ').append(t.getMessage());
        }
        all.append('\n');
      }
    }
    return all.toString();
  }

  @Test
  void offeredId_isEchoed_andCarriedByTheAccessLine() throws Exception {
    String id = "test-" + UUID.randomUUID();
    Response r = get(anonymous, "/v1/status", id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Correlation-Id")).hasValue(id);

    List<ILoggingEvent> lines = loggedWith(id);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).getLoggerName()).isEqualTo("org.rogatory.hub.access");
    assertThat(lines.get(0).getFormattedMessage()).matches("GET /v1/status 200 \\d+ ms");
  }

  @Test
  void missingOrUnsafeId_isReplacedByAFreshOne(CapturedOutput output) throws Exception {
    Response none = get(anonymous, "/v1/status", null);
    String generated = none.headers().firstValue("X-Correlation-Id").orElseThrow();
    assertThat(UUID.fromString(generated)).isNotNull();
    assertThat(loggedWith(generated)).hasSize(1);

    String forged = "x\",\"log.level\":\"ERROR";
    Response unsafe = get(anonymous, "/v1/status", forged);
    String replaced = unsafe.headers().firstValue("X-Correlation-Id").orElseThrow();
    assertThat(replaced).isNotEqualTo(forged).isNotEqualTo(generated);
    assertThat(UUID.fromString(replaced)).isNotNull();
    assertThat(loggedWith(replaced)).hasSize(1);
    assertThat(everythingLogged()).doesNotContain(forged);
    assertThat(output.getAll()).doesNotContain(forged);
  }

  @Test
  void refusal_carriesTheSameIdInHeaderBodyAndLog() throws Exception {
    String id = "refused-" + UUID.randomUUID().toString().substring(0, 8);
    // The bootstrap administrator is no party to any request: refused.
    Response r = get(admin, "/v1/requests/" + UUID.randomUUID(), id);
    assertThat(r.status()).as(r.toString()).isBetween(400, 499);
    assertThat(r.json().path("correlationId").asText()).isEqualTo(id);
    assertThat(r.headers().firstValue("X-Correlation-Id")).hasValue(id);
    assertThat(loggedWith(id))
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            m -> assertThat(m).startsWith("GET /v1/requests/").contains(" " + r.status() + " "));
  }

  @Test
  void enrolment_logsNeitherTheCodeNorTheKeyStorePassword(CapturedOutput output) throws Exception {
    String id = "enrol-" + UUID.randomUUID().toString().substring(0, 8);
    HttpRequest.Builder request =
        admin
            .request("/v1/admin/parties")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .header("X-Correlation-Id", id)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    HubApiClient.JSON.writeValueAsString(
                        Map.of(
                            "partyId", "state.log-" + id.substring(6),
                            "kind", "CENTRAL_AUTHORITY",
                            "displayName", "Logged State"))));
    Response created = admin.send(request);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String code = created.json().get("enrolmentCode").asText();
    assertThat(loggedWith(id))
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .satisfies(m -> assertThat(m).matches("POST /v1/admin/parties 201 \\d+ ms"));
    String password = new String(pki.password());
    for (String logged : List.of(everythingLogged(), output.getAll())) {
      assertThat(logged)
          .doesNotContain(code)
          .doesNotContain("Logged State")
          .doesNotContain(password);
    }
  }
}
