package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every status and body signature of gemini-generate-content.md §6 mapped to a Failure, on every path. */
@Timeout(30)
class GeminiErrorsTest {
  private static final ChatRequest HI = ChatRequest.of("hi");
  private static final String RETRY_429 = "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please"
      + " check your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
      + "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":"
      + "\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\"}]},"
      + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"34.4s\"}]}}";

  @StartStop MockWebServer server = new MockWebServer();

  private ChatModelException fail(Calls path, int status, String body) {
    server.enqueue(Wire.json(status, body));
    return path.fail(Calls.model(server).build(), HI);
  }

  private void expect(Calls path, int status, String body, Failure failure) {
    ChatModelException e = fail(path, status, body);
    assertEquals(failure, e.failure(), e.getMessage());
    assertEquals(status, e.status().getAsInt());
    assertEquals("gemini", e.provider());
    assertEquals("gemini-2.5-flash", e.model());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void everyDocumentedStatus(Calls path) {
    expect(path, 400, Wire.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received."), Failure.INVALID_REQUEST);
    expect(path, 400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
        + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
        + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}", Failure.AUTHENTICATION);
    expect(path, 400, Wire.error(400, "FAILED_PRECONDITION", "User location is not supported for the API use."),
        Failure.PERMISSION);
    expect(path, 400, Wire.error(400, "INVALID_ARGUMENT",
        "The input token count (3475108) exceeds the maximum number of tokens allowed (1048576)."),
        Failure.CONTEXT_LENGTH_EXCEEDED);
    expect(path, 401, Wire.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
        Failure.AUTHENTICATION);
    expect(path, 403, Wire.error(403, "PERMISSION_DENIED", "The caller does not have permission"), Failure.PERMISSION);
    expect(path, 404, Wire.error(404, "NOT_FOUND", "models/nope is not found for API version v1beta"),
        Failure.MODEL_NOT_FOUND);
    expect(path, 408, "", Failure.TIMEOUT);
    expect(path, 413, "", Failure.CONTEXT_LENGTH_EXCEEDED);
    expect(path, 500, Wire.error(500, "INTERNAL", "An internal error has occurred."), Failure.SERVER_ERROR);
    expect(path, 502, "<html><title>502 Bad Gateway</title></html>", Failure.SERVER_ERROR);
    expect(path, 503, Wire.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
        Failure.OVERLOADED);
    expect(path, 504, Wire.error(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
        Failure.TIMEOUT);
    expect(path, 504, "<html><title>504 Gateway Timeout</title></html>", Failure.SERVER_ERROR);
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void rateLimitWithRetryInfoIsRateLimitedWithTheHint(Calls path) {
    ChatModelException e = fail(path, 429, RETRY_429);
    assertEquals(Failure.RATE_LIMITED, e.failure(), "Gemini's per-minute message mentions billing but is a rate limit");
    assertEquals(Duration.ofMillis(34_400), e.retryAfter().orElseThrow());
    assertEquals(429, e.status().getAsInt());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void rateLimitVariants(Calls path) {
    ChatModelException bare = fail(path, 429, Wire.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."));
    assertEquals(Failure.RATE_LIMITED, bare.failure());
    assertEquals(Optional.empty(), bare.retryAfter());
    ChatModelException wrapped = fail(path, 429, "[" + RETRY_429 + "]");
    assertEquals(Failure.RATE_LIMITED, wrapped.failure());
    assertEquals(Duration.ofMillis(34_400), wrapped.retryAfter().orElseThrow());
    ChatModelException noFreeTier = fail(path, 429, Wire.error(429, "RESOURCE_EXHAUSTED",
        "Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro"));
    assertEquals(Failure.QUOTA_EXHAUSTED, noFreeTier.failure(), "a zero limit never clears by waiting");
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void keyEchoedByTheServerIsScrubbed(Calls path) {
    ChatModelException e = fail(path, 400, Wire.error(400, "INVALID_ARGUMENT", "API key not valid: " + Calls.KEY));
    assertEquals(Failure.AUTHENTICATION, e.failure());
    assertFalse(e.getMessage().contains(Calls.KEY));
    assertTrue(e.providerMessage().contains("[redacted]"));
  }

  @ParameterizedTest
  @EnumSource(value = Calls.class, names = {"SYNC", "ASYNC"})
  void unusableSuccessBodiesAreInvalidResponses(Calls path) {
    for (String body : new String[] {"{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi", "<html>oops</html>",
        "[]", "null", "", "{}", "{\"usageMetadata\":{\"promptTokenCount\":3}}"}) {
      server.enqueue(Wire.json(200, body));
      ChatModelException e = path.fail(Calls.model(server).build(), HI);
      assertEquals(Failure.INVALID_RESPONSE, e.failure(), body);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Calls.class, names = {"SYNC", "ASYNC"})
  void bodyOverTheCapAndInvalidUtf8(Calls path) {
    server.enqueue(Wire.json(200, Wire.finish("x".repeat(10_000), "STOP")));
    ChatModelException big = path.fail(Calls.model(server).maxBodyBytes(4096).build(), HI);
    assertEquals(Failure.INVALID_RESPONSE, big.failure());
    assertTrue(big.getMessage().contains("4096"), big.getMessage());
    okio.Buffer bad = new okio.Buffer().writeUtf8("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"")
        .writeByte(0xC3).writeByte(0x28).writeUtf8("\"}]},\"finishReason\":\"STOP\"}]}");
    server.enqueue(new mockwebserver3.MockResponse.Builder().body(bad).build());
    assertEquals(Failure.INVALID_RESPONSE, path.fail(Calls.model(server).build(), HI).failure());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void errorObjectInA200BodyIsClassifiedByItsCode(Calls path) {
    String body = Wire.error(503, "UNAVAILABLE", "The model is overloaded.");
    server.enqueue(path == Calls.STREAM ? Wire.stream(Wire.sse(body)) : Wire.json(200, body));
    ChatModelException e = path.fail(Calls.model(server).build(), HI);
    assertEquals(Failure.OVERLOADED, e.failure());
    assertTrue(e.status().isEmpty(), "no HTTP error status: it came inside a 200");
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void blockedPromptIsReturnedAsContentFiltered(Calls path) {
    String body = "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":{\"promptTokenCount\":12,"
        + "\"totalTokenCount\":12},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"blk-1\"}";
    server.enqueue(path == Calls.STREAM ? Wire.stream(Wire.sse(body)) : Wire.json(200, body));
    ChatResponse r = path.run(Calls.model(server).build(), HI);
    assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
    assertEquals("", r.text());
    assertEquals(12, r.usage().inputTokens());
    assertEquals("blk-1", r.requestId().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void partialTextBeforeASafetyStopIsKept(Calls path) {
    String body = Wire.finish("Here is", "RECITATION");
    server.enqueue(path == Calls.STREAM ? Wire.stream(Wire.sse(Wire.text("Sure. "), body)) : Wire.json(200, body));
    ChatResponse r = path.run(Calls.model(server).build(), HI);
    assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
    assertTrue(r.text().endsWith("Here is"));
  }

  @Test
  void finishReasonMapping() {
    for (String s : new String[] {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"}) {
      assertEquals(FinishReason.CONTENT_FILTERED, ChunkParser.map(s, false), s);
    }
    assertEquals(FinishReason.LENGTH, ChunkParser.map("MAX_TOKENS", true));
    assertEquals(FinishReason.STOP, ChunkParser.map("STOP", false));
    assertEquals(FinishReason.TOOL_CALLS, ChunkParser.map("STOP", true));
    for (String s : new String[] {"MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS", "LANGUAGE",
        "OTHER", "FINISH_REASON_UNSPECIFIED", "IMAGE_OTHER", "NO_IMAGE", "SOMETHING_NEW"}) {
      assertEquals(FinishReason.OTHER, ChunkParser.map(s, false), s);
    }
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void malformedFunctionCallIsOther(Calls path) {
    String body = "{\"candidates\":[{\"content\":{},\"finishReason\":\"MALFORMED_FUNCTION_CALL\","
        + "\"finishMessage\":\"Malformed function call: print(default_api.x(\"}],\"responseId\":\"m1\"}";
    server.enqueue(path == Calls.STREAM ? Wire.stream(Wire.sse(body)) : Wire.json(200, body));
    assertEquals(FinishReason.OTHER, path.run(Calls.model(server).build(), HI).finishReason());
  }

  @Test
  void cachedAndToolUseTokensAreCounted() {
    String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
        + "\"usageMetadata\":{\"promptTokenCount\":1000,\"cachedContentTokenCount\":800,\"candidatesTokenCount\":10,"
        + "\"thoughtsTokenCount\":30,\"toolUsePromptTokenCount\":5,\"totalTokenCount\":1045}}";
    server.enqueue(Wire.json(200, body));
    ChatResponse r = Calls.SYNC.run(Calls.model(server).build(), HI);
    assertEquals(new dev.crossfeed.Usage(1005, 40, 800, 30), r.usage());
    assertEquals(r.usage().totalTokens(), 1045, "our total equals Gemini's totalTokenCount");
  }
}
