package org.rogatory.client;

import java.util.Objects;
import org.rogatory.crypto.PartyId;

/**
 * Which of the caller's requests to list, and in which order: an immutable value whose methods
 * return a changed copy. {@code RequestListing.newestFirst().limit(20).status(RequestStatus.OPEN)}.
 *
 * <p>Requests are numbered in the caller's list in the order they were opened; a listing walks that
 * numbering from {@link #from(long)} (by default the newest, or 0 oldest first).
 */
public final class RequestListing {
  /** The hub's largest page. */
  public static final int MAX_LIMIT = 200;

  private final boolean newestFirst;
  private final Long from;
  private final int limit;
  private final RequestStatus status;
  private final PartyId counterpart;

  private RequestListing(
      boolean newestFirst, Long from, int limit, RequestStatus status, PartyId counterpart) {
    this.newestFirst = newestFirst;
    this.from = from;
    this.limit = limit;
    this.status = status;
    this.counterpart = counterpart;
  }

  /** The newest request first, 50 a page, no filter. */
  public static RequestListing newestFirst() {
    return new RequestListing(true, null, 50, null, null);
  }

  /** The oldest request first (a feed to follow: new requests come at its end), 50 a page. */
  public static RequestListing oldestFirst() {
    return new RequestListing(false, null, 50, null, null);
  }

  /**
   * Starts at this place of the list (the {@link RequestPage#next()} of the previous page).
   *
   * @throws IllegalArgumentException if negative
   */
  public RequestListing from(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("from must be >= 0");
    }
    return new RequestListing(newestFirst, position, limit, status, counterpart);
  }

  /**
   * At most this many rows a page.
   *
   * @throws IllegalArgumentException unless 1-200
   */
  public RequestListing limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
    }
    return new RequestListing(newestFirst, from, limit, status, counterpart);
  }

  /** Only requests whose status is now {@code status} (null: any). */
  public RequestListing status(RequestStatus status) {
    if (status == RequestStatus.UNKNOWN) {
      throw new IllegalArgumentException("UNKNOWN is not a status the hub knows");
    }
    return new RequestListing(newestFirst, from, limit, status, counterpart);
  }

  /** Only requests whose other party is {@code counterpart} (null: any). */
  public RequestListing counterpart(PartyId counterpart) {
    return new RequestListing(newestFirst, from, limit, status, counterpart);
  }

  /** The query string of GET /v1/requests, without the leading "?". */
  String query() {
    StringBuilder q = new StringBuilder("limit=").append(limit);
    q.append("&order=").append(newestFirst ? "NEWEST" : "OLDEST");
    if (from != null) {
      q.append("&from=").append(from);
    }
    if (status != null) {
      q.append("&status=").append(status.name());
    }
    if (counterpart != null) {
      // A party id is lower-case letters, digits, '.', '_' and '-': nothing to escape.
      q.append("&counterpart=").append(counterpart.value());
    }
    return q.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestListing l
        && l.newestFirst == newestFirst
        && Objects.equals(l.from, from)
        && l.limit == limit
        && l.status == status
        && Objects.equals(l.counterpart, counterpart);
  }

  @Override
  public int hashCode() {
    return Objects.hash(newestFirst, from, limit, status, counterpart);
  }

  @Override
  public String toString() {
    return "RequestListing[" + query() + "]";
  }
}
