package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Parsing of every answer shape, through the sync, async and stream paths. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResponseParsingTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static final String CACHE_USAGE =
      "{\"input_tokens\":412,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":2048,"
          + "\"output_tokens\":58,\"output_tokens_details\":{\"thinking_tokens\":20}}";

  /** Serves the same answer as JSON or as an equivalent event stream, depending on the path. */
  private void enqueueToolAnswer(Wire.Path path) {
    if (path != Wire.Path.STREAM) {
      server.enqueue(Wire.json(200, Wire.message(
          "[{\"type\":\"thinking\",\"thinking\":\"Need weather.\",\"signature\":\"sig\"},"
              + "{\"type\":\"redacted_thinking\",\"data\":\"xyz\"},"
              + "{\"type\":\"text\",\"text\":\"Let me check.\"},"
              + "{\"type\":\"server_tool_use\",\"id\":\"srv_1\",\"name\":\"web_search\",\"input\":{}},"
              + "{\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}},"
              + "{\"type\":\"tool_use\",\"id\":\"toolu_01B\",\"name\":\"refresh\",\"input\":{}}]",
          "tool_use", CACHE_USAGE)));
      return;
    }
    server.enqueue(Wire.sse(
        Wire.messageStart("{\"input_tokens\":412,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":2048,\"output_tokens\":1}"),
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}",
        Wire.PING,
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Need \"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"weather.\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}",
        Wire.blockStop(0),
        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"xyz\"}}",
        Wire.blockStop(1),
        Wire.textStart(2),
        Wire.textDelta(2, "Let me "),
        Wire.textDelta(2, "check."),
        "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"citations_delta\",\"citation\":{}}}",
        Wire.blockStop(2),
        "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srv_1\",\"name\":\"web_search\",\"input\":{}}}",
        "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}",
        Wire.blockStop(3),
        "{\"type\":\"content_block_start\",\"index\":4,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"get_weather\",\"input\":{}}}",
        "{\"type\":\"content_block_delta\",\"index\":4,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":4,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Os\"}}",
        "{\"type\":\"some_future_event\",\"index\":4}",
        "{\"type\":\"content_block_delta\",\"index\":4,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"lo\\\"}\"}}",
        Wire.blockStop(4),
        "{\"type\":\"content_block_start\",\"index\":5,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01B\",\"name\":\"refresh\",\"input\":{}}}",
        "{\"type\":\"content_block_delta\",\"index\":5,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
        Wire.blockStop(5),
        Wire.messageDelta("tool_use", "{\"output_tokens\":30}"),
        Wire.messageDelta("tool_use", CACHE_USAGE),
        Wire.STOP));
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void textThinkingToolCallsAndCacheUsageAreParsed(Wire.Path path) {
    enqueueToolAnswer(path);
    List<StreamEvent> events = new ArrayList<>();
    ChatResponse r = Wire.call(Wire.model(server), ChatRequest.of("weather?"), path, events);
    assertEquals("Let me check.", r.text());
    assertEquals("Need weather.", r.reasoning());
    assertEquals(
        List.of(new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Oslo\"}"), new ToolCall("toolu_01B", "refresh", "{}")),
        r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(412 + 100 + 2048, 58, 2048, 20), r.usage());
    assertEquals("anthropic", r.provider());
    assertEquals("claude-sonnet-4-5-20250929", r.model());
    // claude-sonnet-4-5 catalog prices: 3.00 in, 15.00 out, 0.30 cached
    double expectedIn = ((412 + 100) * 3.00 + 2048 * 0.30) / 1_000_000d;
    assertEquals(expectedIn, r.cost().orElseThrow().inputUsd(), 1e-12);
    assertEquals(58 * 15.00 / 1_000_000d, r.cost().orElseThrow().outputUsd(), 1e-12);
    if (path == Wire.Path.STREAM) {
      List<Object> kinds = new ArrayList<>();
      for (StreamEvent e : events) kinds.add(e.getClass().getSimpleName());
      assertEquals(List.of("UsageUpdate", "ReasoningDelta", "ReasoningDelta", "TextDelta", "TextDelta",
          "ToolCallDelta", "ToolCallDelta", "ToolCallDelta", "ToolCallComplete", "ToolCallDelta", "ToolCallComplete",
          "UsageUpdate", "UsageUpdate", "Completed"), kinds);
      assertEquals(new StreamEvent.ToolCallDelta(0, "toolu_01A", "get_weather", ""), events.get(5));
      assertEquals(new StreamEvent.ToolCallDelta(0, "", "", "{\"city\": \"Os"), events.get(6));
      assertEquals(new StreamEvent.ToolCallDelta(1, "toolu_01B", "refresh", ""), events.get(9));
      assertEquals(new StreamEvent.UsageUpdate(new Usage(2560, 30, 2048, 0)), events.get(11));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "end_turn, STOP",
    "stop_sequence, STOP",
    "max_tokens, LENGTH",
    "tool_use, TOOL_CALLS",
    "refusal, CONTENT_FILTERED",
    "model_context_window_exceeded, CONTEXT_LENGTH_EXCEEDED",
    "pause_turn, OTHER",
    "something_new, OTHER"
  })
  void stopReasonsMapToFinishReasons(String stopReason, FinishReason expected) {
    for (Wire.Path path : Wire.Path.values()) {
      if (path == Wire.Path.STREAM) {
        server.enqueue(Wire.sse(Wire.messageStart("{\"input_tokens\":5,\"output_tokens\":1}"), Wire.textStart(0),
            Wire.textDelta(0, "partial"), Wire.blockStop(0), Wire.messageDelta(stopReason, "{\"output_tokens\":9}"), Wire.STOP));
      } else {
        server.enqueue(Wire.json(200, Wire.message("[{\"type\":\"text\",\"text\":\"partial\"}]", stopReason,
            "{\"input_tokens\":5,\"output_tokens\":9}")));
      }
      ChatResponse r = Wire.call(Wire.model(server), ChatRequest.of("x"), path);
      assertEquals(expected, r.finishReason(), path.name());
      assertEquals("partial", r.text(), "a refused or cut answer keeps its text");
      assertEquals(Usage.of(5, 9), r.usage());
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void requestIdAndRateLimitsComeFromHeadersAndRetryAfterOnA200IsIgnored(Wire.Path path) {
    Instant now = Instant.parse("2025-08-21T12:40:00Z");
    MockResponse base = path == Wire.Path.STREAM ? Wire.textStream("hi") : Wire.json(200, Wire.textMessage("hi"));
    server.enqueue(base.newBuilder()
        .addHeader("request-id", "req_011CSFCDzbeWe2qGKAeNMhfZ")
        .addHeader("retry-after", "55")
        .addHeader("anthropic-ratelimit-requests-limit", "50")
        .addHeader("anthropic-ratelimit-requests-remaining", "49")
        .addHeader("anthropic-ratelimit-requests-reset", "2025-08-21T12:40:59Z")
        .addHeader("anthropic-ratelimit-tokens-limit", "30000")
        .addHeader("anthropic-ratelimit-tokens-remaining", "0")
        .addHeader("anthropic-ratelimit-tokens-reset", "2025-08-21T12:41:30Z")
        .addHeader("anthropic-ratelimit-input-tokens-remaining", "100")
        .build());
    AnthropicChatModel model = Wire.builder(server).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    ChatResponse r = Wire.call(model, ChatRequest.of("x"), path);
    assertEquals("req_011CSFCDzbeWe2qGKAeNMhfZ", r.requestId().orElseThrow());
    assertEquals(49, r.rateLimits().remainingRequests().getAsLong());
    assertEquals(50, r.rateLimits().limitRequests().getAsLong());
    assertEquals(Duration.ofSeconds(59), r.rateLimits().resetRequests().orElseThrow());
    assertTrue(r.rateLimits().exhausted());
    assertEquals(Duration.ofSeconds(90), r.rateLimits().exhaustedFor().orElseThrow());
    assertEquals("100", r.rateLimits().headers().get("anthropic-ratelimit-input-tokens-remaining"));
  }

  @Test
  void unknownModelHasNoCostAndEmptyContentIsAnEmptyAnswer() {
    server.enqueue(Wire.json(200, Wire.message("[]", "end_turn", "{\"input_tokens\":3,\"output_tokens\":1}")));
    AnthropicChatModel model = Wire.builder(server).model("claude-unknown-9").build();
    ChatResponse r = model.chat("x");
    assertEquals("", r.text());
    assertFalse(r.cost().isPresent());
    assertTrue(model.info().supports(dev.crossfeed.Capability.TOOLS));
  }

  @ParameterizedTest
  @EnumSource(value = Wire.Path.class, names = {"SYNC", "ASYNC"})
  void errorEnvelopeWithA200IsClassifiedByType(Wire.Path path) {
    server.enqueue(Wire.json(200, Wire.error("overloaded_error", "Overloaded")).newBuilder().addHeader("retry-after", "30").build());
    ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), path);
    assertEquals(Failure.OVERLOADED, e.failure());
    assertEquals("req_body_1", e.requestId().orElseThrow());
    assertFalse(e.retryAfter().isPresent(), "retry-after on a 200 is not acted on");
  }

  @ParameterizedTest
  @EnumSource(value = Wire.Path.class, names = {"SYNC", "ASYNC"})
  void brokenBodiesAreInvalidResponses(Wire.Path path) {
    List<MockResponse> bodies = List.of(
        Wire.json(200, "{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"te"),
        Wire.json(200, "<html><body>Bad gateway</body></html>"),
        Wire.json(200, "[1,2,3]"),
        Wire.json(200, "{\"id\":\"msg_1\",\"type\":\"message\"}"),
        Wire.json(200, ""),
        new MockResponse.Builder().code(200).body(new okio.Buffer().write(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"'})).build(),
        Wire.json(200, "[".repeat(5000)));
    for (MockResponse body : bodies) {
      server.enqueue(body);
      ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), path);
      assertEquals(Failure.INVALID_RESPONSE, e.failure(), e.getMessage());
    }
  }

  @Test
  void bodyOverTheCapIsAnInvalidResponse() {
    String huge = Wire.message("[{\"type\":\"text\",\"text\":\"" + "a".repeat(33 << 20) + "\"}]", "end_turn", "{}");
    server.enqueue(Wire.json(200, huge));
    ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), Wire.Path.SYNC);
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertTrue(e.getMessage().contains("cap"), e.getMessage());
  }
}
