package dev.crossfeed.gemini;

import dev.crossfeed.testing.recorded.ChunkFile;
import dev.crossfeed.testing.recorded.Httprr;
import dev.crossfeed.testing.recorded.RecordedExchange;
import dev.crossfeed.testing.recorded.RecordedFixtures;
import dev.crossfeed.testing.recorded.VcrCassette;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;

/**
 * Reads the shared recorded Gemini traffic (../shared/fixtures/recorded/gemini, located by the
 * {@code crossfeed.shared.dir} system property) through the shared readers of {@code dev.crossfeed.testing.recorded}
 * and turns each framing into MockWebServer responses, per the fixtures README: {@code .chunks.txt} lines become
 * {@code data: <line>\r\n\r\n} SSE events, {@code .json} is a body, {@code .yaml} cassettes give status, headers
 * and body, {@code .httprr} holds raw HTTP. Tests skip when the folder is absent. Files are never copied into the
 * project.
 */
final class Recordings {
  private Recordings() {}

  static Path dir() {
    return RecordedFixtures.dir("gemini");
  }

  static Path file(String name) {
    return RecordedFixtures.file("gemini/" + name);
  }

  static String text(String name) {
    return RecordedFixtures.text("gemini/" + name);
  }

  /** A one-JSON-per-line file as a Gemini SSE body. */
  static MockResponse chunks(String name) {
    return ChunkFile.response(ChunkFile.lines(file(name)), ChunkFile.Style.DATA_CRLF);
  }

  /** A JSON body file as a response with this status. */
  static MockResponse json(String name, int status) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json; charset=UTF-8")
        .body(text(name)).build();
  }

  /** The responses of a VCR cassette, in order. */
  static List<MockResponse> cassette(String name) {
    return responses(VcrCassette.read(file(name)));
  }

  /** The body of the first response of a VCR cassette: JSON for {@code parsed_body}, else the raw string. */
  static String cassetteBody(String name) {
    return VcrCassette.read(file(name)).get(0).response().bodyText();
  }

  /** The JSON request body ({@code parsed_body}) of the first interaction of a VCR cassette. */
  static String cassetteRequestBody(String name) {
    return VcrCassette.read(file(name)).get(0).request().bodyText();
  }

  /** The responses of an httprr trace, with their recorded status, headers and body. */
  static List<MockResponse> httprr(String name) {
    return responses(Httprr.read(file(name)));
  }

  private static List<MockResponse> responses(List<RecordedExchange> exchanges) {
    return exchanges.stream().map(x -> x.response().toMockResponse()).collect(Collectors.toList());
  }
}
