package org.rogatory.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.rogatory.client.keystore.TlsCredentials;
import org.rogatory.protocol.ErrorCode;

/**
 * HTTPS to the hub: TLS 1.3 trusting only the hub's CA, presenting the party's certificate if it
 * has one, and the retry loop. Thread-safe.
 */
final class HubTransport {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Reads a successful response's body; runs inside the retry loop. */
  @FunctionalInterface
  interface Reader<T, X extends Exception> {
    T read(HttpResponse<InputStream> response, InputStream body) throws IOException, X;
  }

  private final URI base;
  private final HttpClient http;
  private final ExecutorService executor;
  private final Duration requestTimeout;
  private final RetryPolicy retry;

  private HubTransport(
      URI base,
      HttpClient http,
      ExecutorService executor,
      Duration requestTimeout,
      RetryPolicy retry) {
    this.base = base;
    this.http = http;
    this.executor = executor;
    this.requestTimeout = requestTimeout;
    this.retry = retry;
  }

  static HubTransport create(
      URI base,
      X509Certificate trustAnchor,
      TlsCredentials credentials,
      Duration connectTimeout,
      Duration requestTimeout,
      RetryPolicy retry) {
    SSLContext ssl;
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("rogatory-hub-ca", trustAnchor);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      ssl = SSLContext.getInstance("TLSv1.3");
      KeyManager[] keys =
          credentials == null ? null : new KeyManager[] {new CredentialKeyManager(credentials)};
      ssl.init(keys, tmf.getTrustManagers(), null);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("this JDK cannot set up TLS 1.3", e);
    }
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "rogatory-hub-client-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ExecutorService executor = Executors.newCachedThreadPool(threads);
    SSLParameters params = new SSLParameters();
    params.setProtocols(new String[] {"TLSv1.3"});
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(ssl)
            .sslParameters(params)
            .connectTimeout(connectTimeout)
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new HubTransport(base, http, executor, requestTimeout, retry);
  }

  /** The time allowed for a call until the hub's answer starts. */
  Duration requestTimeout() {
    return requestTimeout;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout);
  }

  static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  /** A call whose answer is JSON (or empty), read into {@code type} (or null for Void). */
  <T> T call(Supplier<HttpRequest> request, boolean retryAfterSend, Class<T> type)
      throws HubException {
    try {
      return exchange(
          request,
          retryAfterSend,
          (response, body) -> {
            if (type == Void.class) {
              body.transferTo(OutputStreamSink.INSTANCE);
              return null;
            }
            return JSON.readValue(body, type);
          });
    } catch (NetworkIOException e) {
      throw new HubUnreachableException("the connection to the hub failed: " + e.getMessage());
    } catch (IOException e) {
      throw new HubException(
          ErrorCode.INTERNAL, 200, "the hub's answer could not be read: " + e.getMessage(), null);
    }
  }

  /**
   * Sends {@code request} (rebuilt for every attempt) until it gets an answer it should not retry.
   * A 2xx answer (or a 304, which only a conditional request gets) is handed to {@code reader}; an
   * IOException while the body is read from the network counts as a failed attempt. IOExceptions
   * that do not come from the network (e.g. while writing a file) are thrown as they are.
   */
  <T, X extends Exception> T exchange(
      Supplier<HttpRequest> request, boolean retryAfterSend, Reader<T, X> reader)
      throws HubException, IOException, X {
    for (int attempt = 1; ; attempt++) {
      Duration retryAfter = null;
      IOException failure = null;
      HttpResponse<InputStream> response = null;
      try {
        response = http.send(request.get(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (SSLException e) {
        throw new HubUnreachableException(
            "the TLS handshake with the hub failed (check the hub URL and trust anchor): "
                + e.getMessage());
      } catch (ConnectException e) {
        failure = e; // nothing was sent: always safe to repeat
      } catch (IOException e) {
        if (!retryAfterSend) {
          throw new HubUnreachableException(
              "the hub did not answer; the call may or may not have taken effect: "
                  + e.getMessage());
        }
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HubUnreachableException("interrupted while talking to the hub");
      }
      if (response != null) {
        int status = response.statusCode();
        if (status / 100 == 2 || status == 304) {
          try (InputStream body = new NetworkInputStream(response.body())) {
            return reader.read(response, body);
          } catch (NetworkIOException e) {
            if (!retryAfterSend) {
              throw new HubUnreachableException(
                  "the connection broke while reading the hub's answer: " + e.getMessage());
            }
            failure = e;
          }
        } else {
          HubException refusal = refusal(response);
          boolean transientStatus = status == 429 || status / 100 == 5;
          if (!transientStatus || !retryAfterSend || attempt >= retry.maxAttempts()) {
            throw refusal;
          }
          retryAfter = retryAfter(response);
        }
      }
      if (attempt >= retry.maxAttempts()) {
        throw new HubUnreachableException(
            "no answer from the hub after "
                + attempt
                + " attempt(s): "
                + (failure == null ? "it kept failing" : failure.getMessage()));
      }
      sleep(retry.backoff(attempt, retryAfter));
    }
  }

  static void sleep(Duration d) throws HubUnreachableException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubUnreachableException("interrupted while waiting to retry");
    }
  }

  /**
   * Sends one request, no retry: for callers that run their own loop (push, resumable transfers).
   */
  HttpResponse<InputStream> sendOnce(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  RetryPolicy retry() {
    return retry;
  }

  static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .orElse(null);
  }

  /** The hub's refusal in {@code response} (a non-2xx answer), its body consumed. */
  static HubException refusal(HttpResponse<InputStream> response) {
    int status = response.statusCode();
    byte[] bytes;
    try (InputStream body = response.body()) {
      bytes = body.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      bytes = new byte[0];
    }
    try {
      JsonNode error = JSON.readTree(bytes);
      if (error != null && error.hasNonNull("code")) {
        return new HubException(
            ErrorCode.fromWire(error.get("code").asText()),
            status,
            error.path("message").asText(""),
            error.hasNonNull("correlationId") ? error.get("correlationId").asText() : null);
      }
    } catch (IOException notJson) {
      // fall through: answer without the hub's error body (e.g. from a proxy)
    }
    ErrorCode code =
        switch (status) {
          case 401 -> ErrorCode.UNAUTHENTICATED;
          case 403 -> ErrorCode.FORBIDDEN;
          case 404 -> ErrorCode.NOT_FOUND;
          case 413 -> ErrorCode.BODY_TOO_LARGE;
          case 429 -> ErrorCode.RATE_LIMITED;
          case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
          default -> ErrorCode.INTERNAL;
        };
    return new HubException(code, status, "the hub answered HTTP " + status, null);
  }

  /** Stops the client's threads; connections close as the JDK's client is collected. */
  void close() {
    executor.shutdownNow();
  }

  /** Marks failures while reading a response body as network failures. */
  private static final class NetworkInputStream extends FilterInputStream {
    NetworkInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new NetworkIOException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new NetworkIOException(e);
      }
    }
  }

  /** An IOException that happened on the network while reading an answer. */
  static final class NetworkIOException extends IOException {
    private static final long serialVersionUID = 1L;

    NetworkIOException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Discards bytes. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
