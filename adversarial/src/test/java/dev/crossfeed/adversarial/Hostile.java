package dev.crossfeed.adversarial;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Hostile behaviours for {@link HostileServer}: each writes raw HTTP/1.1 to the socket and says
 * {@code Connection: close} (the server serves one exchange per connection).
 */
final class Hostile {
  static final long GIGABYTE = 1L << 30;

  private Hostile() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * A complete, valid response written one byte per {@code interval}: all of it, or (with {@code headFirst}) the
   * status line and headers at once and then the body byte by byte.
   */
  static HostileServer.Behaviour slowloris(String contentType, String body, Duration interval, boolean headFirst) {
    String head = head(200, contentType, body.length());
    byte[] bytes = ascii(headFirst ? body : head + body);
    return (socket, server) -> {
      OutputStream out = socket.getOutputStream();
      if (headFirst) {
        out.write(ascii(head));
        out.flush();
      }
      for (byte b : bytes) {
        out.write(b);
        out.flush();
        if (!server.pause(interval)) return;
      }
    };
  }

  /** A status line, then header lines forever: every {@code interval}, or as fast as the socket takes them. */
  static HostileServer.Behaviour endlessHeaders(Duration interval) {
    return (socket, server) -> {
      OutputStream out = socket.getOutputStream();
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"));
      byte[] line = ascii("X-Padding: " + "p".repeat(100) + "\r\n");
      for (long i = 0; !server.isClosing(); i++) {
        out.write(line);
        if (!interval.isZero()) {
          out.flush();
          if (!server.pause(interval)) return;
        }
      }
    };
  }

  /**
   * A 200 of {@code length} bytes (announced by Content-Length, or chunked) that is never held in memory: the prefix,
   * then {@code unit} repeated (cut to fit the length).
   */
  static HostileServer.Behaviour hugeBody(String contentType, long length, boolean chunked, String prefix, String unit) {
    byte[] start = ascii(prefix);
    byte[] block = repeatTo(ascii(unit), 64 * 1024);
    return (socket, server) -> {
      OutputStream out = socket.getOutputStream();
      String head = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: " + contentType + "\r\n"
          + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n") + "\r\n";
      out.write(ascii(head));
      long left = length;
      left -= writeBody(out, start, start.length, chunked);
      while (left > 0 && !server.isClosing()) {
        int n = (int) Math.min(block.length, left);
        left -= writeBody(out, block, n, chunked);
      }
      if (chunked) out.write(ascii("0\r\n\r\n"));
      out.flush();
    };
  }

  /** A 200 stream that sends {@code first}, then {@code idle} every {@code interval}, and never ends. */
  static HostileServer.Behaviour neverEnds(String contentType, String first, String idle, Duration interval) {
    return (socket, server) -> {
      OutputStream out = socket.getOutputStream();
      out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n"));
      writeBody(out, ascii(first), first.length(), true);
      out.flush();
      while (server.pause(interval)) {
        writeBody(out, ascii(idle), idle.length(), true);
        out.flush();
      }
    };
  }

  /** A 200 announcing {@code body} whole, of which only the first {@code sent} bytes are written before a TCP reset. */
  static HostileServer.Behaviour resetMidBody(String contentType, String body, int sent) {
    return (socket, server) -> {
      OutputStream out = socket.getOutputStream();
      out.write(ascii(head(200, contentType, body.length())));
      out.write(ascii(body), 0, Math.min(sent, body.length()));
      out.flush();
      reset(socket);
    };
  }

  /** A redirect (status 301, 302, 303, 307 or 308) to {@code location}. */
  static HostileServer.Behaviour redirect(int status, String location) {
    return (socket, server) -> {
      OutputStream out = socket.getOutputStream();
      out.write(ascii("HTTP/1.1 " + status + " Moved\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
      out.flush();
    };
  }

  /** A plain, complete response. */
  static HostileServer.Behaviour respond(int status, String contentType, String body) {
    return (socket, server) -> {
      OutputStream out = socket.getOutputStream();
      out.write(ascii(head(status, contentType, body.length()) + body));
      out.flush();
    };
  }

  /** Closes with SO_LINGER 0, so the peer gets a RST instead of a FIN. */
  static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  static String head(int status, String contentType, long length) {
    return "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n";
  }

  private static long writeBody(OutputStream out, byte[] bytes, int n, boolean chunked) throws IOException {
    if (n == 0) return 0;
    if (chunked) out.write(ascii(Integer.toHexString(n) + "\r\n"));
    out.write(bytes, 0, n);
    if (chunked) out.write(ascii("\r\n"));
    return n;
  }

  private static byte[] repeatTo(byte[] unit, int min) {
    int copies = Math.max(1, min / unit.length);
    byte[] out = Arrays.copyOf(unit, unit.length * copies);
    for (int i = 1; i < copies; i++) System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    return out;
  }
}
