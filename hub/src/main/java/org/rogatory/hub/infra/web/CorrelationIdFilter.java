package org.rogatory.hub.infra.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Gives every API call a correlation id: the caller's {@code X-Correlation-Id} if it is a safe
 * token (so it cannot forge log lines), else a fresh UUID. The id is returned in the response's
 * {@code X-Correlation-Id} header, put in the Reactor context and the exchange, and logged (MDC key
 * {@value #MDC_KEY}; a field of its own in structured JSON logs) on the call's access line and on
 * any failure it causes. The access line names the method, the path, the status and the duration;
 * never a header, a query string or a body.
 */
@Component
@Order(-200)
public class CorrelationIdFilter implements WebFilter {
  public static final String HEADER = "X-Correlation-Id";
  public static final String MDC_KEY = "correlationId";
  static final String ATTRIBUTE = CorrelationIdFilter.class.getName() + ".id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Logger ACCESS = LoggerFactory.getLogger("org.rogatory.hub.access");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String id = idOf(exchange);
    exchange.getResponse().getHeaders().set(HEADER, id);
    long started = System.nanoTime();
    return chain
        .filter(exchange)
        .contextWrite(Context.of(MDC_KEY, id))
        .doFinally(signal -> logAccess(exchange, id, started));
  }

  /** The exchange's correlation id, chosen on first use. */
  public static String idOf(ServerWebExchange exchange) {
    String id = exchange.getAttribute(ATTRIBUTE);
    if (id == null) {
      String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
      id =
          offered != null && SAFE.matcher(offered).matches()
              ? offered
              : UUID.randomUUID().toString();
      exchange.getAttributes().put(ATTRIBUTE, id);
    }
    return id;
  }

  private static void logAccess(ServerWebExchange exchange, String id, long started) {
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id)) {
      ACCESS.info(
          "{} {} {} {} ms",
          exchange.getRequest().getMethod().name(),
          truncate(exchange.getRequest().getPath().value()),
          status == null ? 200 : status.value(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  private static String truncate(String path) {
    return path.length() <= 256 ? path : path.substring(0, 256) + "...";
  }
}
