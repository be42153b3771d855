package org.rogatory.hub.request.command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestCommands.AcknowledgeRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.CloseRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.EscalateOverdueRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.OpenRequestCommand;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageDeliveredCommand;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageNotRetrievedCommand;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageRetrievedCommand;
import org.rogatory.hub.request.api.RequestCommands.RecordRequestDeliveredCommand;
import org.rogatory.hub.request.api.RequestCommands.ReportOutcomeCommand;
import org.rogatory.hub.request.api.RequestCommands.RequestConsultationCommand;
import org.rogatory.hub.request.api.RequestCommands.ResolveConsultationCommand;
import org.rogatory.hub.request.api.RequestCommands.StartExecutionCommand;
import org.rogatory.hub.request.api.RequestCommands.SubmitMessageCommand;
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
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestRejectedException;
import org.rogatory.hub.request.api.RequestStatus;

class CooperationRequestTest {
  private static final String ID = "req-1";
  private static final String COURT = "court.registry";
  private static final String STATE = "state.nl";
  private static final String OTHER = "state.fr";
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant DEADLINE = T0.plus(Duration.ofDays(30));
  private static final Instant DUE = T0.plus(Duration.ofDays(7));

  private FixtureConfiguration<CooperationRequest> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(CooperationRequest.class);
  }

  private static RequestOpenedEvent opened() {
    return opened(null);
  }

  /** The request opened with its own retrieval period (seconds), or the hub's (null). */
  private static RequestOpenedEvent opened(Long retrievalPeriodSeconds) {
    return new RequestOpenedEvent(
        ID,
        COURT,
        STATE,
        RequestCategory.ARREST_AND_SURRENDER,
        Classification.UNDER_SEAL,
        "ICC-01/22-123",
        DEADLINE,
        retrievalPeriodSeconds,
        T0);
  }

  private static OpenRequestCommand open(Long retrievalPeriodSeconds) {
    return new OpenRequestCommand(
        ID,
        COURT,
        STATE,
        RequestCategory.ARREST_AND_SURRENDER,
        Classification.UNDER_SEAL,
        "ICC-01/22-123",
        DEADLINE,
        retrievalPeriodSeconds,
        T0);
  }

  private static MessageSubmittedEvent message(String id) {
    return new MessageSubmittedEvent(
        ID,
        id,
        COURT,
        "fp",
        List.of(STATE, COURT),
        "digest-" + id,
        4096,
        "blob-" + id,
        List.of(),
        T0,
        DUE);
  }

  @Test
  void open_withAllFields_isRecorded() {
    fixture
        .givenNoPriorActivity()
        .when(
            new OpenRequestCommand(
                ID,
                COURT,
                STATE,
                RequestCategory.ARREST_AND_SURRENDER,
                Classification.UNDER_SEAL,
                "ICC-01/22-123",
                DEADLINE,
                T0))
        .expectSuccessfulHandlerExecution()
        .expectEvents(opened());
  }

  @Test
  void open_toItself_orWithPastDeadline_orWithoutReference_isRejected() {
    fixture
        .givenNoPriorActivity()
        .when(
            new OpenRequestCommand(
                ID,
                COURT,
                COURT,
                RequestCategory.EVIDENCE_AND_DOCUMENTS,
                Classification.PUBLIC,
                "r",
                null,
                T0))
        .expectException(RequestRejectedException.class)
        .expectNoEvents();
    fixture
        .givenNoPriorActivity()
        .when(
            new OpenRequestCommand(
                ID,
                COURT,
                STATE,
                RequestCategory.EVIDENCE_AND_DOCUMENTS,
                Classification.PUBLIC,
                "r",
                T0,
                T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("the deadline must lie in the future");
    fixture
        .givenNoPriorActivity()
        .when(
            new OpenRequestCommand(
                ID,
                COURT,
                STATE,
                RequestCategory.EVIDENCE_AND_DOCUMENTS,
                Classification.PUBLIC,
                " ",
                null,
                T0))
        .expectException(RequestRejectedException.class);
  }

  @Test
  void fullLife_deliveredAcknowledgedConsultedExecutedClosed_isRecordedStepByStep() {
    fixture
        .given(opened())
        .when(new RecordRequestDeliveredCommand(ID, STATE, T0))
        .expectEvents(new RequestDeliveredEvent(ID, STATE, T0));
    fixture
        .given(opened(), new RequestDeliveredEvent(ID, STATE, T0))
        .when(new AcknowledgeRequestCommand(ID, STATE, T0))
        .expectEvents(new RequestAcknowledgedEvent(ID, STATE, T0));
    fixture
        .given(opened(), new RequestAcknowledgedEvent(ID, STATE, T0))
        .when(new StartExecutionCommand(ID, STATE, T0))
        .expectEvents(new ExecutionStartedEvent(ID, STATE, T0));
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ExecutionStartedEvent(ID, STATE, T0))
        .when(
            new RequestConsultationCommand(
                ID, STATE, ConsultationReason.PERSON_NOT_FOUND_OR_NOT_IDENTIFIED, T0))
        .expectEvents(
            new ConsultationRequestedEvent(
                ID, STATE, ConsultationReason.PERSON_NOT_FOUND_OR_NOT_IDENTIFIED, T0));
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ConsultationRequestedEvent(ID, STATE, ConsultationReason.OTHER, T0))
        .when(new ResolveConsultationCommand(ID, COURT, T0))
        .expectEvents(new ConsultationResolvedEvent(ID, COURT, T0));
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ExecutionStartedEvent(ID, STATE, T0))
        .when(new ReportOutcomeCommand(ID, STATE, RequestStatus.EXECUTED, List.of(), T0))
        .expectEvents(new OutcomeReportedEvent(ID, STATE, RequestStatus.EXECUTED, List.of(), T0));
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ExecutionStartedEvent(ID, STATE, T0),
            new OutcomeReportedEvent(ID, STATE, RequestStatus.EXECUTED, List.of(), T0))
        .when(new CloseRequestCommand(ID, COURT, false, T0))
        .expectEvents(new RequestClosedEvent(ID, COURT, false, T0));
  }

  @Test
  void delivered_twice_recordsOnce() {
    fixture
        .given(opened(), new RequestDeliveredEvent(ID, STATE, T0))
        .when(new RecordRequestDeliveredCommand(ID, STATE, T0))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void illegalTransitions_areRejectedWithoutEvents() {
    fixture
        .given(opened())
        .when(new StartExecutionCommand(ID, STATE, T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage(org.hamcrest.Matchers.containsString("cannot become IN_EXECUTION"))
        .expectNoEvents();
    fixture
        .given(opened())
        .when(new ReportOutcomeCommand(ID, STATE, RequestStatus.EXECUTED, List.of(), T0))
        .expectException(RequestRejectedException.class)
        .expectNoEvents();
    fixture
        .given(opened(), new RequestAcknowledgedEvent(ID, STATE, T0))
        .when(new CloseRequestCommand(ID, COURT, false, T0))
        .expectException(RequestRejectedException.class)
        .expectNoEvents();
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ConsultationRequestedEvent(ID, STATE, ConsultationReason.OTHER, T0))
        .when(new StartExecutionCommand(ID, STATE, T0))
        .expectException(RequestRejectedException.class)
        .expectNoEvents();
  }

  @Test
  void closedRequest_acceptsNothingMore() {
    fixture
        .given(opened(), new RequestClosedEvent(ID, COURT, true, T0))
        .when(new AcknowledgeRequestCommand(ID, STATE, T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("the request is closed; nothing can change");
    fixture
        .given(opened(), new RequestClosedEvent(ID, COURT, true, T0))
        .when(
            new SubmitMessageCommand(
                ID, "m1", COURT, "fp", List.of(STATE), "d", 1, "b", List.of(), T0, DUE))
        .expectException(RequestRejectedException.class)
        .expectNoEvents();
  }

  @Test
  void withdraw_byCourt_atAnyOpenStatus_closes() {
    fixture
        .given(opened())
        .when(new CloseRequestCommand(ID, COURT, true, T0))
        .expectEvents(new RequestClosedEvent(ID, COURT, true, T0));
  }

  @Test
  void roleRules_onlyAddresseeAcknowledges_onlyCourtCloses_strangersNothing() {
    fixture
        .given(opened())
        .when(new AcknowledgeRequestCommand(ID, COURT, T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("only the addressee of the request may do this");
    fixture
        .given(opened())
        .when(new CloseRequestCommand(ID, STATE, true, T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("only the Court organ that opened the request may do this");
    fixture
        .given(opened())
        .when(new AcknowledgeRequestCommand(ID, OTHER, T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("you are not a party to request req-1");
  }

  @Test
  void outcomeOtherThanExecuted_needsReasons() {
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ExecutionStartedEvent(ID, STATE, T0))
        .when(new ReportOutcomeCommand(ID, STATE, RequestStatus.NOT_EXECUTED, List.of(" "), T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("a request not fully executed needs the reasons why");
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ExecutionStartedEvent(ID, STATE, T0))
        .when(
            new ReportOutcomeCommand(
                ID, STATE, RequestStatus.PARTIALLY_EXECUTED, List.of("assets already moved"), T0))
        .expectEvents(
            new OutcomeReportedEvent(
                ID, STATE, RequestStatus.PARTIALLY_EXECUTED, List.of("assets already moved"), T0));
  }

  @Test
  void submitMessage_byParty_toParties_isRecorded_andRetryIsIdempotent() {
    SubmitMessageCommand submit =
        new SubmitMessageCommand(
            ID,
            "m1",
            COURT,
            "fp",
            List.of(STATE, COURT),
            "digest-m1",
            4096,
            "blob-m1",
            List.of(),
            T0,
            DUE);
    fixture.given(opened()).when(submit).expectEvents(message("m1"));
    fixture
        .given(opened(), message("m1"))
        .when(submit)
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
    fixture
        .given(opened(), message("m1"))
        .when(
            new SubmitMessageCommand(
                ID, "m1", COURT, "fp", List.of(STATE), "other", 1, "b", List.of(), T0, DUE))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("message m1 was already submitted with different content");
  }

  @Test
  void submitMessage_byStranger_orToStranger_isRejected() {
    fixture
        .given(opened())
        .when(
            new SubmitMessageCommand(
                ID, "m1", OTHER, "fp", List.of(STATE), "d", 1, "b", List.of(), T0, DUE))
        .expectException(RequestRejectedException.class)
        .expectNoEvents();
    fixture
        .given(opened())
        .when(
            new SubmitMessageCommand(
                ID, "m1", COURT, "fp", List.of(OTHER), "d", 1, "b", List.of(), T0, DUE))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("recipient state.fr is not a party to request req-1");
  }

  @Test
  void deliveryAndRetrieval_areRecordedOncePerRecipient_andOnlyForRecipients() {
    fixture
        .given(opened(), message("m1"))
        .when(new RecordMessageDeliveredCommand(ID, "m1", STATE, T0))
        .expectEvents(new MessageDeliveredEvent(ID, "m1", STATE, T0));
    fixture
        .given(opened(), message("m1"), new MessageDeliveredEvent(ID, "m1", STATE, T0))
        .when(new RecordMessageDeliveredCommand(ID, "m1", STATE, T0))
        .expectNoEvents();
    fixture
        .given(opened(), message("m1"))
        .when(new RecordMessageRetrievedCommand(ID, "m1", STATE, "digest", T0, "receipt"))
        .expectEvents(new MessageRetrievedEvent(ID, "m1", STATE, "digest", T0, "receipt"));
    fixture
        .given(opened(), message("m1"))
        .when(new RecordMessageDeliveredCommand(ID, "m2", STATE, T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("request req-1 has no message m2");
  }

  @Test
  void escalation_onlyWhenOverdueAndOpen_andOnlyOnce() {
    fixture
        .given(opened())
        .when(new EscalateOverdueRequestCommand(ID, DEADLINE.minusSeconds(1)))
        .expectNoEvents();
    fixture
        .given(opened())
        .when(new EscalateOverdueRequestCommand(ID, DEADLINE))
        .expectEvents(new RequestEscalatedEvent(ID, DEADLINE, DEADLINE));
    fixture
        .given(opened(), new RequestEscalatedEvent(ID, DEADLINE, DEADLINE))
        .when(new EscalateOverdueRequestCommand(ID, DEADLINE.plusSeconds(60)))
        .expectNoEvents();
    fixture
        .given(
            opened(),
            new RequestAcknowledgedEvent(ID, STATE, T0),
            new ExecutionStartedEvent(ID, STATE, T0),
            new OutcomeReportedEvent(ID, STATE, RequestStatus.EXECUTED, List.of(), T0))
        .when(new EscalateOverdueRequestCommand(ID, DEADLINE.plusSeconds(60)))
        .expectNoEvents();
  }

  @Test
  void notRetrieved_atTheDeadline_isRecordedOnce_asNonDeliveryOrNonRetrieval() {
    // Never fetched: a non-delivery.
    fixture
        .given(opened(), message("m1"))
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", STATE, DUE))
        .expectEvents(new MessageNotRetrievedEvent(ID, "m1", STATE, false, DUE, DUE));
    // Fetched but no receipt: a non-retrieval.
    fixture
        .given(opened(), message("m1"), new MessageDeliveredEvent(ID, "m1", STATE, T0))
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", STATE, DUE.plusSeconds(60)))
        .expectEvents(
            new MessageNotRetrievedEvent(ID, "m1", STATE, true, DUE, DUE.plusSeconds(60)));
    // Asked again (another node, a later round): nothing more.
    fixture
        .given(
            opened(), message("m1"), new MessageNotRetrievedEvent(ID, "m1", STATE, false, DUE, DUE))
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", STATE, DUE.plusSeconds(60)))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void notRetrieved_beforeTheDeadline_afterARetrieval_orWithoutADeadline_recordsNothing() {
    fixture
        .given(opened(), message("m1"))
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", STATE, DUE.minusNanos(1)))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
    fixture
        .given(
            opened(),
            message("m1"),
            new MessageRetrievedEvent(ID, "m1", STATE, "digest", T0, "receipt"))
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", STATE, DUE))
        .expectNoEvents();
    MessageSubmittedEvent revision1 =
        new MessageSubmittedEvent(
            ID, "m1", COURT, "fp", List.of(STATE), "d", 1, "b", List.of(), T0, null);
    fixture
        .given(opened(), revision1)
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", STATE, DUE.plusSeconds(3600)))
        .expectNoEvents();
    // The sender's own copy has no deadline.
    fixture
        .given(opened(), message("m1"))
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", COURT, DUE))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
    // Only the message's recipients can miss its deadline.
    fixture
        .given(opened(), message("m1"))
        .when(new RecordMessageNotRetrievedCommand(ID, "m1", OTHER, DUE))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("state.fr is not a recipient of message m1");
  }

  @Test
  void lateRetrieval_afterANonRetrieval_isStillRecorded() {
    fixture
        .given(
            opened(), message("m1"), new MessageNotRetrievedEvent(ID, "m1", STATE, false, DUE, DUE))
        .when(new RecordMessageRetrievedCommand(ID, "m1", STATE, "digest", DUE.plusSeconds(5), "r"))
        .expectEvents(
            new MessageRetrievedEvent(ID, "m1", STATE, "digest", DUE.plusSeconds(5), "r"));
  }

  @Test
  void submitMessage_withARetrievalDeadlineNotAfterTheSubmission_isRejected() {
    fixture
        .given(opened())
        .when(
            new SubmitMessageCommand(
                ID, "m1", COURT, "fp", List.of(STATE), "d", 1, "b", List.of(), T0, T0))
        .expectException(RequestRejectedException.class)
        .expectExceptionMessage("a message's retrieval deadline must lie after its submission");
  }

  @Test
  void aRequestsOwnRetrievalPeriod_decidesItsMessagesDeadlines_overTheHubs() {
    long twoHours = Duration.ofHours(2).toSeconds();
    fixture.givenNoPriorActivity().when(open(twoHours)).expectEvents(opened(twoHours));
    // The command carries the hub's deadline (seven days); the request's two hours decide.
    Instant at = T0.plusSeconds(60);
    fixture
        .given(opened(twoHours))
        .when(
            new SubmitMessageCommand(
                ID,
                "m1",
                COURT,
                "fp",
                List.of(STATE),
                "d",
                1,
                "b",
                List.of(),
                at,
                at.plus(Duration.ofDays(7))))
        .expectEvents(
            new MessageSubmittedEvent(
                ID,
                "m1",
                COURT,
                "fp",
                List.of(STATE),
                "d",
                1,
                "b",
                List.of(),
                at,
                at.plus(Duration.ofHours(2))));
  }

  @Test
  void aRetrievalPeriodOutsideAnHourToNinetyDays_isRejected() {
    for (Duration period : List.of(Duration.ofMinutes(59), Duration.ofDays(91), Duration.ZERO)) {
      fixture
          .givenNoPriorActivity()
          .when(open(period.toSeconds()))
          .expectException(RequestRejectedException.class)
          .expectExceptionMessage("a request's retrieval period lies between 1 hour and 90 days");
    }
  }
}
