package org.rogatory.hub.request.web;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a recipient has to return a retrieval receipt ({@code
 * rogatory.evidence.retrieval-period}); a message's deadline is fixed from it at submission
 * (decision 0013).
 */
record RetrievalPeriod(Duration value) {
  RetrievalPeriod {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "rogatory.evidence.retrieval-period must be positive, not " + value);
    }
  }

  /** The retrieval deadline of a message submitted at {@code submittedAt}. */
  Instant deadline(Instant submittedAt) {
    return submittedAt.plus(value);
  }
}
