package org.rogatory.hub.support;

import java.util.Map;

/** Bodies for {@code POST /v1/requests} that tests over the real API send. */
public final class RequestBodies {
  private RequestBodies() {}

  /** The body opening a CONFIDENTIAL evidence-and-documents request to {@code addressee}. */
  public static Map<String, String> evidenceRequest(String addressee, String courtReference) {
    return Map.of(
        "addressee",
        addressee,
        "category",
        "EVIDENCE_AND_DOCUMENTS",
        "classification",
        "CONFIDENTIAL",
        "courtReference",
        courtReference);
  }
}
