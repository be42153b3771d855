package org.rogatory.hub.infra.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(error);
    }
    ErrorMapping.Mapped mapped = ErrorMapping.map(error);
    String correlationId =
        exchange.getRequest().getHeaders().getFirst("X-Correlation-Id") != null
            ? exchange.getRequest().getHeaders().getFirst("X-Correlation-Id")
            : UUID.randomUUID().toString();
    if (mapped.code() == ErrorCode.INTERNAL || mapped.code() == ErrorCode.UNAVAILABLE) {
      LOG.error(
          "{} on {} [{}]", mapped.code(), exchange.getRequest().getPath(), correlationId, error);
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
    response.setStatusCode(HttpStatusCode.valueOf(mapped.status()));
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().set("X-Correlation-Id", correlationId);
    if (mapped.code() == ErrorCode.UNAVAILABLE) {
      response.getHeaders().set("Retry-After", "2");
    }
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
