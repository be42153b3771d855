package org.rogatory.client;

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
 */
public record NewRequest(
    PartyId addressee,
    RequestCategory category,
    Classification classification,
    String courtReference,
    Instant deadline) {

  /** Checks the required fields. */
  public NewRequest {
    Objects.requireNonNull(addressee, "addressee");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(classification, "classification");
  }
}
