package dev.crossfeed.testing.recorded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads langchaingo {@code httprr} traces: the line {@code httprr trace v1}, then per exchange a line
 * {@code <request-bytes> <response-bytes>} followed by exactly that many bytes of raw HTTP request and raw HTTP
 * response. Bodies sent with {@code Transfer-Encoding: chunked} are de-chunked.
 *
 * <pre>{@code
 * RecordedExchange x = Httprr.read(RecordedFixtures.file("openai/TestFunctionCall.httprr")).get(0);
 * server.enqueue(x.response().toMockResponse());
 * }</pre>
 */
public final class Httprr {
  private static final String MAGIC = "httprr trace v1";

  private Httprr() {}

  /**
   * The exchanges of a trace file, in order.
   *
   * @param file the trace file
   * @return the exchanges, in order
   */
  public static List<RecordedExchange> read(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The exchanges of a trace.
   *
   * @param trace the bytes of an httprr trace
   * @return the exchanges, in order
   * @throws IllegalStateException if it is not an httprr trace or is truncated
   */
  public static List<RecordedExchange> parse(byte[] trace) {
    int[] pos = {0};
    if (!line(trace, pos).equals(MAGIC)) throw new IllegalStateException("not an httprr trace");
    List<RecordedExchange> out = new ArrayList<>();
    while (pos[0] < trace.length) {
      String[] sizes = line(trace, pos).strip().split(" ");
      RecordedMessage request = message(slice(trace, pos, Integer.parseInt(sizes[0])));
      RecordedMessage response = message(slice(trace, pos, Integer.parseInt(sizes[1])));
      out.add(new RecordedExchange(request, response));
    }
    return out;
  }

  private static byte[] slice(byte[] all, int[] pos, int n) {
    if (pos[0] + n > all.length) throw new IllegalStateException("truncated httprr trace");
    byte[] b = Arrays.copyOfRange(all, pos[0], pos[0] + n);
    pos[0] += n;
    return b;
  }

  /** The next line without its LF or CRLF. */
  private static String line(byte[] b, int[] pos) {
    int start = pos[0];
    int i = start;
    while (i < b.length && b[i] != '\n') i++;
    pos[0] = Math.min(i + 1, b.length);
    int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static RecordedMessage message(byte[] raw) {
    int[] pos = {0};
    String start = line(raw, pos);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String h = line(raw, pos); !h.isEmpty(); h = line(raw, pos)) {
      int colon = h.indexOf(':');
      if (colon < 0) throw new IllegalStateException("malformed header line in httprr trace");
      headers.computeIfAbsent(h.substring(0, colon).strip(), k -> new ArrayList<>()).add(h.substring(colon + 1).strip());
    }
    byte[] body = Arrays.copyOfRange(raw, pos[0], raw.length);
    boolean chunked = headers.entrySet().stream()
        .anyMatch(e -> e.getKey().equalsIgnoreCase("transfer-encoding") && e.getValue().contains("chunked"));
    return new RecordedMessage(start, headers, chunked ? dechunk(body) : body, chunked);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] pos = {0};
    while (true) {
      int n = Integer.parseInt(line(body, pos).split(";")[0].strip(), 16);
      if (n == 0) return out.toByteArray();
      out.write(body, pos[0], n);
      pos[0] += n;
      if (!line(body, pos).isEmpty()) throw new IllegalStateException("chunk not followed by CRLF");
    }
  }
}
