package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import java.time.Duration;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every status and error text in the Ollama reference, through sync, async and stream. */
@Timeout(30)
class OllamaErrorTest {
  @StartStop final MockWebServer server = new MockWebServer();

  static Stream<Arguments> statusSignatures() {
    return Stream.of(
        Arguments.of(400, "registry.ollama.ai/library/gemma3:1b does not support tools", Failure.INVALID_REQUEST),
        Arguments.of(400, "\"qwen2.5:0.5b\" does not support thinking", Failure.INVALID_REQUEST),
        Arguments.of(400, "\"nomic-embed-text\" does not support chat", Failure.INVALID_REQUEST),
        Arguments.of(400, "missing request body", Failure.INVALID_REQUEST),
        Arguments.of(400, "model is required", Failure.INVALID_REQUEST),
        Arguments.of(400, "top_logprobs must be between 0 and 20", Failure.INVALID_REQUEST),
        Arguments.of(400, "the input length exceeds the context length", Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(
            400,
            "the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context "
                + "length in settings, or use a model with a longer context length",
            Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(401, "unauthorized", Failure.AUTHENTICATION),
        Arguments.of(403, "remote model access is disabled", Failure.PERMISSION),
        Arguments.of(404, "model 'llama9' not found", Failure.MODEL_NOT_FOUND),
        Arguments.of(404, "model \"llama3.2\" not found, try pulling it first", Failure.MODEL_NOT_FOUND),
        Arguments.of(429, "too many requests", Failure.RATE_LIMITED),
        Arguments.of(499, "request canceled", Failure.SERVER_ERROR),
        Arguments.of(500, "llama runner process has terminated: signal: killed", Failure.SERVER_ERROR),
        Arguments.of(502, "bad gateway: cloud model unreachable", Failure.SERVER_ERROR),
        Arguments.of(503, "server busy, please try again.  maximum pending requests exceeded", Failure.OVERLOADED));
  }

  static Stream<Arguments> statusSignaturesOnEveryPath() {
    return statusSignatures().flatMap(a -> Stream.of(CallPath.values()).map(p -> Arguments.of(p, a.get()[0], a.get()[1], a.get()[2])));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("statusSignaturesOnEveryPath")
  void errorStatusIsClassified(CallPath path, int status, String message, Failure expected) {
    String body = status == 401 ? "{\"error\":\"unauthorized\",\"signin_url\":\"https://ollama.com/connect?name=x&key=y\"}" : "{\"error\":" + Wire.quote(message) + "}";
    server.enqueue(Wire.json(status, body));
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(Wire.model(server).build(), ChatRequest.of("Hi")));
    assertEquals(expected, e.failure(), e.getMessage());
    assertEquals(status, e.status().orElseThrow());
    assertEquals(message, e.providerMessage());
    assertEquals("ollama", e.provider());
    assertEquals("llama3.2", e.model());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void rateLimitFromHostedOllamaKeepsRetryHint(CallPath path) {
    server.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", "7").setHeader("Content-Type", "application/json").body("{\"error\":\"too many requests\"}").build());
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(Wire.model(server).build(), ChatRequest.of("Hi")));
    assertEquals(Failure.RATE_LIMITED, e.failure());
    assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void htmlErrorPageFromAProxyIsClassifiedByStatus(CallPath path) {
    server.enqueue(
        new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html").body("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>").build());
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(Wire.model(server).build(), ChatRequest.of("Hi")));
    assertEquals(Failure.SERVER_ERROR, e.failure());
    assertEquals("502 Bad Gateway", e.providerMessage());
  }

  static Stream<Arguments> inStreamErrors() {
    return Stream.of(
        Arguments.of("an error was encountered while running the model: unexpected EOF", Failure.SERVER_ERROR),
        Arguments.of("server busy, please try again.  maximum pending requests exceeded", Failure.OVERLOADED),
        Arguments.of("the input length exceeds the context length", Failure.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of("model 'llama3.2' not found", Failure.MODEL_NOT_FOUND),
        Arguments.of("registry.ollama.ai/library/gemma3:1b does not support tools", Failure.INVALID_REQUEST),
        Arguments.of("unauthorized", Failure.AUTHENTICATION),
        Arguments.of("request canceled", Failure.CANCELLED),
        Arguments.of("too many requests", Failure.RATE_LIMITED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inStreamErrors")
  void errorLineBeforeContentInA200StreamIsClassified(String message, Failure expected) {
    server.enqueue(Wire.ndjson("{\"error\":" + Wire.quote(message) + "}"));
    ChatModelException e =
        assertThrows(ChatModelException.class, () -> CallPath.collect(Wire.model(server).build(), ChatRequest.of("Hi")));
    assertEquals(expected, e.failure(), e.getMessage());
    assertEquals(message, e.providerMessage());
    assertTrue(e.status().isEmpty(), "an error line has no status of its own");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inStreamErrors")
  void errorBodyWithStatus200OnTheWholeAnswerPathIsClassified(String message, Failure expected) {
    for (CallPath path : new CallPath[] {CallPath.SYNC, CallPath.ASYNC}) {
      server.enqueue(Wire.json(200, "{\"error\":" + Wire.quote(message) + "}"));
      ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(Wire.model(server).build(), ChatRequest.of("Hi")));
      assertEquals(expected, e.failure(), e.getMessage());
    }
  }

  @org.junit.jupiter.api.Test
  void errorLineAfterContentIsStreamInterruptedWithThePartialAnswer() {
    server.enqueue(
        Wire.ndjson(
            Wire.chunk("The"),
            Wire.chunk(" sky"),
            "{\"error\":\"an error was encountered while running the model: CUDA error: out of memory\"}"));
    ChatModelException e =
        assertThrows(ChatModelException.class, () -> CallPath.collect(Wire.model(server).build(), ChatRequest.of("Hi")));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    ChatResponse partial = e.partialResponse().orElseThrow();
    assertEquals("The sky", partial.text());
    assertEquals(Failure.SERVER_ERROR, ((ChatModelException) e.getCause()).failure());
    assertTrue(e.getMessage().contains("CUDA error"), e.getMessage());
  }
}
