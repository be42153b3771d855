package org.rogatory.hub.infra.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.rogatory.hub.access.api.AccessRefusedEvent;
import org.rogatory.hub.infra.metrics.HubMetrics;
import org.rogatory.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error leaves the hub as {@code {"code", "message", "correlationId"}} with the code's
 * status; no stack trace, no framework page. Unexpected failures are logged with the correlation id
 * the caller received.
 */
@Component
@Order(-2)
class ErrorResponseHandler implements WebExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponseHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubMetrics metrics;
  private final EventGateway events;
  private final Clock clock;

  ErrorResponseHandler(EventGateway events, HubMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(error);
    }
    if (error instanceof reactor.netty.channel.AbortedException) {
      // The client went away mid-request (a cut upload, a closed tab): nobody is left to answer,
      // and a resumable upload keeps what arrived. Not a fault of the hub.
      LOG.info("client closed the connection on {}", exchange.getRequest().getPath());
      return Mono.empty();
    }
    ErrorMapping.Mapped mapped = ErrorMapping.map(error);
    // The caller's id if it cannot forge log lines, else a fresh one (CorrelationIdFilter).
    String correlationId = CorrelationIdFilter.idOf(exchange);
    if (mapped.code() == ErrorCode.INTERNAL || mapped.code() == ErrorCode.UNAVAILABLE) {
      try (org.slf4j.MDC.MDCCloseable ignored =
          org.slf4j.MDC.putCloseable(CorrelationIdFilter.MDC_KEY, correlationId)) {
        LOG.error(
            "{} on {} [{}]", mapped.code(), exchange.getRequest().getPath(), correlationId, error);
      }
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("code", mapped.code().wire());
    body.put("message", mapped.message() == null ? mapped.code().guidance() : mapped.message());
    body.put("correlationId", correlationId);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      bytes = ("{\"code\":\"INTERNAL\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    metrics.error(mapped.code().wire(), mapped.status());
    response.setStatusCode(HttpStatusCode.valueOf(mapped.status()));
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().set(CorrelationIdFilter.HEADER, correlationId);
    if (mapped.code() == ErrorCode.UNAVAILABLE) {
      response.getHeaders().set("Retry-After", "2");
    }
    Mono<Void> write = response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
    if (caller != null
        && (mapped.code() == ErrorCode.FORBIDDEN || mapped.code() == ErrorCode.NOT_FOUND)) {
      // Recorded before the refusal is sent; should the store fail, the refusal still goes out and
      // the failure is logged with the correlation id.
      AccessRefusedEvent refused =
          new AccessRefusedEvent(
              caller.party(),
              caller.administrator(),
              caller.certificateSerial(),
              exchange.getRequest().getMethod().name(),
              truncate(exchange.getRequest().getPath().value()),
              mapped.code().wire(),
              clock.instant());
      return Blocking.call(
              () -> {
                events.publish(refused);
                return Boolean.TRUE;
              })
          .onErrorResume(
              e -> {
                try (org.slf4j.MDC.MDCCloseable ignored =
                    org.slf4j.MDC.putCloseable(CorrelationIdFilter.MDC_KEY, correlationId)) {
                  LOG.error("could not record a refused access [{}]", correlationId, e);
                }
                return Mono.just(Boolean.FALSE);
              })
          .then(write);
    }
    return write;
  }

  private static String truncate(String path) {
    return path.length() <= 256 ? path : path.substring(0, 256) + "...";
  }
}
