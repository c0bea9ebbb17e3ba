package dev.crossfeed.ollama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import okio.Buffer;

/**
 * Reads langchaingo {@code .httprr} traces: {@code httprr trace v1\n}, then per exchange {@code <req> <resp>\n}
 * and exactly that many bytes of raw HTTP request and response. Chunked response bodies are de-chunked.
 */
final class Httprr {
  /** One recorded HTTP message: start line, headers (lower-case names), body. */
  record Message(String startLine, Map<String, String> headers, byte[] body) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    int status() {
      return Integer.parseInt(startLine.split(" ")[1]);
    }

    /** The response for MockWebServer: recorded status, content type and body (framing left to the server). */
    MockResponse toMockResponse() {
      MockResponse.Builder b = new MockResponse.Builder().code(status());
      for (Map.Entry<String, String> h : headers.entrySet()) {
        if (h.getKey().equals("transfer-encoding") || h.getKey().equals("content-length")) continue;
        b.setHeader(h.getKey(), h.getValue());
      }
      Buffer buffer = new Buffer().write(body);
      return "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? b.chunkedBody(buffer, 512).build() : b.body(buffer).build();
    }
  }

  /** One request and its response. */
  record Exchange(Message request, Message response) {}

  private Httprr() {}

  static List<Exchange> read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int[] pos = {0};
    String magic = line(all, pos);
    if (!magic.equals("httprr trace v1")) throw new IOException(file + ": not an httprr trace");
    List<Exchange> out = new ArrayList<>();
    while (pos[0] < all.length) {
      String[] sizes = line(all, pos).split(" ");
      int req = Integer.parseInt(sizes[0]);
      int resp = Integer.parseInt(sizes[1]);
      Message request = message(slice(all, pos, req));
      Message response = message(slice(all, pos, resp));
      out.add(new Exchange(request, response));
    }
    return out;
  }

  private static byte[] slice(byte[] all, int[] pos, int n) {
    byte[] b = java.util.Arrays.copyOfRange(all, pos[0], pos[0] + n);
    pos[0] += n;
    return b;
  }

  private static String line(byte[] b, int[] pos) {
    int start = pos[0];
    int i = start;
    while (i < b.length && b[i] != '\n') i++;
    pos[0] = Math.min(i + 1, b.length);
    int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static Message message(byte[] raw) throws IOException {
    int[] pos = {0};
    String start = line(raw, pos);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(raw, pos); !h.isEmpty(); h = line(raw, pos)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, pos[0], raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = dechunk(body);
    return new Message(start, headers, body);
  }

  private static byte[] dechunk(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] pos = {0};
    while (true) {
      String size = line(body, pos);
      int n = Integer.parseInt(size.split(";")[0].strip(), 16);
      if (n == 0) return out.toByteArray();
      out.write(body, pos[0], n);
      pos[0] += n;
      if (!line(body, pos).isEmpty()) throw new IOException("chunk not followed by CRLF");
    }
  }
}
