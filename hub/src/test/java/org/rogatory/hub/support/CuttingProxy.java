package org.rogatory.hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between a client and the hub that a test can break: it cuts every open connection at
 * once, refuses connections while it is down, or cuts the connection that carries the Nth byte of
 * an upload or a download from now. TLS passes through it untouched (the client still talks to the
 * hub end to end), so what the client sees is exactly a broken network.
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicLong upBudget = new AtomicLong(-1);
  private final AtomicLong downBudget = new AtomicLong(-1);
  private volatile Duration stall = Duration.ZERO;
  private volatile boolean down;
  private volatile boolean closed;

  private CuttingProxy(ServerSocket server, int target) {
    this.server = server;
    this.target = target;
  }

  /** A relay on a free loopback port to {@code localhost:targetPort}. */
  public static CuttingProxy to(int targetPort) throws IOException {
    CuttingProxy p =
        new CuttingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    Thread t = new Thread(p::accept, "cutting-proxy-" + p.port());
    t.setDaemon(true);
    t.start();
    return p;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** How many connections it cut so far. */
  public int cuts() {
    return cuts.get();
  }

  /** Cuts every open connection. */
  public void cutAll() {
    if (!open.isEmpty()) {
      cuts.incrementAndGet();
    }
    for (Socket s : open) {
      cut(s);
    }
  }

  /** Cuts every open connection and refuses new ones until {@link #up()}. */
  public void down() {
    down = true;
    cutAll();
  }

  /** Accepts connections again. */
  public void up() {
    down = false;
  }

  /**
   * Cuts the connection that carries the {@code n}th client-to-hub byte from now, once: it forwards
   * the first {@code n} bytes, stalls for {@code stall} (the hub stores what it got, as it would
   * before noticing a dead line), then breaks both sides.
   */
  public void cutUploadAfter(long n, Duration stall) {
    this.stall = stall;
    upBudget.set(n);
  }

  /** Cuts the connection that carries the {@code n}th hub-to-client byte from now, once. */
  public void cutDownloadAfter(long n) {
    stall = Duration.ZERO;
    downBudget.set(n);
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (down) {
        cut(client);
        continue;
      }
      try {
        Socket hub = new Socket("localhost", target);
        open.add(client);
        open.add(hub);
        pump(client, hub, upBudget, "up");
        pump(hub, client, downBudget, "down");
      } catch (IOException e) {
        cut(client);
      }
    }
  }

  private void pump(Socket from, Socket to, AtomicLong budget, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  long left = budget.get();
                  if (left >= 0 && left <= n && budget.compareAndSet(left, -1)) {
                    out.write(buf, 0, (int) left);
                    out.flush();
                    sleep(stall);
                    cuts.incrementAndGet();
                    cut(from);
                    cut(to);
                    return;
                  }
                  if (left > n) {
                    budget.compareAndSet(left, left - n);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
                to.shutdownOutput();
              } catch (IOException e) {
                cut(from);
                cut(to);
              }
            },
            "cutting-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void cut(Socket s) {
    open.remove(s);
    try {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0); // a reset, as a broken network looks to the peer
        s.close();
      }
    } catch (IOException e) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    cutAll();
  }
}
