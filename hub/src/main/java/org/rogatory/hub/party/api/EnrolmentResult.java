package org.rogatory.hub.party.api;

/**
 * What presenting an enrolment code achieved. A refused attempt is still recorded in the history
 * (as {@link PartyEvents.EnrolmentAttemptRejectedEvent}), so the command succeeds and says "no".
 */
public record EnrolmentResult(boolean accepted, PartyRejectedException.Code code, String message) {
  public static EnrolmentResult success() {
    return new EnrolmentResult(true, null, "enrolment complete");
  }

  public static EnrolmentResult refused(PartyRejectedException.Code code, String message) {
    return new EnrolmentResult(false, code, message);
  }
}
