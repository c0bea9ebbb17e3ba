package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.Message;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.Usage;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against {@link FakeAnthropicServer}: one script per scenario, every call path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeServerScenariosTest {
  private final FakeAnthropicServer server = new FakeAnthropicServer();
  private final AnthropicChatModel model =
      AnthropicChatModel.builder().apiKey(ApiKey.of(Wire.KEY)).model("claude-sonnet-4-5").baseUrl(server.baseUrl())
          .timeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void close() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void answersWithTextReasoningToolCallsAndUsage(Wire.Path path) {
    server.enqueue(FakeResponse.text("Checking the weather.").reasoning("User wants weather.")
        .andToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}").usage(new Usage(120, 40, 100, 12)));
    ChatRequest request = ChatRequest.builder().system("Be brief.")
        .user(ContentPart.text("Weather?"), ContentPart.imageUrl("https://example.com/sky.png"))
        .tool(ToolSpec.of("get_weather", "", null)).build();
    ChatResponse r = Wire.call(model, request, path);
    assertEquals("Checking the weather.", r.text());
    assertEquals("User wants weather.", r.reasoning());
    assertEquals(List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(120, 40, 100, 12), r.usage());
    assertEquals("req_1", r.requestId().orElseThrow());
    FakeRequest sent = server.takeRequest();
    assertEquals("Be brief.", sent.system());
    assertEquals(path == Wire.Path.STREAM, sent.stream());
    assertEquals(1, sent.imageCount());
    assertEquals(List.of("get_weather"), sent.toolNames());
    assertEquals(4096, sent.maxOutputTokens().getAsInt());
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void toolResultsRoundTrip(Wire.Path path) {
    server.enqueue(FakeResponse.text("It is 4°C."));
    ChatRequest request = ChatRequest.builder().user("Weather?")
        .message(Message.assistant("", List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}"))))
        .message(Message.toolResult("toolu_1", "get_weather", "4°C"))
        .tool(ToolSpec.of("get_weather", "", null)).build();
    assertEquals("It is 4°C.", Wire.call(model, request, path).text());
    FakeRequest sent = server.takeRequest();
    assertEquals("toolu_1", sent.toolResults().get(0).toolCallId());
    assertEquals("4°C", sent.toolResults().get(0).text());
  }

  @ParameterizedTest
  @EnumSource(value = Failure.class, names = {"RATE_LIMITED", "QUOTA_EXHAUSTED", "OVERLOADED", "SERVER_ERROR",
      "AUTHENTICATION", "PERMISSION", "MODEL_NOT_FOUND", "CONTEXT_LENGTH_EXCEEDED", "INVALID_REQUEST", "TIMEOUT",
      "CONNECTION", "INVALID_RESPONSE"})
  void everyScriptedFailureIsClassifiedTheSameOnEveryPath(Failure failure) {
    for (Wire.Path path : Wire.Path.values()) {
      server.enqueue(FakeResponse.failure(failure));
      ChatModelException e = Wire.failure(model, ChatRequest.of("x"), path);
      assertEquals(failure, e.failure(), path + ": " + e.getMessage());
      if (failure == Failure.RATE_LIMITED) {
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertTrue(e.rateLimits().exhausted());
      }
      if (failure != Failure.CONNECTION && failure != Failure.INVALID_RESPONSE) {
        assertEquals("req_" + server.requestCount(), e.requestId().orElseThrow());
      }
    }
  }

  @Test
  void overloadedBeforeContentAllowsFailoverButAfterContentIsInterrupted() {
    server.enqueue(FakeResponse.text("Hello big world").errorAfter(0, Failure.OVERLOADED),
        FakeResponse.text("Hello big world").errorAfter(1, Failure.OVERLOADED));
    assertEquals(Failure.OVERLOADED, Wire.failure(model, ChatRequest.of("x"), Wire.Path.STREAM).failure());
    ChatModelException e = Wire.failure(model, ChatRequest.of("x"), Wire.Path.STREAM);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hello ", e.partialResponse().orElseThrow().text());
  }

  @Test
  void cutAndStalledStreams() {
    AnthropicChatModel model = AnthropicChatModel.builder().apiKey(ApiKey.of(Wire.KEY)).model("claude-sonnet-4-5")
        .baseUrl(server.baseUrl()).timeout(Duration.ofMillis(400)).build();
    server.enqueue(FakeResponse.text("Hello big world").cutAfter(1),
        FakeResponse.text("Hello big world").stallAfter(1, Duration.ofSeconds(10)),
        FakeResponse.text("Hello big world").stallAfter(0, Duration.ofSeconds(10)),
        FakeResponse.stallBeforeHeaders(Duration.ofSeconds(10)));
    assertEquals(Failure.STREAM_INTERRUPTED, Wire.failure(model, ChatRequest.of("x"), Wire.Path.STREAM).failure());
    ChatModelException stalled = Wire.failure(model, ChatRequest.of("x"), Wire.Path.STREAM);
    assertEquals(Failure.STREAM_INTERRUPTED, stalled.failure());
    assertEquals(Failure.TIMEOUT, ((ChatModelException) stalled.getCause()).failure());
    assertEquals(Failure.TIMEOUT, Wire.failure(model, ChatRequest.of("x"), Wire.Path.STREAM).failure());
    assertEquals(Failure.TIMEOUT, Wire.failure(model, ChatRequest.of("x"), Wire.Path.SYNC).failure());
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void refusalIsReturnedAsContentFiltered(Wire.Path path) {
    server.enqueue(FakeResponse.text("I can't help with that.").finishReason(FinishReason.CONTENT_FILTERED));
    ChatResponse r = Wire.call(model, ChatRequest.of("x"), path);
    assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
    assertEquals("I can't help with that.", r.text());
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void rateLimitHeadersOnAnAnswerAreReported(Wire.Path path) {
    server.enqueue(FakeResponse.text("ok").headers(FakeAnthropicServer.rateLimitHeaders(0, 500, Duration.ofSeconds(30))));
    ChatResponse r = Wire.call(model, ChatRequest.of("x"), path);
    assertTrue(r.rateLimits().exhausted());
    assertEquals(500, r.rateLimits().remainingTokens().getAsLong());
    assertFalse(r.rateLimits().exhaustedFor().orElseThrow().isNegative());
  }
}
