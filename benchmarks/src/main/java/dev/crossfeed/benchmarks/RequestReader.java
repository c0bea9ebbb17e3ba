package dev.crossfeed.benchmarks;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.1 requests from one connection into a reused buffer without allocating: finds the end of the
 * headers, copies the path, notes {@code Content-Length} and {@code Connection: close}, and skips the body. Only
 * what the stub needs; chunked request bodies are rejected. Not thread-safe.
 */
final class RequestReader {
  private static final byte[] CONTENT_LENGTH = ascii("content-length:");
  private static final byte[] CONNECTION = ascii("connection:");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private final byte[] path = new byte[1024];
  private int pathLength;
  private int pos;
  private int lim;
  private boolean close;

  RequestReader(InputStream in) {
    this.in = in;
  }

  /** Reads the next request's head and skips its body; false at the end of the connection. */
  boolean next() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    int headEnd;
    int scanFrom = 0;
    while ((headEnd = headEnd(scanFrom)) < 0) {
      scanFrom = Math.max(0, lim - 3);
      if (lim == buf.length) throw new IOException("request head too large");
      int n = in.read(buf, lim, buf.length - lim);
      if (n < 0) return false;
      lim += n;
    }
    int lineEnd = indexOf((byte) '\n', 0, headEnd);
    int sp1 = indexOf((byte) ' ', 0, lineEnd);
    int sp2 = sp1 < 0 ? -1 : indexOf((byte) ' ', sp1 + 1, lineEnd);
    if (sp2 < 0 || sp2 - sp1 - 1 > path.length) throw new IOException("malformed request line");
    pathLength = sp2 - sp1 - 1;
    System.arraycopy(buf, sp1 + 1, path, 0, pathLength);
    long contentLength = 0;
    close = false;
    int line = lineEnd + 1;
    while (line < headEnd - 2) {
      int eol = indexOf((byte) '\n', line, headEnd);
      int end = eol > line && buf[eol - 1] == '\r' ? eol - 1 : eol;
      if (startsWithIgnoreCase(line, end, CONTENT_LENGTH)) {
        contentLength = number(line + CONTENT_LENGTH.length, end);
      } else if (startsWithIgnoreCase(line, end, CONNECTION)) {
        close = containsIgnoreCase(line + CONNECTION.length, end, 'c', "lose");
      } else if (startsWithIgnoreCase(line, end, TRANSFER_ENCODING)) {
        throw new IOException("chunked request bodies are not supported by the stub");
      }
      line = eol + 1;
    }
    pos = headEnd;
    long inBuffer = Math.min(contentLength, lim - pos);
    pos += (int) inBuffer;
    long left = contentLength - inBuffer;
    if (left > 0) {
      pos = 0;
      lim = 0;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) return false;
        left -= n;
      }
    }
    return true;
  }

  byte[] path() {
    return path;
  }

  int pathLength() {
    return pathLength;
  }

  boolean closeRequested() {
    return close;
  }

  /** The index just after the blank line ending the head, searching from {@code from}; -1 if not there yet. */
  private int headEnd(int from) {
    for (int i = from; i + 3 < lim; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return i + 4;
    }
    return -1;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) if (buf[i] == b) return i;
    return -1;
  }

  private boolean startsWithIgnoreCase(int from, int to, byte[] prefix) {
    if (to - from < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if (lower(buf[from + i]) != prefix[i]) return false;
    return true;
  }

  private boolean containsIgnoreCase(int from, int to, char first, String rest) {
    for (int i = from; i + rest.length() < to; i++) {
      if (lower(buf[i]) != first) continue;
      boolean match = true;
      for (int j = 0; j < rest.length() && match; j++) match = lower(buf[i + 1 + j]) == rest.charAt(j);
      if (match) return true;
    }
    return false;
  }

  private long number(int from, int to) throws IOException {
    long n = 0;
    boolean digits = false;
    for (int i = from; i < to; i++) {
      byte b = buf[i];
      if (b == ' ' || b == '\t') continue;
      if (b < '0' || b > '9') throw new IOException("bad Content-Length");
      n = n * 10 + (b - '0');
      digits = true;
    }
    if (!digits) throw new IOException("bad Content-Length");
    return n;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
