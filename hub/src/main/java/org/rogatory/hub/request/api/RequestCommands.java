package org.rogatory.hub.request.api;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of the cooperation-request feature. Every command names the party acting (as
 * authenticated by the hub) and, where time matters, the instant the hub decided it happened.
 */
public final class RequestCommands {
  private RequestCommands() {}

  /** A Court organ opens a request addressed to one party. */
  /**
   * The Court opens a request. {@code retrievalPeriodSeconds} is how long each recipient of its
   * messages has to return a retrieval receipt, or null for the hub's period (decision 0013).
   */
  public record OpenRequestCommand(
      @TargetAggregateIdentifier String requestId,
      String openedBy,
      String addressee,
      RequestCategory category,
      Classification classification,
      String courtReference,
      Instant deadline,
      Long retrievalPeriodSeconds,
      Instant at) {

    /** The shortest retrieval period a request may set for itself. */
    public static final java.time.Duration MIN_RETRIEVAL_PERIOD = java.time.Duration.ofHours(1);

    /** The longest retrieval period a request may set for itself. */
    public static final java.time.Duration MAX_RETRIEVAL_PERIOD = java.time.Duration.ofDays(90);

    /** A request with the hub's retrieval period. */
    public OpenRequestCommand(
        String requestId,
        String openedBy,
        String addressee,
        RequestCategory category,
        Classification classification,
        String courtReference,
        Instant deadline,
        Instant at) {
      this(
          requestId,
          openedBy,
          addressee,
          category,
          classification,
          courtReference,
          deadline,
          null,
          at);
    }
  }

  /** The addressee's system has fetched the request for the first time. */
  public record RecordRequestDeliveredCommand(
      @TargetAggregateIdentifier String requestId, String actingParty, Instant at) {}

  /** The addressee's central authority acknowledges receipt. */
  public record AcknowledgeRequestCommand(
      @TargetAggregateIdentifier String requestId, String actingParty, Instant at) {}

  /** The addressee starts executing the request. */
  public record StartExecutionCommand(
      @TargetAggregateIdentifier String requestId, String actingParty, Instant at) {}

  /** The addressee identifies problems that impede or prevent execution (art. 97). */
  public record RequestConsultationCommand(
      @TargetAggregateIdentifier String requestId,
      String actingParty,
      ConsultationReason reason,
      Instant at) {}

  /** Either party records that the consultation is resolved; execution resumes. */
  public record ResolveConsultationCommand(
      @TargetAggregateIdentifier String requestId, String actingParty, Instant at) {}

  /** The addressee reports the outcome; reasons are required unless fully executed. */
  public record ReportOutcomeCommand(
      @TargetAggregateIdentifier String requestId,
      String actingParty,
      RequestStatus outcome,
      List<String> reasons,
      Instant at) {}

  /** The Court closes the request (after an outcome, or withdrawing it at any time). */
  public record CloseRequestCommand(
      @TargetAggregateIdentifier String requestId,
      String actingParty,
      boolean withdrawn,
      Instant at) {}

  /**
   * A message (an envelope already stored as ciphertext) is submitted to the request; each
   * recipient is to return a retrieval receipt by {@code retrievalDeadline}, fixed from the hub's
   * period, unless the request has a period of its own, which then decides.
   */
  public record SubmitMessageCommand(
      @TargetAggregateIdentifier String requestId,
      String messageId,
      String sender,
      String senderKeyFingerprint,
      List<String> recipientParties,
      String envelopeDigest,
      long envelopeSize,
      String envelopeBlobId,
      List<String> attachmentDigests,
      Instant at,
      Instant retrievalDeadline) {}

  /** The hub delivered a message to one recipient party's system. */
  public record RecordMessageDeliveredCommand(
      @TargetAggregateIdentifier String requestId,
      String messageId,
      String recipient,
      Instant at) {}

  /** A recipient opened a message and returned a signed retrieval receipt. */
  public record RecordMessageRetrievedCommand(
      @TargetAggregateIdentifier String requestId,
      String messageId,
      String recipient,
      String receiptDigest,
      Instant at,
      String receipt) {}

  /**
   * The retrieval watch found, at {@code at}, no retrieval receipt of {@code recipient} for the
   * message logged; the request records it if the message's retrieval deadline has passed.
   */
  public record RecordMessageNotRetrievedCommand(
      @TargetAggregateIdentifier String requestId,
      String messageId,
      String recipient,
      Instant at) {}

  /** The deadline checker found the request overdue at {@code at}. */
  public record EscalateOverdueRequestCommand(
      @TargetAggregateIdentifier String requestId, Instant at) {}
}
