package org.rogatory.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.rogatory.crypto.PartyId;

/**
 * What a Court organ states when it opens a cooperation request. Only metadata: the request's
 * content travels in sealed messages.
 *
 * @param addressee the State or organisation asked to cooperate
 * @param category the form of cooperation
 * @param classification the Court's classification
 * @param courtReference the Court's own reference (visible to the hub); the hub refuses a request
 *     without one ({@code INVALID_FIELD})
 * @param deadline when execution is due, or null
 * @param retrievalPeriod how long each recipient of the request's messages has to return a
 *     retrieval receipt before the hub records a non-retrieval, from one hour to 90 days; null for
 *     the hub's period
 */
public record NewRequest(
    PartyId addressee,
    RequestCategory category,
    Classification classification,
    String courtReference,
    Instant deadline,
    Duration retrievalPeriod) {

  /** Checks the required fields. */
  public NewRequest {
    Objects.requireNonNull(addressee, "addressee");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(classification, "classification");
  }

  /** A request with the hub's retrieval period. */
  public NewRequest(
      PartyId addressee,
      RequestCategory category,
      Classification classification,
      String courtReference,
      Instant deadline) {
    this(addressee, category, classification, courtReference, deadline, null);
  }
}
