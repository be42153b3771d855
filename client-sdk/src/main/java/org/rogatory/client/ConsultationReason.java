package org.rogatory.client;

/** Why a State asks for consultation on a request (art. 97 of the Rome Statute). */
public enum ConsultationReason {
  INSUFFICIENT_INFORMATION,
  PERSON_NOT_FOUND_OR_NOT_IDENTIFIED,
  CONFLICTING_TREATY_OBLIGATION,
  NATIONAL_LAW_OBSTACLE,
  NATIONAL_SECURITY,
  COMPETING_REQUESTS,
  OTHER
}
