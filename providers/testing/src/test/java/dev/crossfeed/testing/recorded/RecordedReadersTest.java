package dev.crossfeed.testing.recorded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The readers on hand-made input in each framing, and a replay through MockWebServer. */
@Timeout(10)
class RecordedReadersTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static final String CHUNKED_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
      + "Transfer-Encoding: chunked\r\nX-Request-Id: req_1\r\n\r\n"
      + "6\r\n{\"a\":1\r\n2\r\n}\n\r\n0\r\n\r\n";
  private static final String REQUEST = "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nUser-Agent: Go\n"
      + "Content-Type: application/json\r\n\r\n{\"model\":\"m\"}";

  private static byte[] httprr(String request, String response) {
    String trace = "httprr trace v1\n" + request.getBytes(StandardCharsets.UTF_8).length + " "
        + response.getBytes(StandardCharsets.UTF_8).length + "\n" + request + response;
    return trace.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void httprrReadsBothMessagesAndDechunksTheBody() {
    List<RecordedExchange> x = Httprr.parse(httprr(REQUEST, CHUNKED_RESPONSE));
    assertEquals(1, x.size());
    RecordedMessage req = x.get(0).request();
    assertEquals("POST", req.method());
    assertEquals("/api/chat", req.uri());
    assertEquals(Optional.of("Go"), req.header("user-agent"), "a header line ending in a bare LF");
    assertEquals("m", req.json().orElseThrow().path("model").asText());
    RecordedMessage resp = x.get(0).response();
    assertEquals(200, resp.status());
    assertEquals("{\"a\":1}\n", resp.bodyText());
    assertTrue(resp.chunked());
    assertEquals(List.of("req_1"), resp.headers().get("x-request-id"), "names are lower-case");
    assertThrows(IllegalStateException.class, () -> Httprr.parse("not a trace\n".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalStateException.class, () -> Httprr.parse("httprr trace v1\n99 99\nPOST".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aReplayedResponseKeepsStatusHeadersAndBodyButNotTheFraming() throws IOException {
    String response = "HTTP/2.0 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: 999\r\n"
        + "Retry-After: 7\r\n\r\n{\"error\":{}}";
    server.enqueue(Httprr.parse(httprr(REQUEST, response)).get(0).response().toMockResponse());
    server.enqueue(Httprr.parse(httprr(REQUEST, CHUNKED_RESPONSE)).get(0).response().toMockResponse());
    OkHttpClient client = new OkHttpClient();
    try (Response r = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      assertEquals(429, r.code());
      assertEquals("7", r.header("retry-after"));
      assertEquals("{\"error\":{}}", r.body().string(), "the recorded Content-Length is not replayed");
    }
    try (Response r = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      assertEquals("chunked", r.header("transfer-encoding"));
      assertEquals("{\"a\":1}\n", r.body().string());
    }
  }

  @Test
  void cassetteGivesRequestsAndResponsesWithJsonOrVerbatimBodies() {
    String yaml = "interactions:\n"
        + "- request:\n"
        + "    headers:\n"
        + "      content-type:\n"
        + "      - application/json\n"
        + "    method: POST\n"
        + "    parsed_body:\n"
        + "      model: gpt-4o\n"
        + "      n: 1\n"
        + "    uri: https://api.openai.com/v1/chat/completions\n"
        + "  response:\n"
        + "    headers:\n"
        + "      Content-Type:\n"
        + "      - application/json\n"
        + "    parsed_body:\n"
        + "      id: chatcmpl-1\n"
        + "    status:\n"
        + "      code: 404\n"
        + "      message: Not Found\n"
        + "- request:\n"
        + "    method: POST\n"
        + "    uri: https://api.openai.com/v1/chat/completions\n"
        + "  response:\n"
        + "    body:\n"
        + "      string: |+\n"
        + "        data: {}\n"
        + "\n"
        + "    status:\n"
        + "      code: 200\n"
        + "version: 1\n";
    List<RecordedExchange> x = VcrCassette.parse(yaml);
    assertEquals(2, x.size());
    assertEquals("https://api.openai.com/v1/chat/completions", x.get(0).request().uri());
    assertEquals(1, x.get(0).request().json().orElseThrow().path("n").asInt());
    assertEquals(404, x.get(0).response().status());
    assertEquals(Optional.of("application/json"), x.get(0).response().header("content-type"));
    assertEquals("chatcmpl-1", x.get(0).response().json().orElseThrow().path("id").asText());
    assertEquals("data: {}\n\n", x.get(1).response().bodyText());
    assertEquals(Optional.empty(), x.get(1).request().json());
  }

  @Test
  void chunkLinesAreFramedPerProviderFamily(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.chunks.txt");
    Files.writeString(file, "{\"type\":\"message_start\"}\r\n\n{\"type\":\"message_stop\"}");
    List<String> lines = ChunkFile.lines(file);
    assertEquals(List.of("{\"type\":\"message_start\"}", "{\"type\":\"message_stop\"}"), lines);
    assertEquals("data: " + lines.get(0) + "\n\ndata: " + lines.get(1) + "\n\ndata: [DONE]\n\n",
        ChunkFile.sse(lines, ChunkFile.Style.DATA_THEN_DONE));
    assertEquals("event: message_start\ndata: " + lines.get(0) + "\n\nevent: message_stop\ndata: " + lines.get(1) + "\n\n",
        ChunkFile.sse(lines, ChunkFile.Style.TYPED_EVENTS));
    assertEquals("data: " + lines.get(0) + "\r\n\r\ndata: " + lines.get(1) + "\r\n\r\n", ChunkFile.sse(lines, ChunkFile.Style.DATA_CRLF));
  }

  @Test
  void messagesAreImmutableAndPrintNoValues() {
    byte[] body = "secret-body".getBytes(StandardCharsets.UTF_8);
    RecordedMessage m = new RecordedMessage("HTTP/1.1 200 OK", java.util.Map.of("Authorization", List.of("Bearer sk-1")), body, false);
    body[0] = 'X';
    assertArrayEquals("secret-body".getBytes(StandardCharsets.UTF_8), m.body());
    assertThrows(UnsupportedOperationException.class, () -> m.headers().put("x", List.of()));
    assertFalse(m.toString().contains("sk-1") || m.toString().contains("secret"), m.toString());
  }

  @Test
  void everySharedCassetteAndTraceIsReadable() throws IOException {
    Path root = RecordedFixtures.dir("");
    int files = 0;
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted()::iterator) {
        String name = p.getFileName().toString();
        List<RecordedExchange> x;
        if (name.endsWith(".httprr")) x = Httprr.read(p);
        else if (name.endsWith(".yaml")) x = VcrCassette.read(p);
        else continue;
        files++;
        assertFalse(x.isEmpty(), name);
        for (RecordedExchange e : x) {
          int status = e.response().status();
          assertTrue(status >= 200 && status < 600, name + ": " + status);
          assertFalse(e.request().method().isEmpty(), name);
        }
      }
    }
    assertTrue(files > 0, "no cassettes or traces under " + root);
  }

  @Test
  void aMissingSharedFolderSkipsTheTest() {
    String before = System.getProperty(RecordedFixtures.PROPERTY);
    try {
      System.clearProperty(RecordedFixtures.PROPERTY);
      assertThrows(TestAbortedException.class, () -> RecordedFixtures.file("openai/openai-text.json"));
      System.setProperty(RecordedFixtures.PROPERTY, "/nonexistent-crossfeed-shared");
      assertThrows(TestAbortedException.class, () -> RecordedFixtures.text("openai/openai-text.json"));
    } finally {
      if (before == null) System.clearProperty(RecordedFixtures.PROPERTY);
      else System.setProperty(RecordedFixtures.PROPERTY, before);
    }
  }
}
