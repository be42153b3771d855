package org.rogatory.hub.request.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestCommands.AcknowledgeRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.OpenRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageDeliveredCommand;
import org.rogatory.hub.request.api.RequestCommands.SubmitMessageCommand;
import org.rogatory.hub.request.api.RequestQueries.FindRequestQuery;
import org.rogatory.hub.request.api.RequestQueries.InboxPageView;
import org.rogatory.hub.request.api.RequestQueries.ListInboxQuery;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class RequestProjectionsIT {
  @Autowired CommandGateway commands;
  @Autowired QueryGateway queries;
  @Autowired EventProcessingConfiguration processing;

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void views_followTheRequest_andAReplayRebuildsThemIdentically() throws Exception {
    String id = "req-" + UUID.randomUUID();
    String state = "state-" + UUID.randomUUID().toString().substring(0, 8);
    commands.sendAndWait(
        new OpenRequestCommand(
            id,
            "court.registry",
            state,
            RequestCategory.IDENTIFICATION_TRACING_FREEZING_OF_ASSETS,
            Classification.CONFIDENTIAL,
            "ICC-02/05-01",
            T0.plus(Duration.ofDays(10)),
            T0));
    for (int i = 0; i < 3; i++) {
      commands.sendAndWait(
          new SubmitMessageCommand(
              id,
              "m" + i,
              "court.registry",
              "fp",
              List.of(state, "court.registry"),
              "d" + i,
              1000 + i,
              "blob" + i,
              List.of(),
              T0.plusSeconds(i),
              T0.plus(java.time.Duration.ofDays(7))));
    }
    commands.sendAndWait(new RecordMessageDeliveredCommand(id, "m0", state, T0.plusSeconds(10)));
    commands.sendAndWait(new AcknowledgeRequestCommand(id, state, T0.plusSeconds(20)));

    RequestView view =
        await(
            () -> find(id, state),
            v ->
                v != null
                    && v.status() == RequestStatus.ACKNOWLEDGED
                    && v.messages().get(0).deliveredTo().contains(state));
    assertThat(view.messages()).hasSize(3);
    assertThat(view.category())
        .isEqualTo(RequestCategory.IDENTIFICATION_TRACING_FREEZING_OF_ASSETS);
    assertThat(find(id, "state.xx")).as("a stranger sees nothing").isNull();

    InboxPageView inbox = await(() -> inbox(state, 0), p -> p.entries().size() == 3);
    assertThat(inbox.entries()).extracting(e -> e.messageId()).containsExactly("m0", "m1", "m2");
    assertThat(inbox(state, 1).entries()).extracting(e -> e.position()).containsExactly(1L, 2L);
    assertThat(inbox("court.registry", 0).entries())
        .as("the sender's own party does not get its sent messages in its inbox")
        .noneMatch(e -> e.requestId().equals(id));

    replay("request-views");
    replay("inboxes");
    RequestView rebuilt =
        await(
            () -> find(id, state),
            v ->
                v != null
                    && v.status() == RequestStatus.ACKNOWLEDGED
                    && v.messages().size() == 3
                    && !v.messages().get(0).deliveredTo().isEmpty());
    assertThat(rebuilt).isEqualTo(view);
    assertThat(await(() -> inbox(state, 0), p -> p.entries().size() == 3)).isEqualTo(inbox);
  }

  private void replay(String group) {
    StreamingEventProcessor p =
        processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
    p.shutDown();
    p.resetTokens();
    p.start();
  }

  private RequestView find(String id, String party) {
    return queries
        .query(new FindRequestQuery(id, party), ResponseTypes.instanceOf(RequestView.class))
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  private InboxPageView inbox(String party, long from) {
    return queries
        .query(new ListInboxQuery(party, from, 50), ResponseTypes.instanceOf(InboxPageView.class))
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  private static <T> T await(Supplier<T> get, java.util.function.Predicate<T> done)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    T value = get.get();
    while (!done.test(value)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not reached in 30 s; last value: " + value);
      }
      Thread.sleep(50);
      value = get.get();
    }
    return value;
  }
}
