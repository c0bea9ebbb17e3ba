package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error status and body signature in the reference, mapped to a Failure on every call path. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ErrorMappingTest {
  @StartStop final MockWebServer server = new MockWebServer();

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, Wire.error("invalid_request_error", "messages.1: `tool_use` ids were found without `tool_result` blocks"), Failure.INVALID_REQUEST),
        Arguments.of(400, Wire.error("invalid_request_error", "prompt is too long: 208656 tokens > 200000 maximum"), Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(400, Wire.error("invalid_request_error", "input length and `max_tokens` exceed context limit: 188059 + 20000 > 200000, decrease input length or `max_tokens` and try again"), Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(400, Wire.error("invalid_request_error", "input length and max_tokens exceed context limit: 1 + 2 > 3"), Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(400, Wire.error("invalid_request_error", "This model does not support assistant message prefill. The conversation must end with a user message."), Failure.INVALID_REQUEST),
        Arguments.of(401, Wire.error("authentication_error", "invalid x-api-key"), Failure.AUTHENTICATION),
        Arguments.of(402, Wire.error("billing_error", "Your credit balance is too low"), Failure.QUOTA_EXHAUSTED),
        Arguments.of(403, Wire.error("permission_error", "Your API key does not have permission to use the specified resource."), Failure.PERMISSION),
        Arguments.of(404, Wire.error("not_found_error", "model: claude-sonet-4-5"), Failure.MODEL_NOT_FOUND),
        Arguments.of(408, "", Failure.TIMEOUT),
        Arguments.of(409, Wire.error("conflict_error", "conflict"), Failure.SERVER_ERROR),
        Arguments.of(413, "<html><head><title>413 Request Entity Too Large</title></head><body>cloudflare</body></html>", Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(413, Wire.error("request_too_large", "Request exceeds the maximum allowed number of bytes."), Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(422, "{}", Failure.INVALID_REQUEST),
        Arguments.of(429, Wire.error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"), Failure.RATE_LIMITED),
        Arguments.of(500, Wire.error("api_error", "Internal server error"), Failure.SERVER_ERROR),
        Arguments.of(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", Failure.SERVER_ERROR),
        Arguments.of(503, "", Failure.OVERLOADED),
        Arguments.of(504, Wire.error("timeout_error", "Request timed out"), Failure.SERVER_ERROR),
        Arguments.of(529, Wire.error("overloaded_error", "Overloaded"), Failure.OVERLOADED),
        Arguments.of(529, "{\"type\":\"error\",\"error\":{\"details\":null,\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", Failure.OVERLOADED));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void statusAndBodyMapToFailureOnEveryPath(int status, String body, Failure expected) {
    for (Wire.Path path : Wire.Path.values()) {
      server.enqueue(Wire.json(status, body).newBuilder().addHeader("request-id", "req_hdr_" + status).build());
      ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), path);
      assertEquals(expected, e.failure(), path + ": " + e.getMessage());
      assertEquals(status, e.status().orElseThrow(), path.name());
      assertEquals("req_hdr_" + status, e.requestId().orElseThrow(), "request-id header wins");
      assertEquals("anthropic", e.provider());
      assertEquals("claude-sonnet-4-5", e.model());
      assertFalse(e.partialResponse().isPresent());
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void rateLimitCarriesRetryAfterAndRateLimitHeaders(Wire.Path path) {
    Instant now = Instant.parse("2025-08-21T12:40:00Z");
    server.enqueue(Wire.json(429, Wire.error("rate_limit_error", "rate limited")).newBuilder()
        .addHeader("retry-after", "20")
        .addHeader("anthropic-ratelimit-requests-remaining", "0")
        .addHeader("anthropic-ratelimit-requests-reset", "2025-08-21T12:40:20Z")
        .build());
    AnthropicChatModel model = Wire.builder(server).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    ChatModelException e = Wire.failure(model, ChatRequest.of("x"), path);
    assertEquals(Failure.RATE_LIMITED, e.failure());
    assertEquals(Duration.ofSeconds(20), e.retryAfter().orElseThrow());
    assertTrue(e.rateLimits().exhausted());
    assertEquals(Duration.ofSeconds(20), e.rateLimits().exhaustedFor().orElseThrow());
    assertEquals("req_body_1", e.requestId().orElseThrow(), "request_id from the body when no header");
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void overloaded529KeepsItsRetryHintButA400DropsIt(Wire.Path path) {
    server.enqueue(Wire.json(529, Wire.error("overloaded_error", "Overloaded")).newBuilder().addHeader("retry-after", "3").build());
    assertEquals(Duration.ofSeconds(3), Wire.failure(Wire.model(server), ChatRequest.of("x"), path).retryAfter().orElseThrow());
    server.enqueue(Wire.json(400, Wire.error("invalid_request_error", "bad")).newBuilder().addHeader("retry-after", "3").build());
    ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), path);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertFalse(e.retryAfter().isPresent());
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void spendCap429IsQuotaExhaustedWithoutHint(Wire.Path path) {
    server.enqueue(Wire.json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"spend cap\","
        + "\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}"));
    ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), path);
    assertEquals(Failure.QUOTA_EXHAUSTED, e.failure());
    assertFalse(e.retryAfter().isPresent());
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void theKeyIsScrubbedFromProviderMessages(Wire.Path path) {
    server.enqueue(Wire.json(401, Wire.error("authentication_error", "invalid x-api-key " + Wire.KEY)));
    ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), path);
    assertEquals(Failure.AUTHENTICATION, e.failure());
    assertFalse(e.getMessage().contains(Wire.KEY), e.getMessage());
    assertFalse(e.providerMessage().contains(Wire.KEY));
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void connectionRefusedIsAConnectionFailure(Wire.Path path) {
    AnthropicChatModel model =
        Wire.builder(server).baseUrl("http://127.0.0.1:1").timeout(Duration.ofSeconds(5)).build();
    assertEquals(Failure.CONNECTION, Wire.failure(model, ChatRequest.of("x"), path).failure());
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void disconnectBeforeTheResponseIsAConnectionFailure(Wire.Path path) {
    server.enqueue(new MockResponse.Builder().onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
    assertEquals(Failure.CONNECTION, Wire.failure(Wire.model(server), ChatRequest.of("x"), path).failure());
  }

  @Test
  void errorBodyIsReadOnlyUpToItsCap() {
    server.enqueue(Wire.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"" + "x".repeat(1 << 20) + "\"}}"));
    ChatModelException e = Wire.failure(Wire.model(server), ChatRequest.of("x"), Wire.Path.SYNC);
    assertEquals(Failure.SERVER_ERROR, e.failure());
    assertTrue(e.getMessage().length() < 2000);
  }
}
