package org.rogatory.client;

import java.time.Instant;
import java.util.List;

/**
 * A cooperation request as the hub shows it to one of its parties: metadata and its messages (all
 * of them, or one page: {@link HubClient#request(String, int, int)}), never content.
 *
 * @param requestId the hub's id of the request
 * @param openedBy the Court organ that opened it
 * @param addressee the State or organisation it is addressed to
 * @param category the form of cooperation
 * @param classification the Court's classification
 * @param courtReference the Court's reference, or null
 * @param status where it stands
 * @param openedAt when it was opened
 * @param deadline when execution is due, or null
 * @param escalated whether it was escalated as overdue
 * @param updatedAt when it last changed
 * @param messages its messages, oldest first: all of them, or the page asked for
 * @param messageCount how many messages the request has in all
 * @param messagesFrom the place of the first of {@code messages} in the request (0 is the oldest)
 * @param moreMessages whether later messages exist beyond {@code messages}
 * @param retrievalPeriod the request's own retrieval period (how long recipients have to return a
 *     retrieval receipt), or null where the hub's applies
 */
public record CooperationRequest(
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
    List<MessageInfo> messages,
    int messageCount,
    int messagesFrom,
    boolean moreMessages,
    java.time.Duration retrievalPeriod) {

  /** Copies the list; a count below what the list shows (from a hub that pages not) is raised. */
  public CooperationRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
    messageCount = Math.max(messageCount, messagesFrom + messages.size());
  }

  /** A request with all its messages. */
  public CooperationRequest(
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
      List<MessageInfo> messages) {
    this(
        requestId,
        openedBy,
        addressee,
        category,
        classification,
        courtReference,
        status,
        openedAt,
        deadline,
        escalated,
        updatedAt,
        messages,
        messages == null ? 0 : messages.size(),
        0,
        false,
        null);
  }

  /** This request with {@code all} as its messages, the whole thread. */
  CooperationRequest withAllMessages(List<MessageInfo> all) {
    return new CooperationRequest(
        requestId,
        openedBy,
        addressee,
        category,
        classification,
        courtReference,
        status,
        openedAt,
        deadline,
        escalated,
        updatedAt,
        all,
        Math.max(messageCount, all.size()),
        0,
        false,
        retrievalPeriod);
  }

  /**
   * Metadata of one message: who sent it to whom, when, and how large; never content.
   *
   * @param messageId the message id (a UUID the sender chose)
   * @param sender the sending party
   * @param recipientParties the parties it is sealed to
   * @param envelopeDigest hex SHA-256 of the envelope as stored
   * @param envelopeSize bytes of the envelope
   * @param submittedAt when the hub accepted it
   * @param deliveredTo parties that downloaded it
   * @param retrievedBy parties that acknowledged retrieval
   */
  public record MessageInfo(
      String messageId,
      String sender,
      List<String> recipientParties,
      String envelopeDigest,
      long envelopeSize,
      Instant submittedAt,
      List<String> deliveredTo,
      List<String> retrievedBy) {}
}
