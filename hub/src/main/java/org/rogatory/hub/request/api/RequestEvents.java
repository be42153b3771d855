package org.rogatory.hub.request.api;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The facts of the cooperation-request feature. Events carry ids, parties, digests and sizes —
 * never plaintext and never key material.
 */
public final class RequestEvents {
  private RequestEvents() {}

  /**
   * A request opened. Revision 2 adds {@code retrievalPeriodSeconds}: the request's own retrieval
   * period, or null (and absent from revision 1) for the hub's (decision 0013).
   */
  @Revision("2")
  public record RequestOpenedEvent(
      String requestId,
      String openedBy,
      String addressee,
      RequestCategory category,
      Classification classification,
      String courtReference,
      Instant deadline,
      Long retrievalPeriodSeconds,
      Instant at) {

    /** A request with the hub's retrieval period. */
    public RequestOpenedEvent(
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

  @Revision("1")
  public record RequestDeliveredEvent(String requestId, String addressee, Instant at) {}

  @Revision("1")
  public record RequestAcknowledgedEvent(String requestId, String acknowledgedBy, Instant at) {}

  @Revision("1")
  public record ExecutionStartedEvent(String requestId, String actingParty, Instant at) {}

  @Revision("1")
  public record ConsultationRequestedEvent(
      String requestId, String requestedBy, ConsultationReason reason, Instant at) {}

  @Revision("1")
  public record ConsultationResolvedEvent(String requestId, String resolvedBy, Instant at) {}

  @Revision("1")
  public record OutcomeReportedEvent(
      String requestId,
      String reportedBy,
      RequestStatus outcome,
      List<String> reasons,
      Instant at) {}

  @Revision("1")
  public record RequestClosedEvent(
      String requestId, String closedBy, boolean withdrawn, Instant at) {}

  /**
   * A message accepted for its recipients. Revision 2 adds {@code retrievalDeadline}, fixed at
   * submission: a recipient that has not returned a retrieval receipt by then is recorded as such
   * ({@link MessageNotRetrievedEvent}). Revision 1 events have none ({@code null}), and no deadline
   * is made up for them afterwards (decision 0013).
   */
  @Revision("2")
  public record MessageSubmittedEvent(
      String requestId,
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

  @Revision("1")
  public record MessageDeliveredEvent(
      String requestId, String messageId, String recipient, Instant at) {}

  /**
   * A recipient's signed retrieval receipt, verified by the hub. Revision 2 adds {@code receipt}
   * (base64 of the signed statement, docs/spec/evidence.md), so the receipt itself is in the
   * transparency log; revision 1 events carry only its digest and have no receipt.
   */
  @Revision("2")
  public record MessageRetrievedEvent(
      String requestId,
      String messageId,
      String recipient,
      String receiptDigest,
      Instant at,
      String receipt) {}

  /**
   * The hub found at {@code at} that {@code recipient} had logged no retrieval receipt for the
   * message by its retrieval {@code deadline}; {@code delivered} says whether its system had at
   * least fetched the envelope (non-retrieval) or not even that (non-delivery). A receipt that
   * arrives later is still recorded, after this event.
   */
  @Revision("1")
  public record MessageNotRetrievedEvent(
      String requestId,
      String messageId,
      String recipient,
      boolean delivered,
      Instant deadline,
      Instant at) {}

  @Revision("1")
  public record RequestEscalatedEvent(String requestId, Instant deadline, Instant at) {}
}
