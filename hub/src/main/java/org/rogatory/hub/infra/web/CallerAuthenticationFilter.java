package org.rogatory.hub.infra.web;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.protocol.ErrorCode;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every call under {@code /v1/} except the public ones (status, enrolment, the API
 * description) by its TLS client certificate — which the TLS layer has already checked chains to
 * the hub's CA — and refuses revoked certificates and suspended parties on the next request.
 */
@Component
@Order(-100)
class CallerAuthenticationFilter implements WebFilter {
  private final CertificateStatus status;

  CallerAuthenticationFilter(CertificateStatus status) {
    this.status = status;
  }

  static boolean isPublic(String path) {
    return !path.startsWith("/v1/")
        || path.equals("/v1/status")
        || path.equals("/v1/enrolment")
        || path.startsWith("/v1/openapi");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (isPublic(path)) {
      return chain.filter(exchange);
    }
    X509Certificate cert = clientCertificate(exchange.getRequest().getSslInfo());
    if (cert == null) {
      return Mono.error(
          new ApiException(
              ErrorCode.UNAUTHENTICATED,
              "this call needs the client certificate the hub issued to your party"));
    }
    String serial = Caller.serialOf(cert);
    Optional<String> admin = HubCertificateAuthority.administratorOf(cert);
    if (admin.isPresent()) {
      exchange.getAttributes().put(Caller.ATTRIBUTE, new Caller(null, admin.get(), serial, null));
      return chain.filter(exchange);
    }
    String party;
    try {
      party = HubCertificateAuthority.partyOf(cert).value();
    } catch (CryptoException e) {
      return Mono.error(new ApiException(ErrorCode.UNAUTHENTICATED, e.getMessage()));
    }
    // The handler's own blocking work then runs on the same worker (Blocking.call).
    return Blocking.call(() -> status.inspect(party, serial))
        .flatMap(
            checked ->
                switch (checked.verdict()) {
                  case OK -> {
                    exchange
                        .getAttributes()
                        .put(Caller.ATTRIBUTE, new Caller(party, null, serial, checked.party()));
                    yield chain.filter(exchange);
                  }
                  case REVOKED, UNKNOWN ->
                      Mono.error(
                          new ApiException(
                              ErrorCode.CERTIFICATE_REVOKED,
                              "certificate " + serial + " is revoked or unknown to the hub"));
                  case SUSPENDED ->
                      Mono.error(
                          new ApiException(
                              ErrorCode.PARTY_SUSPENDED, "party " + party + " is suspended"));
                });
  }

  private static X509Certificate clientCertificate(SslInfo ssl) {
    if (ssl == null || ssl.getPeerCertificates() == null || ssl.getPeerCertificates().length == 0) {
      return null;
    }
    return ssl.getPeerCertificates()[0];
  }
}
