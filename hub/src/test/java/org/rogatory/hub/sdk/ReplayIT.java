package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.audit.api.ReadModelsReplayedEvent;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.HubApiClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The replay of the read models over a real history: rebuilt from the events they match the live
 * ones document by document; a live projection row altered behind the hub's back is then reported
 * as the one difference.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=replay")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIT {
  private static final String REPLAY = "/v1/admin/read-models/replay";

  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired MongoDatabase mongo;
  @Autowired org.axonframework.eventsourcing.eventstore.EventStore eventStore;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  SdkFixtures.Party court;
  SdkFixtures.Party state;
  String requestId;

  @BeforeAll
  void history() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    String suffix = SdkFixtures.suffix();
    court = fixtures.enrol("court.replayed-" + suffix, "COURT_ORGAN");
    state = fixtures.enrol("state.replayed-" + suffix, "CENTRAL_AUTHORITY");
    requestId = SdkFixtures.openRequest(court.client(), state.id());
    Path file = tmp.resolve("letter.pdf");
    Files.write(file, new byte[1024]);
    SdkFixtures.sendFetchAcknowledge(court, state, requestId, file, tmp.resolve("got.pdf"));
  }

  @AfterAll
  void tearDown() throws Exception {
    fixtures.close();
  }

  private JsonNode replay() throws Exception {
    HubApiClient.Response r = fixtures.admin().post(REPLAY, "application/json", new byte[0], null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static JsonNode collection(JsonNode report, String name) {
    for (JsonNode c : report.get("collections")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no collection " + name + " in " + report);
  }

  @Test
  @Order(1)
  void replay_ofAnUntouchedHistory_matchesEveryReadModel() throws Exception {
    JsonNode report = replay();
    assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
    for (JsonNode c : report.get("collections")) {
      assertThat(
              c.get("differing").asLong()
                  + c.get("onlyLive").asLong()
                  + c.get("onlyReplayed").asLong())
          .as(c.toString())
          .isZero();
    }
    assertThat(collection(report, "request_views").get("matching").asLong()).isPositive();
    assertThat(collection(report, "party_directory").get("matching").asLong())
        .isGreaterThanOrEqualTo(2);
    assertThat(collection(report, "inbox_entries").get("matching").asLong()).isPositive();
    ReadModelsReplayedEvent logged = lastReplayLogged();
    assertThat(logged.requestedBy()).startsWith("admin:");
    assertThat(logged.position()).isEqualTo(report.get("position").asLong());
    assertThat(logged.events()).isEqualTo(report.get("events").asLong());
    assertThat(logged.matched()).isTrue();
    assertThat(logged.mismatchedCollections()).isEmpty();
    assertThat(logged.at().toString()).isEqualTo(report.get("at").asText());
  }

  /** The last run recorded in the event log (each run is, for auditors). */
  private ReadModelsReplayedEvent lastReplayLogged() {
    ReadModelsReplayedEvent last = null;
    try (var stream = eventStore.openStream(null)) {
      while (stream.hasNextAvailable(2, java.util.concurrent.TimeUnit.SECONDS)) {
        if (stream.nextAvailable().getPayload() instanceof ReadModelsReplayedEvent e) {
          last = e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(last).as("a ReadModelsReplayedEvent in the log").isNotNull();
    return last;
  }

  @Test
  @Order(2)
  void replay_afterALiveRowWasAlteredBehindTheHubsBack_reportsThatRow() throws Exception {
    Document view = mongo.getCollection("request_views").find().first();
    assertThat(view).isNotNull();
    String field =
        view.keySet().stream()
            .filter(k -> !k.equals("_id") && view.get(k) instanceof String)
            .findFirst()
            .orElseThrow();
    mongo
        .getCollection("request_views")
        .updateOne(Filters.eq("_id", view.get("_id")), Updates.set(field, "tampered"));

    JsonNode report = replay();
    JsonNode views = collection(report, "request_views");
    assertThat(views.get("differing").asLong()).as(report.toString()).isEqualTo(1);
    assertThat(views.get("firstDifference").asText()).isEqualTo(String.valueOf(view.get("_id")));
    assertThat(collection(report, "party_directory").get("differing").asLong()).isZero();

    ReadModelsReplayedEvent logged = lastReplayLogged();
    assertThat(logged.matched()).isFalse();
    assertThat(logged.mismatchedCollections()).containsExactly("request_views");

    HubApiClient.Response latest = fixtures.admin().get(REPLAY);
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.json().get("at").asText()).isEqualTo(report.get("at").asText());
  }
}
