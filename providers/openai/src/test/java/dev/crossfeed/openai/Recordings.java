package dev.crossfeed.openai;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;

/**
 * Loads the recorded provider traffic in {@code ../shared/fixtures/recorded} (read in place, never copied) in its
 * four framings, as {@link Exchange}s a MockWebServer can replay. Skips the test (JUnit assumption) when the
 * shared folder is absent.
 */
final class Recordings {
  /** Hop-by-hop and framing headers MockWebServer sets itself. */
  private static final Set<String> SKIPPED_HEADERS = Set.of("content-length", "transfer-encoding", "connection", "content-encoding");

  private Recordings() {}

  /**
   * One recorded exchange.
   *
   * @param status HTTP status (200 when the framing does not record one)
   * @param headers response headers, lower-case names
   * @param body the response body as served
   * @param request the request body the recorder saw, or null
   * @param uri the request URI, or null
   */
  record Exchange(int status, Map<String, List<String>> headers, String body, JsonNode request, String uri) {
    MockResponse toResponse() {
      MockResponse.Builder b = new MockResponse.Builder().code(status);
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if (SKIPPED_HEADERS.contains(h.getKey())) continue;
        for (String v : h.getValue()) b.addHeader(h.getKey(), v);
      }
      return b.body(body).build();
    }

    Exchange withStatus(int code) {
      return new Exchange(code, headers, body, request, uri);
    }
  }

  static Path file(String relative) {
    String shared = System.getProperty("crossfeed.shared.dir");
    assumeTrue(shared != null, "crossfeed.shared.dir is not set");
    Path p = Path.of(shared, "fixtures", "recorded", relative);
    assumeTrue(Files.isRegularFile(p), "recorded fixture absent: " + p);
    return p;
  }

  static String text(String relative) {
    try {
      return Files.readString(file(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String relative) {
    return TestSupport.tree(text(relative));
  }

  /** A JSON body file served with {@code status} (the framing records none). */
  static Exchange jsonBody(String relative, int status) {
    return new Exchange(status, Map.of("content-type", List.of("application/json")), text(relative), null, null);
  }

  /** A one-JSON-per-line chunks file as the SSE stream it came from: {@code data: <line>} events, then [DONE]. */
  static Exchange chunks(String relative) {
    StringBuilder sse = new StringBuilder();
    for (String line : chunkLines(relative)) sse.append("data: ").append(line).append("\n\n");
    sse.append("data: [DONE]\n\n");
    return new Exchange(200, Map.of("content-type", List.of("text/event-stream")), sse.toString(), null, null);
  }

  static List<String> chunkLines(String relative) {
    List<String> out = new ArrayList<>();
    for (String line : text(relative).split("\n")) if (!line.isBlank()) out.add(line);
    return out;
  }

  /** A raw SSE file (may lack its final newline). */
  static Exchange rawSse(String relative) {
    String body = text(relative);
    if (!body.endsWith("\n")) body += "\n\n";
    return new Exchange(200, Map.of("content-type", List.of("text/event-stream")), body, null, null);
  }

  /** The concatenated {@code choices[0].delta.<field>} strings of a chunks file: what a stream must add up to. */
  static String deltas(List<String> chunkJsons, String field) {
    StringBuilder s = new StringBuilder();
    for (String line : chunkJsons) {
      JsonNode v = TestSupport.tree(line).path("choices").path(0).path("delta").path(field);
      if (v.isTextual()) s.append(v.asText());
    }
    return s.toString();
  }

  /** The interactions of a VCR cassette. */
  static List<Exchange> cassette(String relative) {
    JsonNode root = MiniYaml.parse(text(relative));
    List<Exchange> out = new ArrayList<>();
    for (JsonNode i : root.path("interactions")) {
      JsonNode response = i.path("response");
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> h : response.path("headers").properties()) {
        List<String> values = new ArrayList<>();
        for (JsonNode v : h.getValue()) values.add(v.asText());
        headers.put(h.getKey().toLowerCase(Locale.ROOT), values);
      }
      String body;
      if (response.has("parsed_body")) body = write(response.get("parsed_body"));
      else body = response.path("body").path("string").asText("");
      JsonNode request = i.path("request").get("parsed_body");
      out.add(new Exchange(response.path("status").path("code").asInt(200), headers, body, request, i.path("request").path("uri").asText(null)));
    }
    return out;
  }

  /** The exchanges of a langchaingo httprr trace, chunked bodies de-chunked. */
  static List<Exchange> httprr(String relative) {
    byte[] all;
    try {
      all = Files.readAllBytes(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String header = "httprr trace v1\n";
    if (!new String(all, 0, header.length(), StandardCharsets.ISO_8859_1).equals(header)) {
      throw new IllegalStateException(relative + " is not an httprr trace");
    }
    List<Exchange> out = new ArrayList<>();
    int at = header.length();
    while (at < all.length) {
      int nl = indexOf(all, (byte) '\n', at);
      String[] sizes = new String(all, at, nl - at, StandardCharsets.US_ASCII).split(" ");
      int reqLen = Integer.parseInt(sizes[0]);
      int respLen = Integer.parseInt(sizes[1]);
      String req = new String(all, nl + 1, reqLen, StandardCharsets.UTF_8);
      String resp = new String(all, nl + 1 + reqLen, respLen, StandardCharsets.UTF_8);
      at = nl + 1 + reqLen + respLen;
      out.add(parseHttp(req, resp));
    }
    return out;
  }

  private static Exchange parseHttp(String req, String resp) {
    int split = resp.indexOf("\r\n\r\n");
    String[] head = resp.substring(0, split).split("\r\n");
    int status = Integer.parseInt(head[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < head.length; i++) {
      int c = head[i].indexOf(':');
      headers.computeIfAbsent(head[i].substring(0, c).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(head[i].substring(c + 1).strip());
    }
    String body = resp.substring(split + 4);
    if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) body = dechunk(body);
    int reqSplit = req.indexOf("\r\n\r\n");
    String reqBody = reqSplit < 0 ? "" : req.substring(reqSplit + 4);
    String uri = req.substring(req.indexOf(' ') + 1, req.indexOf(' ', req.indexOf(' ') + 1));
    return new Exchange(status, headers, body, reqBody.isBlank() ? null : TestSupport.tree(reqBody), uri);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int nl = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, nl).strip(), 16);
      if (size == 0) return out.toString();
      out.append(body, nl + 2, nl + 2 + size);
      at = nl + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) if (a[i] == b) return i;
    throw new IllegalStateException("truncated httprr trace");
  }

  /** JSON equality where numbers compare by value ({@code 0} equals {@code 0.0}). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) -> {
          if (x.isNumber() && y.isNumber()) return x.decimalValue().compareTo(y.decimalValue());
          return x.equals(y) ? 0 : 1;
        },
        b);
  }

  private static String write(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
