package org.rogatory.hub.console.web;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import org.rogatory.hub.infra.tls.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The console's own HTTPS server (docs/decisions/0009): a second Reactor Netty server beside the
 * party API's, on {@code rogatory.console.port}, with the hub's TLS certificate and no client
 * certificate requested. It serves only the console's routes, so none of the API's filters (and
 * none of the console's sessions) cross between the two.
 */
@Component
@ConditionalOnProperty(
    name = "rogatory.console.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class ConsoleServer implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private final ConsoleRoutes routes;
  private final HubPki pki;
  private final ConfigurableEnvironment environment;
  private final String address;
  private final int port;
  private volatile DisposableServer server;

  ConsoleServer(
      ConsoleRoutes routes,
      HubPki pki,
      ConfigurableEnvironment environment,
      @Value("${rogatory.console.address:0.0.0.0}") String address,
      @Value("${rogatory.console.port:8444}") int port) {
    this.routes = routes;
    this.pki = pki;
    this.environment = environment;
    this.address = address;
    this.port = port;
  }

  @Override
  public void start() {
    HttpHandler handler =
        RouterFunctions.toHttpHandler(routes.router(), HandlerStrategies.withDefaults());
    SslContext tls = tls();
    server =
        HttpServer.create()
            .host(address)
            .port(port)
            .secure(spec -> spec.sslContext(tls))
            .handle(new ReactorHttpHandlerAdapter(handler))
            .bindNow();
    // Published like Spring Boot's local.server.port, for the startup report and tests.
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("console", Map.of("local.console.port", server.port())));
    LOG.info("the Court staff console listens on https://{}:{}/", address, server.port());
  }

  private SslContext tls() {
    char[] password = pki.password();
    try (InputStream in = Files.newInputStream(pki.serverKeyStore())) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      return SslContextBuilder.forServer(kmf)
          .protocols("TLSv1.3")
          .clientAuth(ClientAuth.NONE)
          .build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the hub's TLS key for the console", e);
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  @Override
  public void stop() {
    DisposableServer s = server;
    if (s != null) {
      s.disposeNow();
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The port the console listens on (the configured one, or the one chosen for port 0). */
  public int port() {
    DisposableServer s = server;
    if (s == null) {
      throw new IllegalStateException("the console is not running");
    }
    return s.port();
  }
}
