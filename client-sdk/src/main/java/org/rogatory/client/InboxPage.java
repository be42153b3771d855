package org.rogatory.client;

import java.time.Instant;
import java.util.List;

/**
 * A page of the party's inbox, oldest first. To page on, ask again from {@link #next()}; an empty
 * page means there is nothing newer yet.
 *
 * @param party the inbox's owner
 * @param entries the entries of this page
 * @param next the position to ask from for the following page
 */
public record InboxPage(String party, List<Entry> entries, long next) {

  /** Copies the list. */
  public InboxPage {
    entries = entries == null ? List.of() : List.copyOf(entries);
  }

  /**
   * A message waiting in the inbox.
   *
   * @param position its place in this party's inbox (0, 1, …), stable across calls
   * @param requestId the request it belongs to
   * @param messageId the message
   * @param sender the sending party
   * @param envelopeSize bytes to download
   * @param submittedAt when the hub accepted it
   */
  public record Entry(
      long position,
      String requestId,
      String messageId,
      String sender,
      long envelopeSize,
      Instant submittedAt) {}
}
