package dev.crossfeed.adversarial;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast keep-alive HTTP/1.1 stub for the load suite: it answers each request with pre-encoded bytes for a seeded
 * mix of faults (429 with a 5 ms retry hint, 503, 500, a dropped connection, 529, a stream cut before its first
 * content) and otherwise the provider's answer, and counts every request it read by what it did. It keeps nothing
 * per request, unlike MockWebServer, which records every request.
 */
final class LoadStub implements AutoCloseable {
  /** What the stub did with one request. */
  enum Fault {
    NONE,
    RATE_LIMITED_429,
    OVERLOADED_503,
    SERVER_ERROR_500,
    DROPPED,
    OVERLOADED_529,
    CUT_BEFORE_CONTENT
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Provider provider;
  private final int faultPercent;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final Map<Fault, AtomicLong> served = new EnumMap<>(Fault.class);
  private final byte[] json;
  private final byte[] stream;
  private final byte[] cutStream;
  private final byte[] cutJson;
  private final byte[] e429;
  private final byte[] e503;
  private final byte[] e500;
  private final byte[] e529;
  private volatile boolean closed;

  LoadStub(Provider provider, int faultPercent) throws IOException {
    this.provider = provider;
    this.faultPercent = faultPercent;
    for (Fault f : Fault.values()) served.put(f, new AtomicLong());
    json = response(200, "application/json", provider.jsonSeed(), "");
    stream = response(200, provider.streamContentType, provider.streamSeed(), "");
    String prelude = provider.streamPrelude();
    cutStream = cut(provider.streamContentType, prelude.isEmpty() ? provider.idleEvent() : prelude, 4096);
    cutJson = cut("application/json", provider.jsonSeed().substring(0, provider.jsonSeed().length() / 2), 4096);
    e429 = response(429, "application/json", provider.errorJson("Rate limit reached").replace("invalid_api_key", "rate_limit_exceeded")
        .replace("authentication_error", "rate_limit_error").replace("invalid_request_error", "requests"), "retry-after-ms: 5\r\n");
    e503 = response(503, "application/json", "{\"error\":{\"message\":\"Service Unavailable\",\"type\":\"server_error\"}}", "");
    e500 = response(500, "application/json", "{\"error\":{\"message\":\"internal error\",\"type\":\"api_error\"}}", "");
    e529 = response(529, "application/json",
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", "");
    listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    start("load-stub-accept-" + THREADS.incrementAndGet(), this::acceptLoop);
  }

  String root() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** Requests read, by what was done with them. */
  long served(Fault f) {
    return served.get(f).get();
  }

  long requests() {
    long n = 0;
    for (AtomicLong c : served.values()) n += c.get();
    return n;
  }

  Map<Fault, Long> servedByFault() {
    Map<Fault, Long> out = new EnumMap<>(Fault.class);
    served.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  @Override
  public void close() {
    closed = true;
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
    while (!closed) {
      try {
        Socket s = listener.accept();
        s.setTcpNoDelay(true);
        sockets.add(s);
        start("load-stub-conn-" + THREADS.incrementAndGet(), () -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = HostileServer.readHead(in);
        if (head == null) return;
        boolean wantsStream = head.toLowerCase(Locale.ROOT).contains("accept: text/event-stream");
        skipBody(in, head);
        Fault f = pick();
        served.get(f).incrementAndGet();
        switch (f) {
          case RATE_LIMITED_429:
            out.write(e429);
            break;
          case OVERLOADED_503:
            out.write(e503);
            break;
          case SERVER_ERROR_500:
            out.write(e500);
            break;
          case OVERLOADED_529:
            out.write(e529);
            break;
          case DROPPED:
            Hostile.reset(s);
            return;
          case CUT_BEFORE_CONTENT:
            out.write(wantsStream ? cutStream : cutJson);
            out.flush();
            return;
          default:
            out.write(wantsStream ? stream : json);
            break;
        }
        out.flush();
      }
    } catch (IOException e) {
      // the client closed the connection
    } finally {
      sockets.remove(s);
    }
  }

  private Fault pick() {
    int r = ThreadLocalRandom.current().nextInt(100 * 6);
    if (r >= faultPercent * 6) return Fault.NONE;
    return Fault.values()[1 + r % 6];
  }

  private void start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    threads.removeIf(x -> !x.isAlive() && x != t);
    t.start();
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        long n = Long.parseLong(line.substring(colon + 1).trim());
        while (n > 0) {
          long k = in.skip(n);
          if (k <= 0) {
            if (in.read() < 0) throw new IOException("body ended early");
            k = 1;
          }
          n -= k;
        }
      }
    }
  }

  private static byte[] response(int status, String contentType, String body, String extraHeaders) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + b.length + "\r\n"
        + "x-request-id: req_load\r\n" + extraHeaders + "\r\n";
    return concat(head.getBytes(StandardCharsets.ISO_8859_1), b);
  }

  /** A 200 announcing {@code announced} bytes of which only {@code sent} come before the connection closes. */
  private static byte[] cut(String contentType, String sent, int announced) {
    String head = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + announced + "\r\n\r\n";
    return concat(head.getBytes(StandardCharsets.ISO_8859_1), sent.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
