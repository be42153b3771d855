package org.rogatory.hub.request.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.hub.request.push.PushFeed;
import org.rogatory.hub.request.push.PushFeed.AccessWithdrawnException;
import org.rogatory.hub.request.push.PushFeed.Notification;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * The push channel: server-sent events telling a party of new messages and status changes on its
 * requests. Each event's id is the global sequence of the fact it reports; reconnect with {@code
 * Last-Event-ID} (or {@code ?after=}) to receive everything after it exactly once. The stream opens
 * with a comment whose id is the position it starts after, so that a client resumes without a gap
 * even if the connection broke before the first notification.
 */
@RestController
class PushHandler {
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final PushFeed feed;

  PushHandler(PushFeed feed) {
    this.feed = feed;
  }

  @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<Map<String, Object>>> events(
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(name = "after", required = false) String after,
      ServerWebExchange exchange) {
    Caller caller = Caller.of(exchange);
    String party = caller.requireParty();
    try {
      feed.requireAccess(party, caller.certificateSerial());
    } catch (AccessWithdrawnException e) {
      throw refusal(e);
    }
    Long resumeAfter = parse(lastEventId != null ? lastEventId : after);
    // "From now" is pinned to a position the client is told (the id of the opening comment), so a
    // client whose connection breaks before its first notification resumes from there, not from
    // whenever it reconnects: otherwise whatever happened in between would be lost.
    long start = resumeAfter != null ? resumeAfter : feed.position();
    Flux<ServerSentEvent<Map<String, Object>>> notifications =
        feed.subscribe(party, caller.certificateSerial(), start)
            .onErrorMap(AccessWithdrawnException.class, PushHandler::refusal)
            .map(PushHandler::toEvent);
    Flux<ServerSentEvent<Map<String, Object>>> heartbeats =
        Flux.interval(HEARTBEAT)
            .map(i -> ServerSentEvent.<Map<String, Object>>builder().comment("heartbeat").build());
    // A comment first, so that the client sees the stream open before any event arrives; its id
    // (an event without data sets the client's last event id, and is not dispatched) is where
    // this stream starts.
    return Flux.concat(
        Flux.just(
            ServerSentEvent.<Map<String, Object>>builder()
                .id(Long.toString(start))
                .comment("connected")
                .build()),
        Flux.merge(notifications, heartbeats));
  }

  private static ApiException refusal(AccessWithdrawnException e) {
    return new ApiException(
        switch (e.why()) {
          case PARTY_SUSPENDED -> ErrorCode.PARTY_SUSPENDED;
          case CERTIFICATE_REVOKED -> ErrorCode.CERTIFICATE_REVOKED;
        },
        e.getMessage());
  }

  private static Long parse(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      long value = Long.parseLong(id.trim());
      if (value < -1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "Last-Event-ID (or after) must be the id of an event this channel sent, a number >= -1");
    }
  }

  private static ServerSentEvent<Map<String, Object>> toEvent(Notification n) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("sequence", n.sequence());
    data.put("type", n.type());
    data.put("requestId", n.requestId());
    if (n.messageId() != null) {
      data.put("messageId", n.messageId());
    }
    if (n.actor() != null) {
      data.put("actor", n.actor());
    }
    if (n.detail() != null) {
      data.put("detail", n.detail());
    }
    data.put("at", n.at().toString());
    return ServerSentEvent.<Map<String, Object>>builder()
        .id(Long.toString(n.sequence()))
        .event(n.type())
        .data(data)
        .build();
  }
}
