package org.rogatory.client;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;

/**
 * A live subscription to the hub's push channel, from {@link HubClient#subscribe}. It delivers each
 * notification on the party's requests to its {@link PushListener} exactly once and in order,
 * reconnecting by itself, with backoff, whenever the connection breaks, the hub restarts, or no
 * heartbeat arrived for a while; each reconnection resumes after the last notification delivered
 * ({@code Last-Event-ID}), so nothing is missed or repeated. Close it to stop.
 *
 * <p>{@link #position()} is the resume token: store it with what the listener did, and pass it to
 * {@link HubClient#subscribe(long, PushListener)} after a restart of the application to go on
 * exactly where it stopped.
 *
 * <h2>Security guarantees</h2>
 *
 * The channel runs over the client's mutually authenticated TLS 1.3 connection; it carries metadata
 * only (who acted on which request and when), never content.
 *
 * <h2>Warning</h2>
 *
 * Exactly-once holds per subscription and, through {@link #position()}, across subscriptions as
 * long as the hub's event log is the same; a listener that throws ends the subscription (see {@link
 * PushListener}). One thread per subscription reads the stream and calls the listener, and a second
 * one watches for silence.
 */
public final class Subscription implements AutoCloseable {
  /** The position is not known yet (subscribed "from now" and the hub has not said where). */
  private static final long UNKNOWN = Long.MIN_VALUE;

  private static final Duration MIN_WAIT = Duration.ofMillis(50);
  private static final Duration STABLE = Duration.ofSeconds(10);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HubClient client;
  private final PushListener listener;
  private final Duration idleTimeout;
  private final Thread reader;
  private final Thread watchdog;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile long position;
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile InputStream current;
  private volatile long lastActivity;
  private volatile boolean silent;
  private volatile Exception failure;

  private Subscription(HubClient client, long after, PushListener listener, Duration idleTimeout) {
    this.client = client;
    this.listener = listener;
    this.idleTimeout = idleTimeout;
    this.position = after;
    int n = THREADS.incrementAndGet();
    this.reader = new Thread(this::run, "rogatory-push-" + n);
    this.reader.setDaemon(true);
    this.watchdog = new Thread(this::watch, "rogatory-push-watchdog-" + n);
    this.watchdog.setDaemon(true);
  }

  /** Starts a subscription after {@code after}, or from now if {@code after} is null. */
  static Subscription start(
      HubClient client, Long after, PushListener listener, Duration idleTimeout) {
    Subscription s =
        new Subscription(client, after == null ? UNKNOWN : after, listener, idleTimeout);
    s.reader.start();
    s.watchdog.start();
    return s;
  }

  /**
   * The position after which this subscription has delivered everything: the {@code sequence} of
   * the last notification delivered, or where the stream started; empty if subscribed "from now"
   * and not yet connected.
   */
  public OptionalLong position() {
    long p = position;
    return p == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(p);
  }

  /** Whether the stream is open right now. */
  public boolean isConnected() {
    return connected;
  }

