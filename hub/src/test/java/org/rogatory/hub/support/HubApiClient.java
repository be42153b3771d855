package org.rogatory.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.rogatory.crypto.Pkcs12;

/**
 * A small HTTPS client for black-box tests of the hub: real TLS 1.3, trusting the hub's CA,
 * optionally presenting a client certificate.
 */
public final class HubApiClient {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String base;

  private HubApiClient(HttpClient http, String base) {
    this.http = http;
    this.base = base;
  }

  /** Trusts the CA in {@code trustStore}; presents the key in {@code keyStore} if not null. */
  public static HubApiClient of(int port, Path trustStore, byte[] keyStore, char[] password)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(new ByteArrayInputStream(Files.readAllBytes(trustStore)), password);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (keyStore != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(new ByteArrayInputStream(keyStore), password);
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
    }
    SSLContext ssl = SSLContext.getInstance("TLSv1.3");
    ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpClient http =
        HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    return new HubApiClient(http, "https://localhost:" + port);
  }

  /** The same caller (same TLS credentials) talking to the hub node on {@code port}. */
  public HubApiClient at(int port) {
    return new HubApiClient(http, "https://localhost:" + port);
  }

  /** A PKCS#12 key store from a private key and the PEM chain the hub returned at enrolment. */
  public static byte[] keyStore(PrivateKey key, String pemChain, char[] password) throws Exception {
    Collection<? extends Certificate> chain =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pemChain.getBytes(StandardCharsets.US_ASCII)));
    return Pkcs12.write("party", key, chain.toArray(new Certificate[0]), password);
  }

  public record Response(int status, byte[] body, java.net.http.HttpHeaders headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
      }
    }

    public String code() {
      return json().path("code").asText();
    }

    @Override
    public String toString() {
      return status + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A request builder for {@code path} on this client's hub, to add headers before sending. */
  public HttpRequest.Builder requestTo(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  public Response get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response postJson(String path, Object body, String idempotencyKey) throws Exception {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return send(b);
  }

  public Response post(String path, String contentType, byte[] body, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return send(b);
  }

  /** One server-sent event as received. */
  public record Sse(String id, String event, JsonNode data) {}

  /**
   * Opens the push channel; events go to {@code sink} from a background reader until the returned
   * handle is closed.
   */
  public AutoCloseable events(String lastEventId, java.util.concurrent.BlockingQueue<Sse> sink)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/v1/events"))
            .header("Accept", "text/event-stream")
            .GET();
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<java.util.stream.Stream<String>> r =
        http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("push channel refused: " + r.statusCode());
    }
    java.util.stream.Stream<String> lines = r.body();
    Thread reader =
        new Thread(
            () -> {
              String id = null;
              String event = null;
              StringBuilder data = new StringBuilder();
              try {
                for (String line : (Iterable<String>) lines::iterator) {
                  if (line.isEmpty()) {
                    if (data.length() > 0) {
                      sink.add(new Sse(id, event, JSON.readTree(data.toString())));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                  } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                  } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                  } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                  }
                }
              } catch (Exception e) {
                // closed
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return lines::close;
  }

  /** A request builder for {@code path} on this hub, for calls the helpers above do not cover. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  /**
   * Sends without the usual 30 s limit, with the caller's body handler: for transfers that take
   * longer, such as streaming a large attachment in or out.
   */
  public <T> HttpResponse<T> sendUnbounded(
      HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) throws Exception {
    return http.send(b.build(), handler);
  }

  public Response send(HttpRequest.Builder b) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), r.body(), r.headers());
  }
}
