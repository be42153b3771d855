package org.rogatory.client;

import java.time.Instant;

/**
 * One row of the caller's list of requests ({@link HubClient#requests(RequestListing)}): metadata
 * only, never content.
 *
 * @param position its place in the caller's list (0 for the first request the caller became party
 *     to, then 1, 2, … in the order they were opened); stable across calls
 * @param requestId the hub's id of the request
 * @param category the form of cooperation
 * @param classification the Court's classification
 * @param courtReference the Court's reference, or null
 * @param openedBy the Court organ that opened it
 * @param addressee the State or organisation it is addressed to
 * @param counterpart the other party to it (the addressee for its opener, the opener for its
 *     addressee)
 * @param status where it stands now
 * @param deadline when execution is due, or null
 * @param overdue whether the deadline has passed while it has neither an outcome nor been closed
 * @param escalated whether the hub escalated it as overdue
 * @param openedAt when it was opened
 * @param lastActivityAt when it last changed (a status, a message)
 * @param messageCount how many messages it has
 */
public record RequestSummary(
    long position,
    String requestId,
    RequestCategory category,
    Classification classification,
    String courtReference,
    String openedBy,
    String addressee,
    String counterpart,
    RequestStatus status,
    Instant deadline,
    boolean overdue,
    boolean escalated,
    Instant openedAt,
    Instant lastActivityAt,
    int messageCount) {}