  /** Why the subscription ended by itself, if it did (see {@link PushListener#onFailure}). */
  public Optional<Exception> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Waits until the subscription has ended, by {@link #close()} or by itself.
   *
   * @return whether it ended within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the subscription and closes its connection. Once it returns (unless called from the
   * listener itself), the listener is not called any more.
   */
  @Override
  public void close() {
    closed = true;
    closeCurrent();
    watchdog.interrupt();
    if (Thread.currentThread() != reader) {
      reader.interrupt();
      try {
        reader.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + (closed ? "closed" : connected ? "connected" : "connecting") + "]";
  }

  private void run() {
    int failures = 0;
    boolean everConnected = false;
    try {
      while (!closed) {
        String reason;
        Duration retryAfter = null;
        long openedAt = System.nanoTime();
        int delivered = 0;
        try {
          HttpResponse<InputStream> response = client.transport().sendOnce(request());
          int status = response.statusCode();
          if (status == 200) {
            everConnected = true;
            silent = false;
            delivered = readStream(response.body());
            reason =
                silent
                    ? "nothing heard from the hub for " + idleTimeout.toSeconds() + " s"
                    : "the hub ended the stream";
          } else if (status == 408 || status == 429 || status / 100 == 5) {
            HubException refusal = HubTransport.refusal(response);
            reason = "the hub answered " + refusal;
            retryAfter = HubTransport.retryAfter(response);
          } else {
            fail(HubTransport.refusal(response));
            return;
          }
        } catch (SSLHandshakeException e) {
          if (!everConnected) {
            fail(
                new HubUnreachableException(
                    "the TLS handshake with the hub failed (check the hub URL and trust anchor): "
                        + e.getMessage()));
            return;
          }
          reason = "the TLS handshake failed: " + e.getMessage();
        } catch (IOException e) {
          reason =
              silent
                  ? "nothing heard from the hub for " + idleTimeout.toSeconds() + " s"
                  : "the connection broke: " + e.getMessage();
        } catch (InterruptedException e) {
          if (closed) {
            return;
          }
          Thread.currentThread().interrupt();
          fail(new HubUnreachableException("interrupted while following the push channel"));
          return;
        } catch (ListenerFailure e) {
          fail(e.cause);
          return;
        } finally {
          connected = false;
          current = null;
        }
        if (closed) {
          return;
        }
        boolean stable = delivered > 0 || System.nanoTime() - openedAt > STABLE.toNanos();
        failures = stable ? 1 : failures + 1;
        Duration wait = client.transport().retry().backoff(Math.min(failures, 20), retryAfter);
        if (wait.compareTo(MIN_WAIT) < 0) {
          wait = MIN_WAIT;
        }
        try {
          listener.onDisconnected(reason, wait);
        } catch (RuntimeException e) {
          fail(e);
          return;
        }
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          if (!closed) {
            Thread.currentThread().interrupt();
            fail(new HubUnreachableException("interrupted while following the push channel"));
          }
          return;
        }
      }
    } finally {
      connected = false;
      watchdog.interrupt();
      ended.countDown();
    }
  }

  private HttpRequest request() {
    HttpRequest.Builder b =
        client.transport().request("/v1/events").header("Accept", "text/event-stream").GET();
    long p = position;
    if (p != UNKNOWN) {
      b.header("Last-Event-ID", Long.toString(p));
    }
    return b.build();
  }

  /** Reads one connection's stream to its end; returns how many notifications it delivered. */
  private int readStream(InputStream body) throws IOException {
    InputStream in = new ActivityInputStream(body);
    current = in;
    lastActivity = System.nanoTime();
    if (closed) {
      in.close();
      return 0;
    }
    int delivered = 0;
    try (in) {
      connected = true;
      EventStreamReader events = new EventStreamReader(new BufferedInputStream(in, 8192));
      boolean announced = false;
      EventStreamReader.Event e;
      while (!closed && (e = events.next()) != null) {
        if (e.data() == null) {
          // The opening comment's id: where the stream starts. It pins "from now".
          long start = parseId(e.id());
          if (position == UNKNOWN) {
            position = start;
          }
          if (!announced) {
            announced = true;
            callListener(() -> listener.onConnected(start));
          }
          continue;
        }
        if (!announced) {
          announced = true;
          long p = position;
          callListener(() -> listener.onConnected(p == UNKNOWN ? -2 : p));
        }
        Notification n = notification(e);
        long p = position;
        if (p != UNKNOWN && n.sequence() <= p) {
          continue; // already delivered: never twice
        }
        callListener(() -> listener.onNotification(n));
        position = n.sequence();
        delivered++;
      }
    }
    return delivered;
  }

  private static long parseId(String id) throws IOException {
    try {
      if (id != null) {
        return Long.parseLong(id.trim());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("the push channel sent an event without a numeric id");
  }

  private static Notification notification(EventStreamReader.Event e) throws IOException {
    long sequence = parseId(e.id());
    NotificationBody b = HubTransport.JSON.readValue(e.data(), NotificationBody.class);
    return new Notification(
        sequence,
        b.type() != null ? b.type() : e.type(),
        b.requestId(),
        b.messageId(),
        b.actor(),
        b.detail(),
        b.at());
  }

  /** The JSON data of one event. */
  record NotificationBody(
      long sequence,
      String type,
      String requestId,
      String messageId,
      String actor,
      String detail,
      Instant at) {}

  private void callListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      throw new ListenerFailure(e);
    }
  }

  private void fail(Exception cause) {
    if (closed) {
      return;
    }
    failure = cause;
    try {
      listener.onFailure(cause);
    } catch (RuntimeException ignored) {
      // the subscription is over either way
    }
  }

  /** Closes a stream that went silent for longer than the idle timeout: the reader reconnects. */
  private void watch() {
    long tick = Math.max(50, Math.min(1000, idleTimeout.toMillis() / 4));
    while (!closed) {
      try {
        Thread.sleep(tick);
      } catch (InterruptedException e) {
        return;
      }
      if (current != null && System.nanoTime() - lastActivity > idleTimeout.toNanos()) {
        silent = true;
        closeCurrent();
      }
    }
  }

  private void closeCurrent() {
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing only to wake the reader
      }
    }
  }

  /** Notes the time of every read that brought bytes, heartbeats included. */
  private final class ActivityInputStream extends FilterInputStream {
    ActivityInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      lastActivity = System.nanoTime();
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      lastActivity = System.nanoTime();
      return n;
    }
  }

  /** A listener threw: the subscription ends. */
  private static final class ListenerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RuntimeException cause;

    ListenerFailure(RuntimeException cause) {
      super(null, null, false, false);
      this.cause = cause;
    }
  }
}
