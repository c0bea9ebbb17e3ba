package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.jsonBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.Failure;
import dev.crossfeed.openai.TestSupport.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every status and error signature of the reference (§6, hosts) mapped to its Failure, on every path. */
@Timeout(60)
class ErrorStatusTest {
  @StartStop MockWebServer server = new MockWebServer();

  private static String openAiError(String message, String type, String code) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":" + (type == null ? "null" : "\"" + type + "\"")
        + ",\"param\":null,\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}";
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    Object[][] table = {
      {OpenAiHost.OPENAI, 400, openAiError("This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", "invalid_request_error", "context_length_exceeded"), Failure.CONTEXT_LENGTH_EXCEEDED},
      {OpenAiHost.OPENAI, 400, openAiError("Input tokens exceed the configured limit of 272000 tokens.", "invalid_request_error", null), Failure.CONTEXT_LENGTH_EXCEEDED},
      {OpenAiHost.OPENAI, 400, openAiError("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "invalid_request_error", "unsupported_parameter"), Failure.INVALID_REQUEST},
      {OpenAiHost.OPENAI, 401, openAiError("Incorrect API key provided", "invalid_request_error", "invalid_api_key"), Failure.AUTHENTICATION},
      {OpenAiHost.OPENAI, 403, openAiError("Country, region, or territory not supported", "request_forbidden", null), Failure.PERMISSION},
      {OpenAiHost.OPENAI, 404, openAiError("The model `gpt-9` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"), Failure.MODEL_NOT_FOUND},
      {OpenAiHost.OPENAI, 408, openAiError("Request timed out", null, null), Failure.TIMEOUT},
      {OpenAiHost.OPENAI, 409, openAiError("Conflict", null, null), Failure.SERVER_ERROR},
      {OpenAiHost.OPENAI, 413, openAiError("Request body too large", null, null), Failure.CONTEXT_LENGTH_EXCEEDED},
      {OpenAiHost.OPENAI, 422, openAiError("Unprocessable", null, null), Failure.INVALID_REQUEST},
      {OpenAiHost.OPENAI, 429, openAiError("Rate limit reached for gpt-4o in organization org-1 on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 2s.", "tokens", "rate_limit_exceeded"), Failure.RATE_LIMITED},
      {OpenAiHost.OPENAI, 429, openAiError("You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota"), Failure.QUOTA_EXHAUSTED},
      {OpenAiHost.OPENAI, 500, openAiError("The server had an error while processing your request.", "server_error", null), Failure.SERVER_ERROR},
      {OpenAiHost.OPENAI, 502, "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>", Failure.SERVER_ERROR},
      {OpenAiHost.OPENAI, 503, openAiError("The engine is currently overloaded, please try again later", "service_unavailable_error", "server_is_overloaded"), Failure.OVERLOADED},
      {OpenAiHost.OPENAI, 504, "", Failure.SERVER_ERROR},
      {OpenAiHost.OPENAI, 529, openAiError("Overloaded", null, null), Failure.OVERLOADED},
      {OpenAiHost.AZURE, 400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{\"jailbreak\":{\"filtered\":true,\"detected\":true}}}}}", Failure.CONTENT_FILTERED},
      {OpenAiHost.AZURE, 429, "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit. Please retry after 37 seconds.\"}}", Failure.RATE_LIMITED},
      {OpenAiHost.MISTRAL, 422, "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\",\"loc\":[\"body\",\"max_completion_tokens\"],\"msg\":\"Extra inputs are not permitted\",\"input\":32000}]},\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}", Failure.INVALID_REQUEST},
      {OpenAiHost.MISTRAL, 400, "{\"object\":\"error\",\"message\":\"Unexpected role 'user' after role 'tool'\",\"type\":\"invalid_request_message_order\",\"param\":null,\"code\":\"3230\"}", Failure.INVALID_REQUEST},
      {OpenAiHost.GROQ, 400, "{\"error\":{\"message\":\"Tool call validation failed: missing properties\",\"type\":\"invalid_request_error\",\"code\":\"tool_use_failed\",\"failed_generation\":\"{}\"}}", Failure.INVALID_REQUEST},
      {OpenAiHost.GROQ, 413, "{\"error\":{\"message\":\"Request Entity Too Large\",\"type\":\"invalid_request_error\",\"code\":\"request_too_large\"}}", Failure.CONTEXT_LENGTH_EXCEEDED},
      {OpenAiHost.GROQ, 498, "{\"error\":{\"message\":\"Flex tier capacity exceeded\",\"type\":\"capacity_exceeded\"}}", Failure.OVERLOADED},
      {OpenAiHost.DEEPSEEK, 400, "{\"error\":{\"message\":\"This model's maximum context length is 131072 tokens. However, you requested 131134 tokens (122942 in the messages, 8192 in the completion).\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_request_error\"}}", Failure.CONTEXT_LENGTH_EXCEEDED},
      {OpenAiHost.DEEPSEEK, 402, "{\"error\":{\"message\":\"Insufficient Balance\",\"type\":\"unknown_error\",\"param\":null,\"code\":\"invalid_request_error\"}}", Failure.QUOTA_EXHAUSTED},
      {OpenAiHost.DEEPSEEK, 503, "{\"error\":{\"message\":\"Server overloaded\"}}", Failure.OVERLOADED},
      {OpenAiHost.OPENROUTER, 402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}", Failure.QUOTA_EXHAUSTED},
      {OpenAiHost.OPENROUTER, 403, "{\"error\":{\"code\":403,\"message\":\"Input flagged by moderation\",\"metadata\":{\"reasons\":[\"violence\"]}}}", Failure.PERMISSION},
      {OpenAiHost.OPENROUTER, 503, "{\"error\":{\"code\":503,\"message\":\"No provider meets your routing requirements\"}}", Failure.OVERLOADED},
      {OpenAiHost.VLLM, 400, "{\"error\":{\"message\":\"\\\"auto\\\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}", Failure.INVALID_REQUEST},
      {OpenAiHost.VLLM, 404, "{\"object\":\"error\",\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}", Failure.MODEL_NOT_FOUND},
      {OpenAiHost.LM_STUDIO, 400, "{\"error\":{\"message\":\"No models loaded. Please load a model in the developer page.\",\"type\":\"invalid_request_error\",\"param\":\"model\"}}", Failure.INVALID_REQUEST},
    };
    for (Object[] row : table) {
      for (Path p : Path.values()) out.add(Arguments.of(row[0], row[1], row[2], row[3], p));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} -> {3} ({4})")
  @MethodSource("cases")
  void statusAndBodyMapToFailure(OpenAiHost host, int status, String body, Failure expected, Path path) {
    server.enqueue(jsonBuilder(status, body).setHeader("x-request-id", "req_err1").build());
    OpenAiChatModel.Builder b = chat(server, host);
    if (host == OpenAiHost.AZURE) b.baseUrl(server.url("/").toString());
    ChatModelException e = TestSupport.fails(path, b.build(), ChatRequest.of("x"));
    assertEquals(expected, e.failure(), e.getMessage());
    assertEquals(status, e.status().getAsInt());
    assertEquals("req_err1", e.requestId().orElseThrow());
    assertEquals(host.providerId(), e.provider());
    assertEquals("gpt-4o-mini", e.model());
    assertEquals(1, server.getRequestCount(), "exactly one attempt");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void rateLimitCarriesRetryAfterAndRateLimitHeaders(Path path) {
    server.enqueue(jsonBuilder(429, openAiError("Rate limit reached", "requests", "rate_limit_exceeded"))
        .setHeader("retry-after", "7").setHeader("x-ratelimit-remaining-requests", "0")
        .setHeader("x-ratelimit-reset-requests", "1m0s").build());
    ChatModelException e = TestSupport.fails(path, TestSupport.openai(server), ChatRequest.of("x"));
    assertEquals(Failure.RATE_LIMITED, e.failure());
    assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
    assertTrue(e.rateLimits().exhausted());
    assertEquals(Duration.ofMinutes(1), e.rateLimits().resetRequests().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void azureRetryAfterMsWinsOverSeconds(Path path) {
    server.enqueue(jsonBuilder(429, "{\"error\":{\"code\":\"429\",\"message\":\"Please retry after 37 seconds.\"}}")
        .setHeader("retry-after-ms", "36500").setHeader("retry-after", "37").setHeader("apim-request-id", "apim-1").build());
    ChatModelException e = TestSupport.fails(path, chat(server, OpenAiHost.AZURE).baseUrl(server.url("/").toString()).build(), ChatRequest.of("x"));
    assertEquals(Failure.RATE_LIMITED, e.failure());
    assertEquals(Duration.ofMillis(36500), e.retryAfter().orElseThrow());
    assertEquals("apim-1", e.requestId().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void requestTooLargeForTheMinuteLimitIsNotRetriable(Path path) {
    server.enqueue(jsonBuilder(429, openAiError("Request too large for gpt-4o in organization org-1 on tokens per min (TPM): Limit 30000, Requested 50000.", "tokens", "rate_limit_exceeded"))
        .setHeader("retry-after", "2").build());
    ChatModelException e = TestSupport.fails(path, TestSupport.openai(server), ChatRequest.of("x"));
    assertTrue(e.retryAfter().isEmpty(), "waiting cannot help a request above the per-minute limit");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void quotaExhaustionIgnoresRetryHints(Path path) {
    server.enqueue(jsonBuilder(429, openAiError("You exceeded your current quota", "insufficient_quota", "insufficient_quota")).setHeader("retry-after", "20").build());
    ChatModelException e = TestSupport.fails(path, TestSupport.openai(server), ChatRequest.of("x"));
    assertEquals(Failure.QUOTA_EXHAUSTED, e.failure());
    assertTrue(e.retryAfter().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void htmlErrorPageYieldsItsTitleNotTheMarkup(Path path) {
    server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>").build());
    ChatModelException e = TestSupport.fails(path, TestSupport.openai(server), ChatRequest.of("x"));
    assertEquals(Failure.SERVER_ERROR, e.failure());
    assertEquals("502 Bad Gateway", e.providerMessage());
    assertFalse(e.getMessage().contains("<"));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void errorMessagesAreTruncated(Path path) {
    server.enqueue(jsonBuilder(400, openAiError("x".repeat(5000), "invalid_request_error", null)).build());
    ChatModelException e = TestSupport.fails(path, TestSupport.openai(server), ChatRequest.of("x"));
    assertTrue(e.getMessage().length() < 700, "message length " + e.getMessage().length());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mistralValidationDetailSurvivesAsTheMessage(Path path) {
    server.enqueue(jsonBuilder(422, "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\",\"loc\":[\"body\",\"stream_options\",\"include_usage\"],"
        + "\"msg\":\"Extra inputs are not permitted\",\"input\":true}]},\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}").build());
    ChatModelException e = TestSupport.fails(path, chat(server, OpenAiHost.MISTRAL).build(), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.providerMessage().contains("Extra inputs are not permitted"), e.providerMessage());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void connectionRefusedIsConnection(Path path) throws Exception {
    ChatModel m = TestSupport.openai(server);
    server.close();
    ChatModelException e = TestSupport.fails(path, m, ChatRequest.of("x"));
    assertEquals(Failure.CONNECTION, e.failure());
  }
}
