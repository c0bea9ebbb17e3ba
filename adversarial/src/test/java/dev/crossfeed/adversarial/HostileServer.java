package dev.crossfeed.adversarial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server on a loopback {@link ServerSocket} for what MockWebServer cannot do: answer one byte per
 * second, send headers forever, stream a gigabyte it never holds, reset the connection mid-body. Each connection
 * gets its request head read (and its body drained), then the {@link Behaviour} writes whatever it likes. Closing
 * the server closes every socket and releases every pause at once.
 */
final class HostileServer implements AutoCloseable {
  /** What the server does with one connection after reading the request. */
  @FunctionalInterface
  interface Behaviour {
    void serve(Socket socket, HostileServer server) throws IOException;
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ServerSocket listener;
  private final Behaviour behaviour;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  HostileServer(Behaviour behaviour) {
    this.behaviour = behaviour;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on loopback", e);
    }
    start("hostile-accept-" + THREADS.incrementAndGet(), this::acceptLoop);
  }

  /** {@code http://127.0.0.1:PORT}, no path. */
  String root() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  int connections() {
    return connections.get();
  }

  /** Every request head received (request line and headers), in order. */
  List<String> requestHeads() {
    return List.copyOf(requestHeads);
  }

  /** Waits {@code d}, or less if the server closes; returns false once it is closing. */
  boolean pause(Duration d) {
    try {
      return !closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean isClosing() {
    return closing.getCount() == 0;
  }

  @Override
  public void close() {
    closing.countDown();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    for (Thread t : threads) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void acceptLoop() {
    while (!isClosing()) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      sockets.add(s);
      start("hostile-conn-" + THREADS.incrementAndGet(), () -> handle(s));
    }
  }

  private void handle(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      String head = readHead(s.getInputStream());
      if (head == null) return;
      requestHeads.add(head);
      drainBody(s.getInputStream(), head);
      behaviour.serve(s, this);
    } catch (IOException e) {
      // the client went away: that is what hostile servers expect
    }
  }

  private void start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** The request line and headers, or null if the connection ended first. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) return null;
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (head.size() > 1 << 20) throw new IOException("request head too long");
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void drainBody(InputStream in, String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        long n = Long.parseLong(line.substring(colon + 1).trim());
        while (n > 0) {
          long skipped = in.skip(n);
          if (skipped <= 0) {
            if (in.read() < 0) return;
            skipped = 1;
          }
          n -= skipped;
        }
      }
    }
  }
}
