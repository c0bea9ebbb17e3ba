package dev.crossfeed.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A minimal, fast HTTP/1.1 keep-alive server on 127.0.0.1 for benchmarks: one platform thread per connection, no
 * allocation per request on the hot path (the request is parsed in a per-connection byte buffer, answers are
 * pre-encoded), so the client's cost dominates what JMH measures. MockWebServer is far too slow for this.
 *
 * <p>The first path segment names a scenario ({@code /ok/v1/chat/completions} runs scenario {@code ok}); every
 * request is counted per scenario. Request bodies must carry {@code Content-Length} (OkHttp does for byte bodies).
 * The server also measures the bytes its own threads allocate, because JMH's {@code -prof gc} counts every thread
 * of the JVM: {@link #allocatedBytes()} lets a benchmark show that the stub adds (almost) nothing.
 */
final class StubServer implements Closeable {
  /** Writes one whole HTTP response (status line, headers, body) for a scenario. */
  @FunctionalInterface
  interface Responder {
    void respond(OutputStream out) throws IOException;
  }

  private static final com.sun.management.ThreadMXBean THREADS = threadBean();
  private static final byte[] NOT_FOUND =
      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final CopyOnWriteArrayList<Scenario> scenarios = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final LongAdder allocated = new LongAdder();
  private final LongAdder connections = new LongAdder();
  private volatile boolean closed;

  private static final class Scenario {
    final byte[] name;
    final Responder responder;
    final LongAdder requests = new LongAdder();

    Scenario(String name, Responder responder) {
      this.name = name.getBytes(StandardCharsets.US_ASCII);
      this.responder = responder;
    }
  }

  private StubServer() throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    Thread acceptor = new Thread(this::accept, "stub-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static StubServer start() {
    try {
      return new StubServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the stub server", e);
    }
  }

  /** Registers a scenario; its base URL is {@link #baseUrl(String)}. */
  StubServer route(String scenario, Responder responder) {
    for (int i = 0; i < scenario.length(); i++) {
      char c = scenario.charAt(i);
      if (c == '/' || c <= ' ' || c >= 0x7f) throw new IllegalArgumentException("bad scenario name: " + scenario);
    }
    scenarios.add(new Scenario(scenario, responder));
    return this;
  }

  /** Registers a scenario that always writes the same bytes. */
  StubServer fixed(String scenario, byte[] response) {
    return route(scenario, out -> out.write(response));
  }

  int port() {
    return server.getLocalPort();
  }

  /** An OpenAI-style base URL for a scenario, e.g. {@code http://127.0.0.1:PORT/ok/v1}. */
  String baseUrl(String scenario) {
    return "http://127.0.0.1:" + port() + "/" + scenario + "/v1";
  }

  /** Requests served for a scenario so far. */
  long requests(String scenario) {
    byte[] name = scenario.getBytes(StandardCharsets.US_ASCII);
    for (Scenario s : scenarios) {
      if (java.util.Arrays.equals(s.name, name)) return s.requests.sum();
    }
    return 0;
  }

  /** Connections accepted so far. */
  long connections() {
    return connections.sum();
  }

  /** Bytes allocated by the server's connection threads while serving requests (0 if the JVM cannot tell). */
  long allocatedBytes() {
    return allocated.sum();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void accept() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.increment();
      open.add(s);
      Thread t = new Thread(() -> serve(s), "stub-conn-" + s.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      RequestReader reader = new RequestReader(in);
      while (!closed) {
        if (!reader.next()) return;
        long before = allocatedByThisThread();
        Scenario s = find(reader.path(), 0, reader.pathLength());
        if (s == null) {
          out.write(NOT_FOUND);
        } else {
          s.requests.increment();
          s.responder.respond(out);
        }
        out.flush();
        long after = allocatedByThisThread();
        if (before >= 0 && after >= 0) allocated.add(after - before);
        if (reader.closeRequested()) return;
      }
    } catch (IOException e) {
      // client went away
    } finally {
      open.remove(socket);
    }
  }

  /** The scenario named by the first path segment of buf[start, end). */
  private Scenario find(byte[] buf, int start, int end) {
    int p = start + 1; // skip '/'
    int segEnd = p;
    while (segEnd < end && buf[segEnd] != '/' && buf[segEnd] != '?') segEnd++;
    int len = segEnd - p;
    for (Scenario s : scenarios) {
      if (s.name.length != len) continue;
      boolean same = true;
      for (int i = 0; i < len && same; i++) same = s.name[i] == buf[p + i];
      if (same) return s;
    }
    return null;
  }

  private static long allocatedByThisThread() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
    if (b instanceof com.sun.management.ThreadMXBean) {
      com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) b;
      if (t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) return t;
    }
    return null;
  }
}
