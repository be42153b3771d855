package org.rogatory.hub.console;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.rogatory.hub.infra.tls.HubPki;

/**
 * A browser without a browser: one staff member's cookie jar over HTTPS to the console, trusting
 * only the hub's CA. Each POST carries the CSRF token of the last page read.
 */
final class ConsoleHttp {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private final HttpClient client;
  private final int port;
  private String csrf;

  /** A response: status, where it redirects (if it does), and the body. */
  record Page(int status, String location, String body) {}

  ConsoleHttp(HubPki pki, int port) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.trustStore())) {
      trust.load(in, pki.password());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    this.client =
        HttpClient.newBuilder()
            .sslContext(ssl)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.port = port;
  }

  Page get(String path) throws Exception {
    Page p =
        send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).GET().build());
    Matcher m = CSRF.matcher(p.body());
    if (m.find()) {
      csrf = m.group(1);
    }
    return p;
  }

  Page post(String path, Map<String, String> fields) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(fields);
    if (csrf != null) {
      all.putIfAbsent("csrf", csrf);
    }
    StringBuilder form = new StringBuilder();
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build());
  }

  private Page send(HttpRequest request) throws Exception {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Page(r.statusCode(), r.headers().firstValue("location").orElse(null), r.body());
  }
}
