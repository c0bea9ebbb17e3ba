package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.testing.FakeOllamaServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The provider against {@link FakeOllamaServer}: every scripted failure and fault, on every path. */
@Timeout(60)
class OllamaWithFakeServerTest {
  private final FakeOllamaServer server = new FakeOllamaServer();

  @AfterEach
  void close() {
    server.close();
  }

  private OllamaChatModel model() {
    return model(Duration.ofSeconds(5));
  }

  private OllamaChatModel model(Duration timeout) {
    return OllamaChatModel.builder().model("llama3.2").baseUrl(server.baseUrl()).timeout(timeout).build();
  }

  static Stream<Arguments> failuresOnEveryPath() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      return List.copyOf(fake.supportedFailures()).stream()
          .flatMap(f -> Stream.of(CallPath.values()).map(p -> Arguments.of(p, f)));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("failuresOnEveryPath")
  void everyScriptedFailureComesBackAsItself(CallPath path, Failure failure) {
    server.enqueue(FakeResponse.failure(failure));
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(model(), ChatRequest.of("Hi")));
    assertEquals(failure, e.failure(), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void answerWithReasoningToolCallsAndUsage(CallPath path) {
    server.enqueue(
        FakeResponse.text("Checking.").reasoning("Need weather.").andToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}").usage(9, 7));
    ChatResponse r = path.call(model(), ChatRequest.of("Weather in Oslo?"));
    assertEquals("Checking.", r.text());
    assertEquals("Need weather.", r.reasoning());
    assertEquals(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")), r.toolCalls());
    assertEquals(Usage.of(9, 7), r.usage());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    FakeRequest sent = server.takeRequest();
    assertEquals(path.streams(), sent.stream());
    assertEquals(List.of("Weather in Oslo?"), sent.texts(FakeRequest.Role.USER));
  }

  @ParameterizedTest
  @EnumSource(value = Failure.class, names = {"SERVER_ERROR", "OVERLOADED", "MODEL_NOT_FOUND", "CONTEXT_LENGTH_EXCEEDED", "RATE_LIMITED"})
  void errorLineBeforeContentKeepsItsFailureAndAfterContentInterrupts(Failure failure) {
    server.enqueue(FakeResponse.text("Hello world").errorAfter(0, failure));
    assertEquals(failure, assertThrows(ChatModelException.class, () -> CallPath.collect(model(), ChatRequest.of("Hi"))).failure());
    server.enqueue(FakeResponse.text("Hello world").errorAfter(1, failure));
    ChatModelException e = assertThrows(ChatModelException.class, () -> CallPath.collect(model(), ChatRequest.of("Hi")));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hello ", e.partialResponse().orElseThrow().text());
  }

  @Test
  void cutAndStallAfterContentInterruptTheStream() {
    server.enqueue(FakeResponse.text("Hello big world").cutAfter(2));
    ChatModelException cut = assertThrows(ChatModelException.class, () -> CallPath.collect(model(), ChatRequest.of("Hi")));
    assertEquals(Failure.STREAM_INTERRUPTED, cut.failure());
    assertEquals("Hello big ", cut.partialResponse().orElseThrow().text());
    server.enqueue(FakeResponse.text("Hello big world").stallAfter(1, Duration.ofSeconds(20)));
    ChatModelException stall =
        assertThrows(ChatModelException.class, () -> CallPath.collect(model(Duration.ofMillis(400)), ChatRequest.of("Hi")));
    assertEquals(Failure.STREAM_INTERRUPTED, stall.failure());
    assertEquals(Failure.TIMEOUT, ((ChatModelException) stall.getCause()).failure());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void malformedAndSilentServersAreClassified(CallPath path) {
    server.enqueue(FakeResponse.malformed());
    assertEquals(Failure.INVALID_RESPONSE, assertThrows(ChatModelException.class, () -> path.call(model(), ChatRequest.of("Hi"))).failure());
    server.enqueue(FakeResponse.stallBeforeHeaders(Duration.ofSeconds(20)));
    assertEquals(
        Failure.TIMEOUT, assertThrows(ChatModelException.class, () -> path.call(model(Duration.ofMillis(400)), ChatRequest.of("Hi"))).failure());
  }

  @Test
  void richRequestArrivesAsSent() {
    server.enqueue(FakeResponse.text("{\"degrees\":11}"));
    model().chat(OllamaRequestTest.richRequest());
    FakeRequest sent = server.takeRequest();
    assertEquals("Be brief.", sent.system());
    assertEquals(1, sent.imageCount());
    assertEquals(List.of("get_weather"), sent.toolNames());
    assertEquals("call_k3v9x0qa", sent.toolResults().get(0).toolCallId());
    assertEquals(256, sent.maxOutputTokens().orElseThrow());
    assertEquals(0.2, sent.temperature().orElseThrow());
    assertEquals(dev.crossfeed.ResponseFormat.Type.JSON_SCHEMA, sent.responseFormat());
  }

  @Test
  void embeddingsThroughTheFake() {
    server.enqueue(FakeResponse.embeddings(new float[] {0.6f, 0.8f}).usage(3, 0));
    OllamaEmbeddingModel m = OllamaEmbeddingModel.builder().model("all-minilm").baseUrl(server.baseUrl()).build();
    dev.crossfeed.EmbeddingResponse r = m.embed(List.of("hello"));
    assertEquals(Usage.of(3, 0), r.usage());
    assertEquals(0.8f, r.vectors().get(0)[1]);
    assertEquals(List.of("hello"), server.takeRequest().inputs());
  }
}
