package org.rogatory.hub.request.api;

/** Why a State asks for consultation under article 97 of the Rome Statute. */
public enum ConsultationReason {
  /** Insufficient information to execute the request (art. 97(a)). */
  INSUFFICIENT_INFORMATION,
  /** The person sought cannot be located, or is not the person named (art. 97(b)). */
  PERSON_NOT_FOUND_OR_NOT_IDENTIFIED,
  /** Execution in its current form would breach a prior treaty obligation (art. 97(c)). */
  CONFLICTING_TREATY_OBLIGATION,
  /** National law or procedure stands in the way (art. 93(3), 93(5)). */
  NATIONAL_LAW_OBSTACLE,
  /** Execution would prejudice national security (art. 72). */
  NATIONAL_SECURITY,
  /** Competing requests from the Court and another State (art. 90). */
  COMPETING_REQUESTS,
  OTHER
}
