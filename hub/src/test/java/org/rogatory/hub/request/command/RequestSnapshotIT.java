package org.rogatory.hub.request.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestCommands.OpenRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageDeliveredCommand;
import org.rogatory.hub.request.api.RequestCommands.SubmitMessageCommand;
import org.rogatory.hub.request.api.RequestEvents.MessageDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A request loaded from its snapshot behaves as the one that wrote it: with the in-memory copy
 * dropped, commands after more than one snapshot interval still see every message, delivery and the
 * request's own retrieval period.
 */
@SpringBootTest
class RequestSnapshotIT {
  private static final String COURT = "court.registry";
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Autowired CommandGateway commands;
  @Autowired EventStore events;
  @Autowired MongoDatabase database;

  @Autowired
  @Qualifier("aggregateCache")
  Cache aggregateCache;

  @Test
  void aRequestLoadedFromItsSnapshot_keepsItsMessagesDeliveriesAndRetrievalPeriod()
      throws Exception {
    String id = "req-" + UUID.randomUUID();
    String state = "state-" + UUID.randomUUID().toString().substring(0, 8);
    commands.sendAndWait(
        new OpenRequestCommand(
            id,
            COURT,
            state,
            RequestCategory.ARREST_AND_SURRENDER,
            Classification.UNDER_SEAL,
            "ICC-01/22-77",
            null,
            Duration.ofHours(6).toSeconds(),
            T0));
    // More events than one snapshot interval (rogatory.request.snapshot-every, 20).
    for (int i = 0; i < 25; i++) {
      commands.sendAndWait(submit(id, state, "m" + i, "d" + i, T0.plusSeconds(i)));
    }
    commands.sendAndWait(new RecordMessageDeliveredCommand(id, "m3", state, T0.plusSeconds(60)));
    Document snapshot = database.getCollection("snapshots").find(Filters.eq("_id", id)).first();
    assertThat(snapshot).as("a snapshot of %s", id).isNotNull();
    assertThat(snapshot.get("seq", Number.class).longValue()).isGreaterThanOrEqualTo(19);

    aggregateCache.removeAll(); // the next commands load the request from the store

    // A message id recorded before the snapshot, with other content: still a conflict.
    assertThatThrownBy(
            () -> commands.sendAndWait(submit(id, state, "m2", "other", T0.plusSeconds(100))))
        .hasMessageContaining("already submitted with different content");
    // The same submission again: still recognised as a retry, nothing recorded.
    assertThat((Object) commands.sendAndWait(submit(id, state, "m2", "d2", T0.plusSeconds(100))))
        .isEqualTo(false);
    // A delivery recorded before: not recorded twice; a new one is.
    commands.sendAndWait(new RecordMessageDeliveredCommand(id, "m3", state, T0.plusSeconds(110)));
    commands.sendAndWait(new RecordMessageDeliveredCommand(id, "m4", state, T0.plusSeconds(110)));
    // A new message takes the request's own period (6 hours), not the command's 7 days.
    Instant at = T0.plusSeconds(120);
    commands.sendAndWait(submit(id, state, "m25", "d25", at));

    List<Object> logged = new ArrayList<>();
    events.readEvents(id, 0).asStream().forEach(e -> logged.add(e.getPayload()));
    assertThat(logged.stream().filter(MessageDeliveredEvent.class::isInstance))
        .extracting(e -> ((MessageDeliveredEvent) e).messageId())
        .containsExactly("m3", "m4");
    assertThat(logged.stream().filter(MessageSubmittedEvent.class::isInstance)).hasSize(26);
    MessageSubmittedEvent last = (MessageSubmittedEvent) logged.get(logged.size() - 1);
    assertThat(last.messageId()).isEqualTo("m25");
    assertThat(last.retrievalDeadline()).isEqualTo(at.plus(Duration.ofHours(6)));
  }

  private static SubmitMessageCommand submit(
      String id, String state, String messageId, String digest, Instant at) {
    return new SubmitMessageCommand(
        id,
        messageId,
        COURT,
        "fp",
        List.of(state, COURT),
        digest,
        1000,
        "blob-" + messageId,
        List.of(),
        at,
        at.plus(Duration.ofDays(7)));
  }
}
