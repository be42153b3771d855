package org.rogatory.hub.request.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
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
import org.rogatory.hub.request.api.RequestRejectedException.Code;
import org.rogatory.hub.request.api.RequestStatus;

/**
 * A cooperation request between a Court organ and the party it is addressed to: its status, who may
 * move it, and the thread of messages exchanged under it.
 */
@Aggregate(snapshotTriggerDefinition = "requestSnapshotTrigger", cache = "aggregateCache")
public class CooperationRequest {
  @AggregateIdentifier private String requestId;
  private String court;
  private String addressee;
  private RequestStatus status;
  private Instant deadline;
  private boolean escalated;
  private final Map<String, String> messageDigests = new HashMap<>();
  private final Map<String, Set<String>> messageRecipients = new HashMap<>();
  private final Set<String> delivered = new HashSet<>();
  private final Set<String> retrieved = new HashSet<>();
  private final Map<String, Instant> retrievalDeadlines = new HashMap<>();
  private final Map<String, String> messageSenders = new HashMap<>();
  private final Set<String> notRetrieved = new HashSet<>();

  // The request's own retrieval period, or null for the hub's.
  private Long retrievalPeriodSeconds;

  protected CooperationRequest() {}

  @CommandHandler
  public CooperationRequest(OpenRequestCommand c) {
    if (c.openedBy() == null
        || c.addressee() == null
        || c.category() == null
        || c.classification() == null
        || c.courtReference() == null
        || c.courtReference().isBlank()) {
      throw new RequestRejectedException(
          Code.INVALID_REQUEST,
          "a request needs the opening organ, an addressee, a category, a classification and the"
              + " Court's reference");
    }
    if (c.openedBy().equals(c.addressee())) {
      throw new RequestRejectedException(
          Code.INVALID_REQUEST, "a request cannot be addressed to the organ that opens it");
    }
    if (c.deadline() != null && !c.deadline().isAfter(c.at())) {
      throw new RequestRejectedException(
          Code.INVALID_REQUEST, "the deadline must lie in the future");
    }
    Long period = c.retrievalPeriodSeconds();
    if (period != null
        && (period < OpenRequestCommand.MIN_RETRIEVAL_PERIOD.toSeconds()
            || period > OpenRequestCommand.MAX_RETRIEVAL_PERIOD.toSeconds())) {
      throw new RequestRejectedException(
          Code.INVALID_REQUEST, "a request's retrieval period lies between 1 hour and 90 days");
    }
    apply(
        new RequestOpenedEvent(
            c.requestId(),
            c.openedBy(),
            c.addressee(),
            c.category(),
            c.classification(),
            c.courtReference(),
            c.deadline(),
            period,
            c.at()));
  }

  @CommandHandler
  public void handle(RecordRequestDeliveredCommand c) {
    requireAddressee(c.actingParty());
    if (status != RequestStatus.OPEN) {
      return; // delivered once; later fetches change nothing
    }
    apply(new RequestDeliveredEvent(requestId, addressee, c.at()));
  }

  @CommandHandler
  public void handle(AcknowledgeRequestCommand c) {
    requireAddressee(c.actingParty());
    RequestStatusPolicy.check(status, RequestStatus.ACKNOWLEDGED);
    apply(new RequestAcknowledgedEvent(requestId, c.actingParty(), c.at()));
  }

  @CommandHandler
  public void handle(StartExecutionCommand c) {
    requireAddressee(c.actingParty());
    RequestStatusPolicy.check(status, RequestStatus.IN_EXECUTION);
    if (status == RequestStatus.CONSULTATION) {
      throw new RequestRejectedException(
          Code.ILLEGAL_TRANSITION, "resolve the consultation to resume execution");
    }
    apply(new ExecutionStartedEvent(requestId, c.actingParty(), c.at()));
  }

  @CommandHandler
  public void handle(RequestConsultationCommand c) {
    requireAddressee(c.actingParty());
    if (c.reason() == null) {
      throw new RequestRejectedException(
          Code.REASONS_REQUIRED, "a consultation request must give its reason");
    }
    RequestStatusPolicy.check(status, RequestStatus.CONSULTATION);
    apply(new ConsultationRequestedEvent(requestId, c.actingParty(), c.reason(), c.at()));
  }

  @CommandHandler
  public void handle(ResolveConsultationCommand c) {
    requireParty(c.actingParty());
    if (status != RequestStatus.CONSULTATION) {
      throw new RequestRejectedException(
          Code.ILLEGAL_TRANSITION, "there is no consultation in progress on this request");
    }
    apply(new ConsultationResolvedEvent(requestId, c.actingParty(), c.at()));
  }

