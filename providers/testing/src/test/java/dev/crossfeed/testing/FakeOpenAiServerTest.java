package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Drives {@link FakeOpenAiServer} with plain OkHttp and asserts the exact wire output. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeOpenAiServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  static final String STREAM_USAGE =
      "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  private final FakeOpenAiServer server = new FakeOpenAiServer();
  // No silent OkHttp retries (it retries a 408 once by default): one call, one request, as providers must do.
  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).retryOnConnectionFailure(false).build();

  @AfterEach
  void close() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void nonStreamingReplyIsAChatCompletionWithRequestId() throws Exception {
    server.enqueue(FakeResponse.text("Hello there").usage(9, 3));
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(200, r.code());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals("req_1", r.header("x-request-id"));
      JsonNode body = JSON.readTree(r.body().string());
      assertEquals("chatcmpl-1", body.path("id").asText());
      assertEquals("chat.completion", body.path("object").asText());
      assertEquals("gpt-4o-mini", body.path("model").asText());
      JsonNode choice = body.path("choices").get(0);
      assertEquals("assistant", choice.path("message").path("role").asText());
      assertEquals("Hello there", choice.path("message").path("content").asText());
      assertEquals("stop", choice.path("finish_reason").asText());
      assertEquals(9, body.path("usage").path("prompt_tokens").asInt());
      assertEquals(3, body.path("usage").path("completion_tokens").asInt());
      assertEquals(12, body.path("usage").path("total_tokens").asInt());
    }
  }

  @Test
  void streamIsSseChunksEndingWithDoneAndNoUsageUnlessAsked() throws Exception {
    server.enqueue(FakeResponse.textChunks("Hel", "lo!"));
    List<String> events = sse(post("/v1/chat/completions", STREAM));
    assertEquals("data: [DONE]", events.get(events.size() - 1));
    List<JsonNode> chunks = chunks(events);
    assertEquals(4, chunks.size()); // role, "Hel", "lo!", finish
    JsonNode role = chunks.get(0).path("choices").get(0).path("delta");
    assertEquals("assistant", role.path("role").asText());
    assertEquals("", role.path("content").asText());
    assertEquals("Hel", delta(chunks.get(1)).path("content").asText());
    assertEquals("lo!", delta(chunks.get(2)).path("content").asText());
    JsonNode finish = chunks.get(3).path("choices").get(0);
    assertEquals("stop", finish.path("finish_reason").asText());
    assertEquals(0, finish.path("delta").size());
    for (JsonNode c : chunks) {
      assertEquals("chat.completion.chunk", c.path("object").asText());
      assertEquals("chatcmpl-1", c.path("id").asText());
      assertFalse(c.has("usage"), c.toString());
    }
  }

  @Test
  void includeUsageAddsAFinalUsageChunkWithNoChoices() throws Exception {
    server.enqueue(FakeResponse.text("Hi there").usage(9, 3));
    List<JsonNode> chunks = chunks(sse(post("/v1/chat/completions", STREAM_USAGE)));
    JsonNode last = chunks.get(chunks.size() - 1);
    assertEquals(0, last.path("choices").size());
    assertEquals(9, last.path("usage").path("prompt_tokens").asInt());
    assertEquals(12, last.path("usage").path("total_tokens").asInt());
    for (JsonNode c : chunks.subList(0, chunks.size() - 1)) assertTrue(c.path("usage").isNull(), c.toString());
  }

  @Test
  void toolCallsStreamAsIndexedFragmentsAndAssemble() throws Exception {
    String args = "{\"city\":\"Oslo\",\"unit\":\"celsius\"}";
    FakeResponse reply = FakeResponse.toolCall("call_7Qk2", "get_weather", args).andToolCall("call_2", "get_time", "{}");
    server.enqueue(reply, reply);

    List<JsonNode> chunks = chunks(sse(post("/v1/chat/completions", STREAM)));
    JsonNode first = delta(chunks.get(0));
    assertEquals("assistant", first.path("role").asText());
    assertTrue(first.path("content").isNull());
    JsonNode call = first.path("tool_calls").get(0);
    assertEquals(0, call.path("index").asInt());
    assertEquals("call_7Qk2", call.path("id").asText());
    assertEquals("get_weather", call.path("function").path("name").asText());
    assertEquals("", call.path("function").path("arguments").asText());
    StringBuilder[] assembled = {new StringBuilder(), new StringBuilder()};
    int fragments = 0;
    for (JsonNode c : chunks) {
      for (JsonNode tc : delta(c).path("tool_calls")) {
        assembled[tc.path("index").asInt()].append(tc.path("function").path("arguments").asText());
        if (!tc.has("id")) fragments++;
      }
    }
    assertTrue(fragments >= 3, "arguments must be split over several chunks");
    assertEquals(JSON.readTree(args), JSON.readTree(assembled[0].toString()));
    assertEquals("{}", assembled[1].toString());
    assertEquals("tool_calls", chunks.get(chunks.size() - 1).path("choices").get(0).path("finish_reason").asText());

    try (Response r = post("/v1/chat/completions", CHAT)) {
      JsonNode message = JSON.readTree(r.body().string()).path("choices").get(0).path("message");
      assertTrue(message.path("content").isNull());
      assertEquals(args, message.path("tool_calls").get(0).path("function").path("arguments").asText());
      assertEquals("function", message.path("tool_calls").get(0).path("type").asText());
    }
  }

  @Test
  void contentFilterFinishReasonRendersAs200() throws Exception {
    server.enqueue(FakeResponse.text("").finishReason(FinishReason.CONTENT_FILTERED));
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(200, r.code());
      assertEquals("content_filter", JSON.readTree(r.body().string()).path("choices").get(0).path("finish_reason").asText());
    }
  }

  @Test
  void everyFailureHasItsCanonicalStatusAndEnvelope() throws Exception {
    Object[][] table = {
      {Failure.RATE_LIMITED, 429, "rate_limit_exceeded"},
      {Failure.QUOTA_EXHAUSTED, 429, "insufficient_quota"},
      {Failure.OVERLOADED, 503, "server_is_overloaded"},
      {Failure.SERVER_ERROR, 500, null},
      {Failure.AUTHENTICATION, 401, "invalid_api_key"},
      {Failure.PERMISSION, 403, "unsupported_country_region_territory"},
      {Failure.MODEL_NOT_FOUND, 404, "model_not_found"},
      {Failure.CONTEXT_LENGTH_EXCEEDED, 400, "context_length_exceeded"},
      {Failure.CONTENT_FILTERED, 400, "content_filter"},
      {Failure.INVALID_REQUEST, 400, "invalid_value"},
      {Failure.TIMEOUT, 408, null},
    };
    for (Object[] row : table) {
      server.enqueue(FakeResponse.failure((Failure) row[0]));
      try (Response r = post("/v1/chat/completions", CHAT)) {
        assertEquals(row[1], r.code(), row[0].toString());
        assertTrue(r.header("x-request-id").startsWith("req_"));
        JsonNode error = JSON.readTree(r.body().string()).path("error");
        for (String key : new String[] {"message", "type", "param", "code"}) assertTrue(error.has(key), row[0] + " " + key);
        assertFalse(error.path("message").asText().isEmpty());
        assertEquals(row[2] == null ? "null" : row[2], error.path("code").isNull() ? "null" : error.path("code").asText(), row[0].toString());
      }
    }
    assertEquals(Failure.values().length - 2, server.supportedFailures().size()); // all but STREAM_INTERRUPTED, CANCELLED
  }

  @Test
  void rateLimitCarriesRetryAndRateLimitHeaders() throws Exception {
    server.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(2)).requestId("req_abc"));
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(429, r.code());
      assertEquals("2", r.header("retry-after"));
      assertEquals("2000", r.header("retry-after-ms"));
      assertEquals("0", r.header("x-ratelimit-remaining-tokens"));
      assertEquals("2s", r.header("x-ratelimit-reset-tokens"));
      assertEquals("req_abc", r.header("x-request-id"));
      assertEquals("tokens", JSON.readTree(r.body().string()).path("error").path("type").asText());
    }
  }

  @Test
  void explicitErrorAndRawAreWrittenVerbatim() throws Exception {
    String body = "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    server.enqueue(
        FakeResponse.error(429, body).header("retry-after-ms", "1500").headers(FakeOpenAiServer.rateLimitHeaders(0, 100, Duration.ofMillis(1500))),
        FakeResponse.raw(502, "text/html", "<html>Bad gateway</html>"));
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(429, r.code());
      assertEquals("1500", r.header("retry-after-ms"));
      assertEquals("0", r.header("x-ratelimit-remaining-requests"));
      assertEquals("1.5s", r.header("x-ratelimit-reset-requests"));
      assertEquals(body, r.body().string());
    }
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(502, r.code());
      assertEquals("text/html", r.header("Content-Type"));
      assertEquals("<html>Bad gateway</html>", r.body().string());
    }
  }

  @Test
  void errorEventInsideStreamFollowsContentWithoutDone() throws Exception {
    server.enqueue(FakeResponse.text("Hello big world").errorAfter(1, Failure.SERVER_ERROR),
        FakeResponse.text("Hello").errorAfter(0, Failure.OVERLOADED));
    List<String> events = sse(post("/v1/chat/completions", STREAM));
    assertEquals(3, events.size(), events.toString()); // role, "Hello ", error
    assertEquals("Hello ", delta(JSON.readTree(events.get(1).substring(6))).path("content").asText());
    JsonNode error = JSON.readTree(events.get(2).substring(6)).path("error");
    assertEquals("server_error", error.path("type").asText());
    assertTrue(events.stream().noneMatch(e -> e.contains("[DONE]")));

    List<String> early = sse(post("/v1/chat/completions", STREAM));
    assertEquals(2, early.size()); // role, error
    assertEquals("server_is_overloaded", JSON.readTree(early.get(1).substring(6)).path("error").path("code").asText());
  }

  @Test
  void errorAfterOnANonStreamingRequestIsTheErrorResponse() throws Exception {
    server.enqueue(FakeResponse.text("Hello").errorAfter(1, Failure.OVERLOADED));
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(503, r.code());
    }
  }

  @Test
  void streamCutAfterOneChunkIsAnIoErrorAfterThatChunk() throws Exception {
    server.enqueue(FakeResponse.text("Hello big world").cutAfter(1));
    List<String> lines = new ArrayList<>();
    try (Response r = post("/v1/chat/completions", STREAM)) {
      assertEquals(200, r.code());
      assertThrows(IOException.class, () -> {
        while (true) {
          String line = r.body().source().readUtf8LineStrict();
          lines.add(line);
        }
      });
    }
    assertEquals(4, lines.size(), lines.toString()); // role, blank, "Hello ", blank
    assertTrue(lines.get(2).contains("\"content\":\"Hello \""));
  }

  @Test
  void nonStreamingCutIsATruncatedBody() throws Exception {
    server.enqueue(FakeResponse.text("Hello big world").cutAfter(0));
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(200, r.code());
      assertThrows(IOException.class, () -> r.body().string());
    }
  }

  @Test
  void stallMidStreamIsBeatenByTheClientTimeoutAndReleasedOnClose() throws Exception {
    server.enqueue(FakeResponse.text("Hello big world").stallAfter(1, Duration.ofMinutes(5)));
    OkHttpClient impatient = client.newBuilder().readTimeout(200, TimeUnit.MILLISECONDS).build();
    List<String> lines = new ArrayList<>();
    try (Response r = impatient.newCall(request("/v1/chat/completions", STREAM)).execute()) {
      assertThrows(IOException.class, () -> {
        while (true) lines.add(r.body().source().readUtf8LineStrict());
      });
    }
    assertEquals(4, lines.size(), lines.toString());
  }

  @Test
  void stallBeforeHeadersIsBeatenByTheClientTimeout() {
    server.enqueue(FakeResponse.stallBeforeHeaders(Duration.ofMinutes(5)), FakeResponse.text("after").headersDelay(Duration.ofMinutes(5)));
    OkHttpClient impatient = client.newBuilder().readTimeout(200, TimeUnit.MILLISECONDS).build();
    assertThrows(IOException.class, () -> impatient.newCall(request("/v1/chat/completions", CHAT)).execute().close());
    assertThrows(IOException.class, () -> impatient.newCall(request("/v1/chat/completions", CHAT)).execute().close());
    assertEquals(2, server.requestCount());
  }

  @Test
  void connectionFailureDropsTheConnectionWithoutAnswer() {
    server.enqueue(FakeResponse.failure(Failure.CONNECTION));
    assertThrows(IOException.class, () -> post("/v1/chat/completions", CHAT).close());
  }

  @Test
  void malformedBodyIsA200ThatDoesNotParse() throws Exception {
    server.enqueue(FakeResponse.malformed(), FakeResponse.failure(Failure.INVALID_RESPONSE));
    for (String req : new String[] {CHAT, STREAM}) {
      try (Response r = post("/v1/chat/completions", req)) {
        assertEquals(200, r.code());
        String body = r.body().string();
        String json = req.equals(STREAM) ? body.substring(6).strip() : body;
        assertThrows(IOException.class, () -> JSON.readTree(json));
      }
    }
  }

  @Test
  void emptyScriptAnswersAClear500() throws Exception {
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertEquals(500, r.code());
      String message = JSON.readTree(r.body().string()).path("error").path("message").asText();
      assertTrue(message.contains("no scripted response for request #1"), message);
    }
  }

  @Test
  void replyScriptedForEmbeddingsEndpointIsA500() throws Exception {
    server.enqueue(FakeResponse.text("hi"));
    try (Response r = post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}")) {
      assertEquals(500, r.code());
      assertTrue(r.body().string().contains("chat reply was scripted"));
    }
  }

  @Test
  void streamedConnectionsAreReusedCleanly() throws Exception {
    server.enqueue(FakeResponse.text("one"), FakeResponse.text("two"), FakeResponse.text("three"));
    assertTrue(String.join("", sse(post("/v1/chat/completions", STREAM))).contains("\"one\""));
    assertTrue(String.join("", sse(post("/v1/chat/completions", STREAM))).contains("\"two\""));
    try (Response r = post("/v1/chat/completions", CHAT)) {
      assertTrue(r.body().string().contains("\"three\""));
    }
    assertEquals(3, server.requestCount());
    for (int i = 0; i < 3; i++) {
      FakeRequest sent = server.takeRequest();
      assertEquals(0, sent.recorded().getConnectionIndex(), "one connection");
      assertEquals(i, sent.recorded().getExchangeIndex());
    }
  }

  @Test
  void unsupportedFailureIsRejectedAtEnqueue() {
    assertThrows(IllegalArgumentException.class, () -> server.enqueue(FakeResponse.failure(Failure.CANCELLED)));
  }

  Response post(String path, String json) throws IOException {
    return client.newCall(request(path, json)).execute();
  }

  Request request(String path, String json) {
    return new Request.Builder()
        .url(server.url(path))
        .header("Authorization", "Bearer sk-test")
        .post(RequestBody.create(json, MediaType.get("application/json")))
        .build();
  }

  /** The SSE events of a streamed response, checking its framing. */
  static List<String> sse(Response response) throws IOException {
    try (response) {
      assertEquals(200, response.code());
      assertTrue(response.header("Content-Type").startsWith("text/event-stream"));
      String body = response.body().string();
      assertTrue(body.endsWith("\n\n"), "every event ends with a blank line");
      List<String> events = new ArrayList<>();
      for (String e : body.split("\n\n")) {
        assertTrue(e.startsWith("data: "), e);
        assertFalse(e.contains("\n"), "one data line per event: " + e);
        events.add(e);
      }
      return events;
    }
  }

  static List<JsonNode> chunks(List<String> events) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String e : events) if (!e.equals("data: [DONE]")) out.add(JSON.readTree(e.substring(6)));
    return out;
  }

  static JsonNode delta(JsonNode chunk) {
    return chunk.path("choices").get(0).path("delta");
  }
}
