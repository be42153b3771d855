package org.rogatory.client;

/**
 * Where a request stands in its life. A status this SDK version does not know reads as {@link
 * #UNKNOWN}.
 */
public enum RequestStatus {
  OPEN,
  DELIVERED,
  ACKNOWLEDGED,
  IN_EXECUTION,
  CONSULTATION,
  EXECUTED,
  PARTIALLY_EXECUTED,
  NOT_EXECUTED,
  CLOSED,
  UNKNOWN
}
