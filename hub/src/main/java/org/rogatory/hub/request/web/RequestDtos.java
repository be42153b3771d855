package org.rogatory.hub.request.web;

import java.time.Instant;
import java.util.List;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestQueries.MessageView;
import org.rogatory.hub.request.api.RequestQueries.RequestView;
import org.rogatory.hub.request.api.RequestStatus;

/** JSON bodies of the request API. */
final class RequestDtos {
  private RequestDtos() {}

  /**
   * POST /v1/requests. {@code retrievalPeriod} (ISO-8601, e.g. {@code PT48H} or {@code P3D}, from
   * one hour to 90 days) is how long recipients of the request's messages have to return retrieval
   * receipts; absent, the hub's period applies (decision 0013).
   */
  record OpenRequestBody(
      String addressee,
      RequestCategory category,
      Classification classification,
      String courtReference,
      Instant deadline,
      String retrievalPeriod) {}

  record RequestOpened(String requestId) {}

  enum Action {
    ACKNOWLEDGE,
    START_EXECUTION,
    REQUEST_CONSULTATION,
    RESOLVE_CONSULTATION,
    REPORT_OUTCOME,
    CLOSE,
    WITHDRAW
  }

  record ActionBody(
      Action action, ConsultationReason reason, RequestStatus outcome, List<String> reasons) {}

  record MessageAccepted(
      String requestId, String messageId, String envelopeDigest, long envelopeSize) {}

  /** {@code receipt}: base64 of the recipient's signed retrieval receipt (evidence.md). */
  record RetrievalBody(String receipt) {}

  /**
   * GET /v1/requests/{id}: the request with one page of its messages, {@code messagesFrom} the
   * place of the first (0 is the oldest); {@code moreMessages} says that later ones exist, to ask
   * for from {@code messagesFrom + messages.size()}.
   */
  record RequestThread(
      String requestId,
      String openedBy,
      String addressee,
      RequestCategory category,
      Classification classification,
      String courtReference,
      RequestStatus status,
      Instant openedAt,
      Instant deadline,
      boolean escalated,
      Instant updatedAt,
      List<MessageView> messages,
      int messageCount,
      int messagesFrom,
      boolean moreMessages,
      String retrievalPeriod) {
    static RequestThread of(RequestView v, int messagesFrom) {
      return new RequestThread(
          v.requestId(),
          v.openedBy(),
          v.addressee(),
          v.category(),
          v.classification(),
          v.courtReference(),
          v.status(),
          v.openedAt(),
          v.deadline(),
          v.escalated(),
          v.updatedAt(),
          v.messages(),
          v.messageCount(),
          messagesFrom,
          (long) messagesFrom + v.messages().size() < v.messageCount(),
          v.retrievalPeriod() == null ? null : v.retrievalPeriod().toString());
    }
  }
}
