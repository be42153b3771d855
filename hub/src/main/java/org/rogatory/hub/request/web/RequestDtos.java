package org.rogatory.hub.request.web;

import java.time.Instant;
import java.util.List;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestStatus;

/** JSON bodies of the request API. */
final class RequestDtos {
  private RequestDtos() {}

  record OpenRequestBody(
      String addressee,
      RequestCategory category,
      Classification classification,
      String courtReference,
      Instant deadline) {}

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
}
