package org.rogatory.hub.request.api;

import java.time.Instant;
import java.util.List;

/** Queries of the request feature and the views they return. */
public final class RequestQueries {
  private RequestQueries() {}

  /** One request, as the asking party may see it (null view if not a party to it). */
  public record FindRequestQuery(String requestId, String askingParty) {}

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
      List<MessageView> messages) {}

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
