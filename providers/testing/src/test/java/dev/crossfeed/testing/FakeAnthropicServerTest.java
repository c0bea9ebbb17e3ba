package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
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

/** Drives {@link FakeAnthropicServer} with plain OkHttp and asserts its wire output and request parsing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeAnthropicServerTest {
  static final String CHAT = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  static final String STREAM =
      "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  private final FakeAnthropicServer server = new FakeAnthropicServer();
  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).retryOnConnectionFailure(false).build();

  @AfterEach
  void close() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Response post(String body, boolean headers) throws IOException {
    Request.Builder r = new Request.Builder().url(server.baseUrl() + "/v1/messages")
        .post(RequestBody.create(body, MediaType.get("application/json")));
    if (headers) r.header("x-api-key", "sk-ant-test").header("anthropic-version", "2023-06-01");
    return client.newCall(r.build()).execute();
  }

  private JsonNode json(Response r) throws IOException {
    return AnthropicWire.JSON.readTree(r.body().string());
  }

  /** The SSE events as (event name, data JSON) pairs, checking the two agree. */
  private List<JsonNode> events(Response r) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String block : r.body().string().split("\n\n")) {
      if (block.isBlank()) continue;
      String[] lines = block.split("\n");
      assertTrue(lines[0].startsWith("event: "), block);
      assertTrue(lines[1].startsWith("data: "), block);
      JsonNode data = AnthropicWire.JSON.readTree(lines[1].substring(6));
      assertEquals(lines[0].substring(7), data.path("type").asText());
      out.add(data);
    }
    return out;
  }

  @Test
  void replyIsAMessageWithBlocksStopReasonUsageAndRequestId() throws Exception {
    server.enqueue(FakeResponse.text("Let me check.").reasoning("Think.")
        .andToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}").usage(new Usage(100, 20, 60, 5)));
    try (Response r = post(CHAT, true)) {
      assertEquals(200, r.code());
      assertEquals("req_1", r.header("request-id"));
      JsonNode m = json(r);
      assertEquals("message", m.path("type").asText());
      assertEquals("claude-sonnet-4-5", m.path("model").asText());
      assertEquals("thinking", m.path("content").get(0).path("type").asText());
      assertEquals("Let me check.", m.path("content").get(1).path("text").asText());
      assertEquals("{\"city\":\"Oslo\"}", m.path("content").get(2).path("input").toString());
      assertEquals("tool_use", m.path("stop_reason").asText());
      assertEquals(40, m.path("usage").path("input_tokens").asInt());
      assertEquals(60, m.path("usage").path("cache_read_input_tokens").asInt());
      assertEquals(5, m.path("usage").path("output_tokens_details").path("thinking_tokens").asInt());
    }
  }

  @Test
  void streamFollowsTheDocumentedEventOrder() throws Exception {
    server.enqueue(FakeResponse.textChunks("Hel", "lo").andToolCall("toolu_1", "f", "{\"a\":\"bcdef\"}").usage(12, 7));
    List<String> types = new ArrayList<>();
    List<JsonNode> events;
    try (Response r = post(STREAM, true)) {
      assertTrue(r.header("content-type").startsWith("text/event-stream"));
      events = events(r);
    }
    for (JsonNode e : events) types.add(e.path("type").asText() + (e.has("delta") && e.path("delta").has("type") ? "/" + e.path("delta").path("type").asText() : ""));
    assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta/text_delta",
        "content_block_delta/text_delta", "content_block_stop", "content_block_start", "content_block_delta/input_json_delta",
        "content_block_delta/input_json_delta", "content_block_delta/input_json_delta", "content_block_delta/input_json_delta",
        "content_block_stop", "message_delta", "message_stop"), types);
    assertEquals("", events.get(7).path("delta").path("partial_json").asText());
    StringBuilder args = new StringBuilder();
    for (JsonNode e : events.subList(8, 11)) args.append(e.path("delta").path("partial_json").asText());
    assertEquals("{\"a\":\"bcdef\"}", args.toString());
    assertEquals(7, events.get(12).path("usage").path("output_tokens").asInt());
    assertEquals("tool_use", events.get(12).path("delta").path("stop_reason").asText());
  }

  @Test
  void overloadedIs529AndInStreamErrorIsAnErrorEvent() throws Exception {
    server.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.text("Hello world").errorAfter(0, Failure.OVERLOADED));
    try (Response r = post(CHAT, true)) {
      assertEquals(529, r.code());
      JsonNode e = json(r);
      assertEquals("error", e.path("type").asText());
      assertEquals("overloaded_error", e.path("error").path("type").asText());
      assertEquals("req_1", e.path("request_id").asText());
    }
    try (Response r = post(STREAM, true)) {
      List<JsonNode> events = events(r);
      assertEquals("error", events.get(events.size() - 1).path("type").asText());
      assertEquals("overloaded_error", events.get(events.size() - 1).path("error").path("type").asText());
      assertTrue(events.stream().noneMatch(e -> e.path("type").asText().equals("content_block_delta")));
    }
  }

  @Test
  void rateLimitCarriesRetryAfterAndAnthropicRateLimitHeaders() throws Exception {
    server.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofMillis(1500)));
    try (Response r = post(CHAT, true)) {
      assertEquals(429, r.code());
      assertEquals("2", r.header("retry-after"));
      assertEquals("0", r.header("anthropic-ratelimit-requests-remaining"));
      assertTrue(r.header("anthropic-ratelimit-requests-reset").endsWith("Z"));
      assertEquals("rate_limit_error", json(r).path("error").path("type").asText());
    }
  }

  @Test
  void refusalIsA200WithStopReasonRefusal() throws Exception {
    server.enqueue(FakeResponse.text("I can't").finishReason(FinishReason.CONTENT_FILTERED));
    try (Response r = post(CHAT, true)) {
      assertEquals("refusal", json(r).path("stop_reason").asText());
    }
  }

  @Test
  void missingHeadersOrMaxTokensAre400() throws Exception {
    server.enqueue(FakeResponse.text("never"));
    try (Response r = post(CHAT, false)) {
      assertEquals(400, r.code());
      assertTrue(json(r).path("error").path("message").asText().contains("x-api-key"));
    }
    try (Response r = post("{\"model\":\"m\",\"messages\":[]}", true)) {
      assertEquals(400, r.code());
      assertTrue(json(r).path("error").path("message").asText().contains("max_tokens"));
    }
    assertEquals(1, server.pending());
  }

  @Test
  void requestsAreParsedIntoTheNeutralView() throws Exception {
    server.enqueue(FakeResponse.text("ok"));
    String body = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"temperature\":0.5,\"stream\":true,"
        + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"},{\"type\":\"text\",\"text\":\"JSON only.\"}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Look\"},"
        + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.png\"}}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{\"a\":1}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"42\"},"
        + "{\"type\":\"text\",\"text\":\"Thanks\"}]}],"
        + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
        + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}}";
    try (Response r = post(body, true)) {
      assertEquals(200, r.code());
    }
    FakeRequest req = server.takeRequest();
    assertEquals("claude-haiku-4-5", req.model());
    assertTrue(req.stream());
    assertEquals("Be brief.\nJSON only.", req.system());
    assertEquals(List.of("Look", "Thanks"), req.texts(FakeRequest.Role.USER));
    assertEquals(1, req.imageCount());
    assertEquals(List.of(new ToolCall("toolu_1", "f", "{\"a\":1}")), req.messages().get(1).toolCalls());
    assertEquals("toolu_1", req.toolResults().get(0).toolCallId());
    assertEquals("42", req.toolResults().get(0).text());
    assertEquals(FakeRequest.Role.TOOL, req.messages().get(2).role(), "tool results come before the user's text");
    assertEquals(List.of("f"), req.toolNames());
    assertEquals(64, req.maxOutputTokens().getAsInt());
    assertEquals(0.5, req.temperature().getAsDouble());
    assertEquals(ResponseFormat.Type.JSON_SCHEMA, req.responseFormat());
    assertEquals("{\"type\":\"object\"}", req.schemaJson().orElseThrow());
    assertFalse(req.parseError().isPresent());
  }
}
