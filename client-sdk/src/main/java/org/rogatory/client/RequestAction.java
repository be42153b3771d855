package org.rogatory.client;

import java.util.List;
import java.util.Objects;

/**
 * A step in a request's life, as one of the parties takes it. Build one with the factory methods;
 * the hub decides whether the request's status and the caller's role allow it ({@code
 * ILLEGAL_TRANSITION} and {@code FORBIDDEN} otherwise).
 */
public final class RequestAction {
  private final String action;
  private final ConsultationReason reason;
  private final RequestStatus outcome;
  private final List<String> reasons;

  private RequestAction(
      String action, ConsultationReason reason, RequestStatus outcome, List<String> reasons) {
    this.action = action;
    this.reason = reason;
    this.outcome = outcome;
    this.reasons = reasons;
  }

  /** The addressee confirms it received the request. */
  public static RequestAction acknowledge() {
    return new RequestAction("ACKNOWLEDGE", null, null, null);
  }

  /** The addressee starts executing the request. */
  public static RequestAction startExecution() {
    return new RequestAction("START_EXECUTION", null, null, null);
  }

  /** The addressee asks to consult the Court on problems that impede execution. */
  public static RequestAction requestConsultation(ConsultationReason reason) {
    return new RequestAction("REQUEST_CONSULTATION", Objects.requireNonNull(reason), null, null);
  }

  /** The consultation is over; execution resumes. */
  public static RequestAction resolveConsultation() {
    return new RequestAction("RESOLVE_CONSULTATION", null, null, null);
  }

  /**
   * The addressee reports the outcome: {@link RequestStatus#EXECUTED}, {@link
   * RequestStatus#PARTIALLY_EXECUTED} or {@link RequestStatus#NOT_EXECUTED} (with reasons).
   *
   * @throws IllegalArgumentException if {@code outcome} is not one of those three
   */
  public static RequestAction reportOutcome(RequestStatus outcome, List<String> reasons) {
    if (outcome != RequestStatus.EXECUTED
        && outcome != RequestStatus.PARTIALLY_EXECUTED
        && outcome != RequestStatus.NOT_EXECUTED) {
      throw new IllegalArgumentException(
          "an outcome is EXECUTED, PARTIALLY_EXECUTED or NOT_EXECUTED");
    }
    return new RequestAction("REPORT_OUTCOME", null, outcome, List.copyOf(reasons));
  }

  /** The Court closes the request. */
  public static RequestAction close() {
    return new RequestAction("CLOSE", null, null, null);
  }

  /** The Court withdraws the request. */
  public static RequestAction withdraw() {
    return new RequestAction("WITHDRAW", null, null, null);
  }

  /** The action's wire name, e.g. {@code ACKNOWLEDGE}. */
  public String name() {
    return action;
  }

  java.util.Map<String, Object> body() {
    java.util.Map<String, Object> b = new java.util.LinkedHashMap<>();
    b.put("action", action);
    if (reason != null) {
      b.put("reason", reason.name());
    }
    if (outcome != null) {
      b.put("outcome", outcome.name());
      b.put("reasons", reasons);
    }
    return b;
  }

  @Override
  public String toString() {
    return "RequestAction[" + action + "]";
  }
}