  @CommandHandler
  public void handle(ReportOutcomeCommand c) {
    requireAddressee(c.actingParty());
    if (c.outcome() == null || !c.outcome().isOutcome()) {
      throw new RequestRejectedException(
          Code.INVALID_REQUEST, "an outcome is EXECUTED, PARTIALLY_EXECUTED or NOT_EXECUTED");
    }
    List<String> reasons = c.reasons() == null ? List.of() : List.copyOf(c.reasons());
    if (c.outcome() != RequestStatus.EXECUTED
        && reasons.stream().allMatch(r -> r == null || r.isBlank())) {
      throw new RequestRejectedException(
          Code.REASONS_REQUIRED, "a request not fully executed needs the reasons why");
    }
    RequestStatusPolicy.check(status, c.outcome());
    apply(new OutcomeReportedEvent(requestId, c.actingParty(), c.outcome(), reasons, c.at()));
  }

  @CommandHandler
  public void handle(CloseRequestCommand c) {
    requireCourt(c.actingParty());
    RequestStatusPolicy.check(status, RequestStatus.CLOSED);
    if (!c.withdrawn() && !status.isOutcome()) {
      throw new RequestRejectedException(
          Code.ILLEGAL_TRANSITION,
          "only a request with a reported outcome can be closed; withdraw it otherwise");
    }
    apply(new RequestClosedEvent(requestId, c.actingParty(), c.withdrawn(), c.at()));
  }

  @CommandHandler
  public boolean handle(SubmitMessageCommand c) {
    requireParty(c.sender());
    if (status == RequestStatus.CLOSED) {
      throw new RequestRejectedException(
          Code.REQUEST_CLOSED, "the request is closed; no more messages can be added");
    }
    if (c.recipientParties() == null || c.recipientParties().isEmpty()) {
      throw new RequestRejectedException(Code.INVALID_REQUEST, "a message needs recipients");
    }
    for (String r : c.recipientParties()) {
      if (!isParty(r)) {
        throw new RequestRejectedException(
            Code.NOT_A_PARTY_TO_REQUEST,
            "recipient " + r + " is not a party to request " + requestId);
      }
    }
    Instant retrievalDeadline =
        retrievalPeriodSeconds != null && c.at() != null
            ? c.at().plusSeconds(retrievalPeriodSeconds)
            : c.retrievalDeadline();
    if (retrievalDeadline != null && !retrievalDeadline.isAfter(c.at())) {
      throw new RequestRejectedException(
          Code.INVALID_REQUEST, "a message's retrieval deadline must lie after its submission");
    }
    String known = messageDigests.get(c.messageId());
    if (known != null) {
      if (known.equals(c.envelopeDigest())) {
        return false; // the same submission again (a retry): already recorded
      }
      throw new RequestRejectedException(
          Code.MESSAGE_CONFLICT,
          "message " + c.messageId() + " was already submitted with different content");
    }
    apply(
        new MessageSubmittedEvent(
            requestId,
            c.messageId(),
            c.sender(),
            c.senderKeyFingerprint(),
            List.copyOf(c.recipientParties()),
            c.envelopeDigest(),
            c.envelopeSize(),
            c.envelopeBlobId(),
            c.attachmentDigests() == null ? List.of() : List.copyOf(c.attachmentDigests()),
            c.at(),
            retrievalDeadline));
    return true;
  }

  @CommandHandler
  public void handle(RecordMessageDeliveredCommand c) {
    requireRecipient(c.messageId(), c.recipient());
    if (delivered.contains(c.messageId() + "/" + c.recipient())) {
      return;
    }
    apply(new MessageDeliveredEvent(requestId, c.messageId(), c.recipient(), c.at()));
  }

  @CommandHandler
  public void handle(RecordMessageRetrievedCommand c) {
    requireRecipient(c.messageId(), c.recipient());
    if (retrieved.contains(c.messageId() + "/" + c.recipient())) {
      return;
    }
    apply(
        new MessageRetrievedEvent(
            requestId, c.messageId(), c.recipient(), c.receiptDigest(), c.at(), c.receipt()));
  }

