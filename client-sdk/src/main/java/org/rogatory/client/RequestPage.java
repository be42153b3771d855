package org.rogatory.client;

import java.util.List;
import java.util.Optional;

/**
 * A page of the caller's requests. To page on, ask again with {@link RequestListing#from(long)} set
 * to {@link #next()}, in the same order and with the same filters: nothing is then missed or seen
 * twice. With a filter, a page may hold fewer rows than asked for, even none, while {@link #more()}
 * is true; go on from {@link #next()}.
 *
 * @param party the caller
 * @param requests the rows of this page, in the order asked for
 * @param next where the following page starts; null when newest first has reached the oldest
 *     request. Oldest first it is always given, and later asks from it find the requests opened
 *     since.
 * @param more whether requests remain to examine now beyond this page
 */
public record RequestPage(String party, List<RequestSummary> requests, Long next, boolean more) {

  /** Copies the list. */
  public RequestPage {
    requests = requests == null ? List.of() : List.copyOf(requests);
  }

  /**
   * The listing that asks for the page after this one, or empty if there is none to ask for now.
   */
  public Optional<RequestListing> following(RequestListing asked) {
    return more && next != null ? Optional.of(asked.from(next)) : Optional.empty();
  }
}
