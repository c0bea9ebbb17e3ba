package dev.crossfeed.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.testing.recorded.ChunkFile;
import dev.crossfeed.testing.recorded.Httprr;
import dev.crossfeed.testing.recorded.RecordedExchange;
import dev.crossfeed.testing.recorded.RecordedFixtures;
import dev.crossfeed.testing.recorded.RecordedMessage;
import dev.crossfeed.testing.recorded.VcrCassette;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
    return RecordedFixtures.file(relative);
  }

  static String text(String relative) {
    return RecordedFixtures.text(relative);
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
    String sse = ChunkFile.sse(chunkLines(relative), ChunkFile.Style.DATA_THEN_DONE);
    return new Exchange(200, Map.of("content-type", List.of("text/event-stream")), sse, null, null);
  }

  static List<String> chunkLines(String relative) {
    return ChunkFile.lines(file(relative));
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
    return VcrCassette.read(file(relative)).stream().map(Recordings::exchange).collect(Collectors.toList());
  }

  /** The exchanges of a langchaingo httprr trace, chunked bodies de-chunked. */
  static List<Exchange> httprr(String relative) {
    return Httprr.read(file(relative)).stream().map(Recordings::exchange).collect(Collectors.toList());
  }

  private static Exchange exchange(RecordedExchange x) {
    RecordedMessage r = x.response();
    JsonNode request = x.request().bodyText().isBlank() ? null : TestSupport.tree(x.request().bodyText());
    return new Exchange(r.status(), r.headers(), r.bodyText(), request, x.request().uri());
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
}
