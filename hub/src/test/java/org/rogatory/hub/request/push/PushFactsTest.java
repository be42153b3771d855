package org.rogatory.hub.request.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestEvents.ConsultationRequestedEvent;
import org.rogatory.hub.request.api.RequestEvents.ConsultationResolvedEvent;
import org.rogatory.hub.request.api.RequestEvents.ExecutionStartedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageNotRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestEvents.OutcomeReportedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestAcknowledgedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestClosedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestEscalatedEvent;
import org.rogatory.hub.request.api.RequestStatus;

/** What the push channel says of each request event: type, message, actor and detail. */
class PushFactsTest {
  private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
  private static final String R = "req-1";

  private static PushFeed.Fact fact(String type, String message, String actor, String detail) {
    return new PushFeed.Fact(type, R, message, actor, detail);
  }

  @Test
  void everyRequestEvent_isReportedWithItsActorAndDetail() {
    ConsultationReason reason = ConsultationReason.values()[0];
    assertThat(
            PushFeed.factOf(
                new MessageSubmittedEvent(
                    R, "m1", "court", "fp", List.of("state"), "d", 1, "b", List.of(), AT, null)))
        .isEqualTo(fact("message-submitted", "m1", "court", null));
    assertThat(PushFeed.factOf(new MessageDeliveredEvent(R, "m1", "state", AT)))
        .isEqualTo(fact("message-delivered", "m1", "state", null));
    assertThat(PushFeed.factOf(new MessageRetrievedEvent(R, "m1", "state", "rd", AT, null)))
        .isEqualTo(fact("message-retrieved", "m1", "state", null));
    assertThat(PushFeed.factOf(new MessageNotRetrievedEvent(R, "m1", "state", true, AT, AT)))
        .isEqualTo(fact("message-not-retrieved", "m1", "state", "non-retrieval"));
    assertThat(PushFeed.factOf(new MessageNotRetrievedEvent(R, "m1", "state", false, AT, AT)))
        .isEqualTo(fact("message-not-retrieved", "m1", "state", "non-delivery"));
    assertThat(PushFeed.factOf(new RequestDeliveredEvent(R, "state", AT)))
        .isEqualTo(fact("request-delivered", null, "state", null));
    assertThat(PushFeed.factOf(new RequestAcknowledgedEvent(R, "state", AT)))
        .isEqualTo(fact("request-acknowledged", null, "state", null));
    assertThat(PushFeed.factOf(new ExecutionStartedEvent(R, "state", AT)))
        .isEqualTo(fact("execution-started", null, "state", null));
    assertThat(PushFeed.factOf(new ConsultationRequestedEvent(R, "state", reason, AT)))
        .isEqualTo(fact("consultation-requested", null, "state", reason.name()));
    assertThat(PushFeed.factOf(new ConsultationResolvedEvent(R, "court", AT)))
        .isEqualTo(fact("consultation-resolved", null, "court", null));
    assertThat(
            PushFeed.factOf(
                new OutcomeReportedEvent(R, "state", RequestStatus.EXECUTED, List.of(), AT)))
        .isEqualTo(fact("outcome-reported", null, "state", "EXECUTED"));
    assertThat(PushFeed.factOf(new RequestClosedEvent(R, "court", true, AT)))
        .isEqualTo(fact("request-closed", null, "court", "withdrawn"));
    assertThat(PushFeed.factOf(new RequestClosedEvent(R, "court", false, AT)))
        .isEqualTo(fact("request-closed", null, "court", null));
    assertThat(PushFeed.factOf(new RequestEscalatedEvent(R, AT, AT)))
        .isEqualTo(fact("request-escalated", null, null, null));
    assertThat(PushFeed.factOf("not an event")).isNull();
  }
}
