package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rogatory.crypto.PartyId;

class RequestListingTest {

  @Test
  void newestFirst_byDefault_asksFiftyFromTheNewest() {
    assertThat(RequestListing.newestFirst().query()).isEqualTo("limit=50&order=NEWEST");
  }

  @Test
  void listing_withEveryOption_namesEachInTheQuery() {
    RequestListing l =
        RequestListing.oldestFirst()
            .from(12)
            .limit(200)
            .status(RequestStatus.IN_EXECUTION)
            .counterpart(PartyId.of("state.nl"));
    assertThat(l.query())
        .isEqualTo("limit=200&order=OLDEST&from=12&status=IN_EXECUTION&counterpart=state.nl");
  }

  @Test
  void listing_isImmutable_eachMethodReturnsACopy() {
    RequestListing base = RequestListing.newestFirst();
    RequestListing limited = base.limit(5);
    assertThat(base.query()).isEqualTo("limit=50&order=NEWEST");
    assertThat(limited).isNotEqualTo(base).isEqualTo(RequestListing.newestFirst().limit(5));
  }

  @Test
  void listing_outOfRange_throws() {
    assertThatThrownBy(() -> RequestListing.newestFirst().limit(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestListing.newestFirst().limit(201))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestListing.newestFirst().from(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestListing.newestFirst().status(RequestStatus.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void following_afterALastPage_isEmpty_otherwiseStartsAtNext() {
    RequestListing asked = RequestListing.newestFirst().limit(2);
    RequestPage middle = new RequestPage("court.x", List.of(), 7L, true);
    RequestPage last = new RequestPage("court.x", List.of(), null, false);
    assertThat(middle.following(asked)).contains(asked.from(7));
    assertThat(last.following(asked)).isEmpty();
  }
}