  /**
   * Records once that the recipient missed the message's retrieval deadline; asked again, early,
   * after a retrieval receipt, for a message without a deadline, or for the sender (who addresses
   * its own message to itself to keep a readable copy, and is owed no evidence of its receipt), it
   * records nothing, so several hub nodes watching at once do no harm.
   */
  @CommandHandler
  public void handle(RecordMessageNotRetrievedCommand c) {
    requireRecipient(c.messageId(), c.recipient());
    String key = c.messageId() + "/" + c.recipient();
    Instant due = retrievalDeadlines.get(c.messageId());
    if (due == null
        || c.recipient().equals(messageSenders.get(c.messageId()))
        || c.at().isBefore(due)
        || retrieved.contains(key)
        || notRetrieved.contains(key)) {
      return;
    }
    apply(
        new MessageNotRetrievedEvent(
            requestId, c.messageId(), c.recipient(), delivered.contains(key), due, c.at()));
  }

  @CommandHandler
  public void handle(EscalateOverdueRequestCommand c) {
    if (escalated || deadline == null || c.at().isBefore(deadline) || status.isFinished()) {
      return;
    }
    apply(new RequestEscalatedEvent(requestId, deadline, c.at()));
  }

  private boolean isParty(String party) {
    return court.equals(party) || addressee.equals(party);
  }

  private void requireParty(String party) {
    if (party == null || !isParty(party)) {
      throw new RequestRejectedException(
          Code.NOT_A_PARTY_TO_REQUEST, "you are not a party to request " + requestId);
    }
  }

  private void requireAddressee(String party) {
    requireParty(party);
    if (!addressee.equals(party)) {
      throw new RequestRejectedException(
          Code.ACTION_RESERVED_TO_ADDRESSEE, "only the addressee of the request may do this");
    }
  }

  private void requireCourt(String party) {
    requireParty(party);
    if (!court.equals(party)) {
      throw new RequestRejectedException(
          Code.ACTION_RESERVED_TO_COURT,
          "only the Court organ that opened the request may do this");
    }
  }

  private void requireRecipient(String messageId, String recipient) {
    Set<String> recipients = messageRecipients.get(messageId);
    if (recipients == null) {
      throw new RequestRejectedException(
          Code.UNKNOWN_MESSAGE, "request " + requestId + " has no message " + messageId);
    }
    if (!recipients.contains(recipient)) {
      throw new RequestRejectedException(
          Code.NOT_A_PARTY_TO_REQUEST, recipient + " is not a recipient of message " + messageId);
    }
  }

  @EventSourcingHandler
  void on(RequestOpenedEvent e) {
    requestId = e.requestId();
    court = e.openedBy();
    addressee = e.addressee();
    deadline = e.deadline();
    retrievalPeriodSeconds = e.retrievalPeriodSeconds();
    status = RequestStatus.OPEN;
  }

  @EventSourcingHandler
  void on(RequestDeliveredEvent e) {
    status = RequestStatus.DELIVERED;
  }

  @EventSourcingHandler
  void on(RequestAcknowledgedEvent e) {
    status = RequestStatus.ACKNOWLEDGED;
  }

  @EventSourcingHandler
  void on(ExecutionStartedEvent e) {
    status = RequestStatus.IN_EXECUTION;
  }

  @EventSourcingHandler
  void on(ConsultationRequestedEvent e) {
    status = RequestStatus.CONSULTATION;
  }

  @EventSourcingHandler
  void on(ConsultationResolvedEvent e) {
    status = RequestStatus.IN_EXECUTION;
  }

  @EventSourcingHandler
  void on(OutcomeReportedEvent e) {
    status = e.outcome();
  }

  @EventSourcingHandler
  void on(RequestClosedEvent e) {
    status = RequestStatus.CLOSED;
  }

  @EventSourcingHandler
  void on(MessageSubmittedEvent e) {
    messageDigests.put(e.messageId(), e.envelopeDigest());
    messageRecipients.put(e.messageId(), Set.copyOf(e.recipientParties()));
    if (e.retrievalDeadline() != null) {
      retrievalDeadlines.put(e.messageId(), e.retrievalDeadline());
      messageSenders.put(e.messageId(), e.sender());
    }
  }

  @EventSourcingHandler
  void on(MessageDeliveredEvent e) {
    delivered.add(e.messageId() + "/" + e.recipient());
  }

  @EventSourcingHandler
  void on(MessageRetrievedEvent e) {
    retrieved.add(e.messageId() + "/" + e.recipient());
  }

  @EventSourcingHandler
  void on(MessageNotRetrievedEvent e) {
    notRetrieved.add(e.messageId() + "/" + e.recipient());
  }

  @EventSourcingHandler
  void on(RequestEscalatedEvent e) {
    escalated = true;
  }
}
