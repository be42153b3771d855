package org.rogatory.hub.request.api;

import java.time.Instant;
import java.util.List;

/** Queries of the request feature and the views they return. */
public final class RequestQueries {
  private RequestQueries() {}

  /**
   * One request, as the asking party may see it (null view if not a party to it; a null party sees
   * every request), with at most {@code messagesLimit} of its messages from the {@code
   * messagesFrom}-th (0 is the oldest): a read in proportion to the messages returned.
   */
  public record FindRequestQuery(
      String requestId, String askingParty, int messagesFrom, int messagesLimit) {
    /** The request with all its messages. */
    public FindRequestQuery(String requestId, String askingParty) {
      this(requestId, askingParty, 0, Integer.MAX_VALUE);
    }
  }

  /**
   * Requests for the Court staff console's board, newest first (by opening time, then id, both
   * descending), at most {@code limit}; a null filter matches everything, {@code party} matches the
   * opener or the addressee. With a cursor ({@code before} and {@code beforeId}, the last row of
   * the previous page) only the requests after it in that order: keyset paging, so a page costs the
   * same however deep it is. Summaries only: the views carry no messages.
   */
  public record ListRequestsQuery(
      RequestStatus status,
      RequestCategory category,
      String party,
      int limit,
      Instant before,
      String beforeId) {
    /** The first page. */
    public ListRequestsQuery(
        RequestStatus status, RequestCategory category, String party, int limit) {
      this(status, category, party, limit, null, null);
    }
  }

  /** A board's rows; {@code more} says that further requests matched beyond the limit. */
  public record RequestListView(List<RequestView> requests, boolean more) {}

  /**
   * A page of the requests {@code party} is a party to (it opened them or they are addressed to
   * it), by their place in that party's list: 0 for the first it became party to, then 1, 2, … in
   * the order of the log. {@code newestFirst} walks down from {@code from} (null: the newest),
   * otherwise up from it (null: 0). A null filter matches everything; {@code status} is the
   * request's status now, {@code counterpart} the other party. At most {@code limit} rows; with a
   * filter, at most a fixed number of places is examined per page, so a page may hold fewer rows
   * than asked while {@link PartyRequestPageView#more()} says to go on. {@code now} decides which
   * requests are overdue.
   */
  public record ListPartyRequestsQuery(
      String party,
      Long from,
      int limit,
      boolean newestFirst,
      RequestStatus status,
      String counterpart,
      Instant now) {}

  /**
   * One request in a party's list: metadata only. {@code position} is its place in the list, stable
   * across calls; {@code counterpart} is the other party; {@code overdue} says that its deadline
   * has passed and it has neither an outcome nor been closed.
   */
  public record PartyRequestView(
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

  /**
   * A page of a party's requests. {@code next} is the {@code from} of the following page in the
   * same direction: null when walking newest first has reached the oldest; walking oldest first it
   * is always given, so that requests opened later are found from it. {@code more} says whether
   * places remain to examine now.
   */
  public record PartyRequestPageView(
      String party, List<PartyRequestView> requests, Long next, boolean more) {}

  /** A page of a party's inbox: entries {@code from} (inclusive) onwards, oldest first. */
  public record ListInboxQuery(String party, long from, int limit) {}

  /** Metadata of one message: who, when, how large; never content. */
  public record MessageView(
      String messageId,
      String sender,
      List<String> recipientParties,
      String envelopeDigest,
      long envelopeSize,
      Instant submittedAt,
      List<String> deliveredTo,
      List<String> retrievedBy,
      List<String> attachmentDigests) {}

  /**
   * A request's metadata; {@code messages} holds the messages asked for (all of them, or one page),
   * oldest first, and {@code messageCount} how many the request has in all.
   */
  public record RequestView(
      String requestId,
      String openedBy,
      String addressee,
      RequestCategory category,
      Classification classification,
      String courtReference,
      RequestStatus status,
      Instant openedAt,
      Instant deadline,
      boolean escalated,
      Instant updatedAt,
      List<MessageView> messages,
      int messageCount,
      java.time.Duration retrievalPeriod) {}

  /** One entry of a party's inbox; {@code position} is its place in that inbox (0, 1, …). */
  public record InboxEntryView(
      long position,
      String requestId,
      String messageId,
      String sender,
      long envelopeSize,
      Instant submittedAt) {}

  public record InboxPageView(String party, List<InboxEntryView> entries, long next) {}
}
