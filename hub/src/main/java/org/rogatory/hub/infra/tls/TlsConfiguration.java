package org.rogatory.hub.infra.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.rogatory.crypto.CryptoException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the API over TLS 1.3 with the hub's own certificate. Client certificates are requested but
 * not required at the TLS layer, so that a party without one can enrol; the party API then requires
 * one (see {@code PartyAuthenticationFilter}).
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

  @Bean
  HubPki hubPki(
      @Value("${rogatory.data-dir:./data}") Path dataDir,
      @Value("${ROGATORY_KEYSTORE_PASSWORD:${rogatory.tls.keystore-password:}}") String password,
      @Value("${rogatory.tls.host-names:}") List<String> hostNames,
      Clock clock)
      throws IOException, CryptoException {
    return HubPki.openOrCreate(dataDir.resolve("pki"), password, hostNames, clock);
  }

  @Bean
  WebServerFactoryCustomizer<NettyReactiveWebServerFactory> tlsCustomizer(
      HubPki pki, @Value("${rogatory.tls.enabled:true}") boolean enabled) {
    // Unordered customizers run after Spring Boot's own, so these settings win.
    return new WebServerFactoryCustomizer<>() {
      @Override
      public void customize(NettyReactiveWebServerFactory factory) {
        if (!enabled) {
          return;
        }
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setKeyStore(pki.serverKeyStore().toUri().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(new String(pki.password()));
        ssl.setTrustStore(pki.trustStore().toUri().toString());
        ssl.setTrustStoreType("PKCS12");
        ssl.setTrustStorePassword(new String(pki.password()));
        ssl.setClientAuth(Ssl.ClientAuth.WANT);
        ssl.setEnabledProtocols(new String[] {"TLSv1.3"});
        factory.setSsl(ssl);
      }
    };
  }
}
