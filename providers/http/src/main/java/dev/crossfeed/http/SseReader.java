package dev.crossfeed.http;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Incremental server-sent-events parser over a byte source: handles {@code event:}/{@code data:} fields
 * (multi-line data joined with {@code \n}), comments ({@code :...}, e.g. OpenRouter's keep-alives), {@code id:}
 * and {@code retry:} (ignored), LF and CRLF line ends, and a line-length cap. Lines that are not SSE fields are
 * kept in {@link SseEvent#unprefixed()} so a provider can spot raw error JSON. Memory is bounded by the line cap
 * and {@code maxEventBytes}. Not thread-safe.
 */
public final class SseReader {
  /** Default cap on one line: 1 MiB. */
  public static final long DEFAULT_MAX_LINE = 1 << 20;
  /** Default cap on one event's data: 8 MiB. */
  public static final long DEFAULT_MAX_EVENT = 8 << 20;

  private final LineReader lines;
  private final long maxEventBytes;

  /**
   * Reads events with the default caps (1 MiB per line and per event).
   *
   * @param source the body
   */
  public SseReader(BufferedSource source) {
    this(source, DEFAULT_MAX_LINE, DEFAULT_MAX_EVENT);
  }

  /**
   * Reads events with these caps.
   *
   * @param source the body
   * @param maxLineBytes the longest line accepted
   * @param maxEventBytes the largest event accepted
   */
  public SseReader(BufferedSource source, long maxLineBytes, long maxEventBytes) {
    this.lines = new LineReader(source, maxLineBytes);
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * The next event, or null at the end of input. An event still open when the input ends is returned if it has
   * data (servers that close without a final blank line).
   *
   * @return the event, or null at the end of input
   * @throws MalformedStreamException for over-long lines or events, or invalid UTF-8
   * @throws IOException for I/O failures
   */
  public SseEvent next() throws IOException {
    String event = "";
    String data = null; // the first data line; most events have exactly one
    StringBuilder more = null; // all data lines once there is a second
    StringBuilder raw = null;
    long size = 0;
    while (true) {
      String line = lines.readLine();
      if (line == null) {
        return data != null || raw != null ? build(event, data, more, raw) : null;
      }
      if (line.isEmpty()) {
        if (data != null || raw != null) return build(event, data, more, raw);
        event = "";
        continue;
      }
      if (line.charAt(0) == ':') continue;
      int colon = line.indexOf(':');
      int fieldEnd = colon < 0 ? line.length() : colon;
      if (isField(line, fieldEnd, "data")) {
        String value = value(line, colon);
        size += value.length();
        if (size > maxEventBytes) throw new MalformedStreamException("event larger than " + maxEventBytes + " bytes");
        if (data == null) {
          data = value;
        } else {
          if (more == null) more = new StringBuilder(data);
          more.append('\n').append(value);
        }
      } else if (isField(line, fieldEnd, "event")) {
        event = value(line, colon);
      } else if (!isField(line, fieldEnd, "id") && !isField(line, fieldEnd, "retry")) {
        size += line.length();
        if (size > maxEventBytes) throw new MalformedStreamException("event larger than " + maxEventBytes + " bytes");
        if (raw == null) raw = new StringBuilder(line);
        else raw.append('\n').append(line);
      }
    }
  }

  /** True if the field name, {@code line[0, fieldEnd)}, is {@code name}. */
  private static boolean isField(String line, int fieldEnd, String name) {
    return fieldEnd == name.length() && line.startsWith(name);
  }

  /** The value after the colon, without the one optional leading space; empty when there is no colon. */
  private static String value(String line, int colon) {
    if (colon < 0) return "";
    int start = colon + 1;
    if (start < line.length() && line.charAt(start) == ' ') start++;
    return line.substring(start);
  }

  private static SseEvent build(String event, String data, StringBuilder more, StringBuilder raw) {
    String d = more != null ? more.toString() : data != null ? data : "";
    return new SseEvent(event, d, raw == null ? "" : raw.toString());
  }
}
