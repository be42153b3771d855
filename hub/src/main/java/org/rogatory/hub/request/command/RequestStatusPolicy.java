package org.rogatory.hub.request.command;

import static org.rogatory.hub.request.api.RequestStatus.ACKNOWLEDGED;
import static org.rogatory.hub.request.api.RequestStatus.CLOSED;
import static org.rogatory.hub.request.api.RequestStatus.CONSULTATION;
import static org.rogatory.hub.request.api.RequestStatus.DELIVERED;
import static org.rogatory.hub.request.api.RequestStatus.EXECUTED;
import static org.rogatory.hub.request.api.RequestStatus.IN_EXECUTION;
import static org.rogatory.hub.request.api.RequestStatus.NOT_EXECUTED;
import static org.rogatory.hub.request.api.RequestStatus.OPEN;
import static org.rogatory.hub.request.api.RequestStatus.PARTIALLY_EXECUTED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.rogatory.hub.request.api.RequestRejectedException;
import org.rogatory.hub.request.api.RequestStatus;

/** The legal transitions of a request's status; everything else is refused. */
final class RequestStatusPolicy {
  private static final Map<RequestStatus, Set<RequestStatus>> NEXT =
      new EnumMap<>(RequestStatus.class);

  static {
    NEXT.put(OPEN, EnumSet.of(DELIVERED, ACKNOWLEDGED, CLOSED));
    NEXT.put(DELIVERED, EnumSet.of(ACKNOWLEDGED, CLOSED));
    NEXT.put(ACKNOWLEDGED, EnumSet.of(IN_EXECUTION, CONSULTATION, CLOSED));
    NEXT.put(
        IN_EXECUTION, EnumSet.of(CONSULTATION, EXECUTED, PARTIALLY_EXECUTED, NOT_EXECUTED, CLOSED));
    NEXT.put(CONSULTATION, EnumSet.of(IN_EXECUTION, NOT_EXECUTED, CLOSED));
    NEXT.put(EXECUTED, EnumSet.of(CLOSED));
    NEXT.put(PARTIALLY_EXECUTED, EnumSet.of(CLOSED));
    NEXT.put(NOT_EXECUTED, EnumSet.of(CLOSED));
    NEXT.put(CLOSED, EnumSet.noneOf(RequestStatus.class));
  }

  private RequestStatusPolicy() {}

  static boolean allows(RequestStatus from, RequestStatus to) {
    return NEXT.get(from).contains(to);
  }

  static void check(RequestStatus from, RequestStatus to) {
    if (from == CLOSED) {
      throw new RequestRejectedException(
          RequestRejectedException.Code.REQUEST_CLOSED,
          "the request is closed; nothing can change");
    }
    if (!allows(from, to)) {
      throw new RequestRejectedException(
          RequestRejectedException.Code.ILLEGAL_TRANSITION,
          "a request that is "
              + from
              + " cannot become "
              + to
              + "; allowed next: "
              + NEXT.get(from));
    }
  }
}
