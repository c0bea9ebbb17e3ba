package dev.crossfeed.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.http.Json;
import dev.crossfeed.testing.recorded.ChunkFile;
import dev.crossfeed.testing.recorded.Httprr;
import dev.crossfeed.testing.recorded.RecordedExchange;
import dev.crossfeed.testing.recorded.RecordedFixtures;
import dev.crossfeed.testing.recorded.RecordedMessage;
import dev.crossfeed.testing.recorded.VcrCassette;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import okhttp3.Headers;
import okio.Buffer;

/**
 * Loads recorded provider traffic from {@code ${crossfeed.shared.dir}/fixtures/recorded/anthropic} in each of its
 * framings (see that folder's README), through the shared readers of {@code dev.crossfeed.testing.recorded}, as
 * MockWebServer responses with the recorded status, headers and body. Skips (JUnit assumption) when the shared
 * folder is absent. Test code only.
 */
final class Recordings {
  private Recordings() {}

  /** One recorded exchange: the request body sent (JSON, or null) and the response. */
  record Exchange(JsonNode request, RecordedMessage response) {
    Headers headers() {
      Headers.Builder h = new Headers.Builder();
      response.headers().forEach((name, values) -> values.forEach(v -> h.addUnsafeNonAscii(name, v)));
      return h.build();
    }

    MockResponse toMockResponse() {
      return response.toMockResponse();
    }
  }

  static Path dir() {
    return RecordedFixtures.dir("anthropic");
  }

  static Path file(String name) {
    return RecordedFixtures.file("anthropic/" + name);
  }

  /** A vercel/ai JSON body; its status is not recorded, so the caller states it. */
  static MockResponse jsonBody(String name, int status) throws IOException {
    return new MockResponse.Builder().code(status).addHeader("content-type", "application/json")
        .body(new Buffer().write(Files.readAllBytes(file(name)))).build();
  }

  /** A vercel/ai {@code .chunks.txt}: one event's data JSON per line, replayed as {@code event:} + {@code data:}. */
  static MockResponse chunks(String name) {
    return new MockResponse.Builder().code(200).addHeader("content-type", "text/event-stream; charset=utf-8")
        .body(ChunkFile.sse(ChunkFile.lines(file(name)), ChunkFile.Style.TYPED_EVENTS)).build();
  }

  /** A langchaingo {@code .httprr} trace: raw HTTP requests and responses with byte counts. */
  static List<Exchange> httprr(String name) {
    return Httprr.read(file(name)).stream().map(Recordings::exchange).collect(Collectors.toList());
  }

  /** A pydantic-ai VCR cassette: each interaction's parsed request and its response. */
  static List<Exchange> cassette(String name) {
    return VcrCassette.read(file(name)).stream().map(Recordings::exchange).collect(Collectors.toList());
  }

  private static Exchange exchange(RecordedExchange x) {
    String body = x.request().bodyText();
    try {
      return new Exchange(body.isBlank() ? null : Json.readTree(body), x.response());
    } catch (IOException e) {
      throw new IllegalStateException("recorded request body is not JSON", e);
    }
  }
}
