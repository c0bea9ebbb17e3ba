package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ContentPart;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.Message;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every Crossfeed {@link ChatModel} must share, as a JUnit 5 test class a provider extends with
 * its fake server and factories. Every scenario runs through the sync, async, stream and async-stream paths
 * ({@link ChatPath}): answers, streamed deltas, tool calls and tool results, JSON schema, usage, images, the
 * system prompt, every failure the fake can render mapped to the same {@link Failure} (with status, request id
 * and retry hint), errors and cuts inside streams (STREAM_INTERRUPTED only after content), stalls ending in
 * TIMEOUT, cancellation, malformed bodies, and embeddings when supported. Each call must reach the server
 * exactly once: retries belong to routing.
 *
 * <pre>{@code
 * class OpenAiConformanceTest extends ChatModelConformanceKit<FakeOpenAiServer> {
 *   protected FakeOpenAiServer createServer() { return new FakeOpenAiServer(); }
 *   protected ChatModel createModel(FakeOpenAiServer server, Duration timeout) {
 *     return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test"))
 *         .model("gpt-4o-mini").timeout(timeout).build();
 *   }
 *   protected Optional<EmbeddingModel> createEmbeddingModel(FakeOpenAiServer server, Duration timeout) { ... }
 *   protected Set<Capability> capabilities() { return EnumSet.allOf(Capability.class); }
 * }
 * }</pre>
 *
 * <p>Scenarios needing a capability the provider lacks are skipped with a JUnit assumption. A provider with a
 * documented deviation overrides that scenario method with {@code @Disabled("why")}. Add provider-specific tests
 * in the subclass; {@link #server()} and {@link #model()} give the fixtures of the running test. One fake and one
 * model are created per test. The kit uses only the core API, so third-party providers can run it too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ChatModelConformanceKit<S extends FakeProviderServer> {
  /** Tool arguments the fakes send; compared as parsed JSON. */
  protected static final String WEATHER_ARGS = "{\"city\":\"Oslo\",\"days\":[1,2],\"metric\":true}";
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Weather for a city",
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
  private static final ToolSpec TIME = ToolSpec.of("get_time", "The time", null);
  private static final Duration LONG_STALL = Duration.ofSeconds(60);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  private S server;
  private ChatModel model;

  /** {@return a new, started fake for one test} */
  protected abstract S createServer();

  /**
   * The model under test, pointed at {@code server}, with this whole-call timeout.
   *
   * @param server the fake of the running test
   * @param timeout the model's whole-call timeout
   * @return the model
   */
  protected abstract ChatModel createModel(S server, Duration timeout);

  /**
   * The embedding model under test, if the provider has one.
   *
   * @param server the fake of the running test
   * @param timeout the model's whole-call timeout
   * @return the model, or empty (the default) to skip the embedding scenarios
   */
  protected Optional<EmbeddingModel> createEmbeddingModel(S server, Duration timeout) {
    return Optional.empty();
  }

  /** {@return what the provider supports; scenarios needing anything else are skipped} */
  protected abstract Set<Capability> capabilities();

  /** {@return the timeout of the model used by most scenarios; default 10 seconds} */
  protected Duration timeout() {
    return Duration.ofSeconds(10);
  }

  /** {@return the timeout of the model used by stall scenarios; default 500 ms} */
  protected Duration shortTimeout() {
    return Duration.ofMillis(500);
  }

  /** {@return true if the provider reports cached-input and reasoning tokens; default false} */
  protected boolean reportsDetailedUsage() {
    return false;
  }

  /** {@return the fake of the running test} */
  protected final S server() {
    return server;
  }

  /** {@return the model of the running test (built with {@link #timeout()})} */
  protected final ChatModel model() {
    return model;
  }

  @BeforeEach
  void startFake() {
    server = createServer();
    model = createModel(server, timeout());
  }

  @AfterEach
  void stopFake() {
    model.close();
    server.close();
  }

  Stream<ChatPath> paths() {
    return Stream.of(ChatPath.values()).filter(p -> !p.streams() || has(Capability.STREAMING));
  }

  Stream<ChatPath> streamPaths() {
    return paths().filter(ChatPath::streams);
  }

  Stream<ChatPath> nonStreamPaths() {
    return paths().filter(p -> !p.streams());
  }

  Stream<Arguments> failureCases() {
    Set<Failure> failures;
    try (S probe = createServer()) {
      failures = probe.supportedFailures();
    }
    return failures.stream().flatMap(f -> paths().map(p -> Arguments.of(f, p)));
  }

  // ---- connections

  /**
   * Sequential calls share one pooled connection, whatever the path and however the body is framed: a completed
   * stream must drain and release its connection, not tear it down (over HTTPS each new connection costs a TCP
   * and TLS handshake). Chunked bodies are what real providers stream; {@code Content-Length} is what buffering
   * proxies send.
   *
   * @param path the call path
   * @param chunked true for chunked bodies, false for a {@code Content-Length}
   */
  @ParameterizedTest(name = "{0} chunked={1}")
  @MethodSource("framedPaths")
  public void sequentialCallsReuseOneConnection(ChatPath path, boolean chunked) {
    for (int i = 0; i < 3; i++) {
      FakeResponse answer = FakeResponse.textChunks("Hel", "lo").usage(3, 2);
      server.enqueue(chunked ? answer : answer.fixedLength());
    }
    for (int i = 0; i < 3; i++) assertEquals("Hello", run(path, ChatRequest.of("Hi")).orFail().text());
    assertEquals(3, server.requestCount());
    assertEquals(1, server.connectionCount(), "three completed calls must share one pooled connection");
  }

  /**
   * {@link ChatModel#close()} cancels the calls in flight and refuses new ones, both {@link Failure#CANCELLED},
   * and a refused call never reaches the server.
   *
   * @param path the call path
   * @throws Exception if the call in flight cannot be awaited
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void closeCancelsCallsInFlightAndRefusesNewOnes(ChatPath path) throws Exception {
    server.enqueue(FakeResponse.stallBeforeHeaders(LONG_STALL));
    CompletableFuture<ChatOutcome> inFlight = CompletableFuture.supplyAsync(() -> run(path, ChatRequest.of("Hi")));
    server.takeRequest();
    model.close();
    ChatOutcome cancelled = inFlight.get(10, TimeUnit.SECONDS);
    assertEquals(Failure.CANCELLED, cancelled.failure().failure(), cancelled.toString());
    ChatOutcome refused = run(path, ChatRequest.of("Hi"));
    assertEquals(Failure.CANCELLED, refused.failure().failure(), refused.toString());
    model.close(); // idempotent
    assertEquals(1, server.requestCount(), "a closed model sends nothing");
  }

  Stream<Arguments> framedPaths() {
    return paths().flatMap(p -> p.streams() ? Stream.of(Arguments.of(p, true), Arguments.of(p, false)) : Stream.of(Arguments.of(p, false)));
  }

  // ---- answers

  /**
   * A text answer arrives whole, with finish reason, usage, provider, model and request id.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void answersPlainText(ChatPath path) {
    server.enqueue(FakeResponse.text("Hello there, world").usage(9, 3).requestId("req_kit_text"));
    ChatResponse r = run(path, ChatRequest.of("Hi")).orFail();
    assertEquals("Hello there, world", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertTrue(r.toolCalls().isEmpty());
    assertEquals(9, r.usage().inputTokens(), "input tokens");
    assertEquals(3, r.usage().outputTokens(), "output tokens");
    assertFalse(r.model().isEmpty(), "the answering model is reported");
    if (server.sendsRequestId()) assertEquals(Optional.of("req_kit_text"), r.requestId());
    FakeRequest sent = takeOnly();
    assertEquals(path.streams(), sent.stream(), "stream flag sent");
    assertEquals(List.of("Hi"), sent.texts(FakeRequest.Role.USER));
  }

  /**
   * A streamed answer's text deltas concatenate to the final text.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamPaths")
  public void streamsDeltasThatConcatenateToTheText(ChatPath path) {
    server.enqueue(FakeResponse.textChunks("Hel", "lo, ", "wor", "ld"));
    ChatOutcome out = run(path, ChatRequest.of("Hi"));
    ChatResponse r = out.orFail();
    assertEquals("Hello, world", r.text());
    assertEquals(r.text(), out.streamedText(), "deltas concatenate to the final text");
    long deltas = out.events().stream().filter(e -> e instanceof StreamEvent.TextDelta).count();
    assertTrue(deltas >= 2, "text arrives incrementally, got " + deltas + " deltas");
  }

  /**
   * Tool calls come back with ids, names and arguments, and the tools are sent.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void returnsToolCalls(ChatPath path) {
    assumeCapability(Capability.TOOLS);
    server.enqueue(FakeResponse.toolCall("call_1", "get_weather", WEATHER_ARGS).andToolCall("call_2", "get_time", "{}"));
    ChatRequest request = ChatRequest.builder().user("Weather and time in Oslo?").tool(WEATHER).tool(TIME).build();
    ChatOutcome out = run(path, request);
    ChatResponse r = out.orFail();
    assertEquals(2, r.toolCalls().size(), r.toolCalls().toString());
    ToolCall weather = r.toolCalls().get(0);
    assertEquals("get_weather", weather.name());
    assertFalse(weather.id().isEmpty(), "tool call id");
    if (server.sendsToolCallIds()) assertEquals("call_1", weather.id());
    Json.assertEqual(WEATHER_ARGS, weather.argumentsJson());
    assertEquals("get_time", r.toolCalls().get(1).name());
    Json.assertEqual("{}", r.toolCalls().get(1).argumentsJson());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    if (path.streams()) {
      assertTrue(out.events().stream().anyMatch(e -> e instanceof StreamEvent.ToolCallDelta || e instanceof StreamEvent.ToolCallComplete),
          "tool calls are streamed as events");
    }
    assertEquals(List.of("get_weather", "get_time"), takeOnly().toolNames());
  }

  /**
   * An assistant turn with tool calls and its tool results are sent back in the provider's form.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void sendsToolResultsBack(ChatPath path) {
    assumeCapability(Capability.TOOLS);
    server.enqueue(FakeResponse.text("4 degrees"));
    ChatRequest request = ChatRequest.builder()
        .user("Weather in Oslo?")
        .message(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"))))
        .message(Message.toolResult("call_1", "get_weather", "{\"temp_c\":4}"))
        .tool(WEATHER)
        .build();
    assertEquals("4 degrees", run(path, request).orFail().text());
    FakeRequest sent = takeOnly();
    FakeRequest.Message assistant = sent.messages().get(1);
    assertEquals(FakeRequest.Role.ASSISTANT, assistant.role());
    assertEquals("get_weather", assistant.toolCalls().get(0).name());
    Json.assertEqual("{\"city\":\"Oslo\"}", assistant.toolCalls().get(0).argumentsJson());
    assertEquals(1, sent.toolResults().size());
    FakeRequest.Message result = sent.toolResults().get(0);
    if (!result.toolCallId().isEmpty()) assertEquals("call_1", result.toolCallId());
    Json.assertEqual("{\"temp_c\":4}", result.text());
  }

  /**
   * A JSON-schema response format reaches the provider and the JSON answer comes back.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void sendsJsonSchemaResponseFormat(ChatPath path) {
    assumeCapability(Capability.JSON_SCHEMA);
    String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
        + "\"additionalProperties\":false}";
    server.enqueue(FakeResponse.text("{\"city\":\"Paris\"}"));
    ChatRequest request = ChatRequest.builder().user("Capital of France?")
        .responseFormat(ResponseFormat.jsonSchema("city_answer", schema)).build();
    Json.assertEqual("{\"city\":\"Paris\"}", run(path, request).orFail().text());
    FakeRequest sent = takeOnly();
    assertEquals(ResponseFormat.Type.JSON_SCHEMA, sent.responseFormat());
    Json.assertEqual(schema, sent.schemaJson().orElseThrow(() -> new AssertionError("no schema sent")));
    sent.schemaName().ifPresent(name -> assertEquals("city_answer", name));
  }

  /**
   * Cached-input and reasoning tokens are reported, where {@link #reportsDetailedUsage()} says the provider does.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void reportsCachedAndReasoningTokens(ChatPath path) {
    assumeTrue(reportsDetailedUsage(), "provider does not report detailed usage");
    Usage usage = new Usage(100, 20, 40, 8);
    server.enqueue(FakeResponse.text("ok").usage(usage));
    assertEquals(usage, run(path, ChatRequest.of("Hi")).orFail().usage());
  }

  /**
   * Image parts (by URL and inline) reach the provider.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void sendsImages(ChatPath path) {
    assumeCapability(Capability.VISION);
    server.enqueue(FakeResponse.text("A cat and a dot."));
    ChatRequest request = ChatRequest.builder()
        .user(ContentPart.text("What is in these?"), ContentPart.imageUrl("https://example.com/cat.png"),
            ContentPart.imageBytes(PNG, "image/png"))
        .build();
    run(path, request).orFail();
    FakeRequest sent = takeOnly();
    assertEquals(2, sent.imageCount(), "images sent");
    assertEquals(List.of("What is in these?"), sent.texts(FakeRequest.Role.USER));
  }

  /**
   * The system prompt and the sampling settings are placed where the provider expects them.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void placesSystemPromptAndSettings(ChatPath path) {
    server.enqueue(FakeResponse.text("Hi."));
    ChatRequest request = ChatRequest.builder().system("Be brief.").user("Hi").maxOutputTokens(100).temperature(0.3).build();
    run(path, request).orFail();
    FakeRequest sent = takeOnly();
    assertEquals("Be brief.", sent.system(), "system prompt in the provider's system place");
    assertEquals(1, sent.messages().size(), "the system prompt is not sent as a conversation turn");
    assertEquals(FakeRequest.Role.USER, sent.messages().get(0).role());
    assertEquals(100, sent.maxOutputTokens().orElse(-1), "max output tokens");
    assertEquals(0.3, sent.temperature().orElse(-1), 1e-9, "temperature");
  }

  /**
   * An answer the provider filtered finishes with {@link FinishReason#CONTENT_FILTERED}.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void reportsFilteredContent(ChatPath path) {
    server.enqueue(FakeResponse.text("").finishReason(FinishReason.CONTENT_FILTERED));
    ChatOutcome out = run(path, ChatRequest.of("Hi"));
    if (out.error().isPresent()) {
      assertEquals(Failure.CONTENT_FILTERED, out.failure().failure(), () -> "classified as " + out.failure());
    } else {
      assertEquals(FinishReason.CONTENT_FILTERED, out.orFail().finishReason());
    }
  }

  // ---- failures

  /**
   * Every failure the fake renders natively maps to the same {@link Failure}, with status, request id and retry hint.
   *
   * @param failure the failure the fake renders
   * @param path the call path
   */
  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("failureCases")
  public void mapsEveryFailure(Failure failure, ChatPath path) {
    FakeResponse scripted = FakeResponse.failure(failure).requestId("req_kit_fail");
    if (failure == Failure.RATE_LIMITED) scripted = scripted.retryAfter(Duration.ofSeconds(2));
    server.enqueue(scripted);
    ChatModelException e = run(path, ChatRequest.of("Hi")).failure();
    assertEquals(failure, e.failure(), () -> "classified as " + e);
    boolean http = failure != Failure.CONNECTION && failure != Failure.INVALID_RESPONSE;
    if (http) {
      assertTrue(e.status().isPresent(), "HTTP status kept");
      if (server.sendsRequestId()) assertEquals(Optional.of("req_kit_fail"), e.requestId(), "request id kept");
    }
    if (failure == Failure.RATE_LIMITED) assertEquals(Optional.of(Duration.ofSeconds(2)), e.retryAfter(), "retry hint");
    takeOnly();
  }

  /**
   * An error event before any content is classified like the failure it names.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamPaths")
  public void errorEventBeforeContentIsClassified(ChatPath path) {
    server.enqueue(FakeResponse.text("Hello big world").errorAfter(0, Failure.SERVER_ERROR));
    ChatOutcome out = run(path, ChatRequest.of("Hi"));
    assertEquals(Failure.SERVER_ERROR, out.failure().failure(), () -> "classified as " + out.failure());
    assertFalse(out.sawContent());
  }

  /**
   * An error event after content is {@link Failure#STREAM_INTERRUPTED}, with the partial answer.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamPaths")
  public void errorEventAfterContentIsStreamInterrupted(ChatPath path) {
    server.enqueue(FakeResponse.text("Hello big world").errorAfter(1, Failure.SERVER_ERROR));
    assertInterruptedAfterHello(run(path, ChatRequest.of("Hi")));
  }

  /**
   * A connection cut after content is {@link Failure#STREAM_INTERRUPTED}, with the partial answer.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamPaths")
  public void cutAfterContentIsStreamInterrupted(ChatPath path) {
    server.enqueue(FakeResponse.text("Hello big world").cutAfter(1));
    assertInterruptedAfterHello(run(path, ChatRequest.of("Hi")));
  }

  /**
   * A truncated body is a classified failure, never a parser exception.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("nonStreamPaths")
  public void truncatedBodyIsAClassifiedFailure(ChatPath path) {
    server.enqueue(FakeResponse.text("Hello big world").cutAfter(0));
    Failure f = run(path, ChatRequest.of("Hi")).failure().failure();
    assertTrue(f == Failure.CONNECTION || f == Failure.INVALID_RESPONSE, "a truncated body is CONNECTION or INVALID_RESPONSE: " + f);
  }

  /**
   * A 200 with a body that is not the provider's JSON is {@link Failure#INVALID_RESPONSE}.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void malformedBodyIsInvalidResponse(ChatPath path) {
    server.enqueue(FakeResponse.malformed());
    assertEquals(Failure.INVALID_RESPONSE, run(path, ChatRequest.of("Hi")).failure().failure());
  }

  /**
   * A server that never answers ends in {@link Failure#TIMEOUT} at the client's timeout, not the stall's end.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  public void stallBeforeHeadersTimesOut(ChatPath path) {
    try (ChatModel impatient = createModel(server, shortTimeout())) {
      server.enqueue(FakeResponse.stallBeforeHeaders(LONG_STALL));
      long start = System.nanoTime();
      ChatModelException e = path.run(impatient, ChatRequest.of("Hi"), timeout()).failure();
      assertEquals(Failure.TIMEOUT, e.failure(), () -> "classified as " + e);
      assertTrue(System.nanoTime() - start < LONG_STALL.toNanos() / 2, "the client's timeout, not the stall, ended the call");
    }
  }

  /**
   * A stream that stalls after content ends in {@link Failure#STREAM_INTERRUPTED} at the client's timeout.
   *
   * @param path the call path
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("streamPaths")
  public void stallAfterContentIsStreamInterrupted(ChatPath path) {
    // four short timeouts: the first chunk must arrive before the timeout, which took > 500 ms on a loaded CI box
    try (ChatModel impatient = createModel(server, shortTimeout().multipliedBy(4))) {
      server.enqueue(FakeResponse.text("Hello big world").stallAfter(1, LONG_STALL));
      assertInterruptedAfterHello(path.run(impatient, ChatRequest.of("Hi"), timeout()));
    }
  }

  // ---- cancellation

  /** Cancelling the future of {@code chatAsync} cancels the HTTP call. */
  @Test
  public void cancellingChatAsyncCancelsTheCall() {
    server.enqueue(FakeResponse.stallBeforeHeaders(LONG_STALL), FakeResponse.text("after"));
    CancellationChecks.cancelChatAsync(model, server, timeout());
  }

  /** Cancelling the future of {@code streamAsync} cancels the HTTP call. */
  @Test
  public void cancellingStreamAsyncCancelsTheCall() {
    assumeCapability(Capability.STREAMING);
    server.enqueue(FakeResponse.text("Hello big world").stallAfter(1, LONG_STALL), FakeResponse.text("after"));
    CancellationChecks.cancelStreamAsync(model, timeout());
  }

  /** Closing a blocking stream from another thread ends a read in progress. */
  @Test
  public void closingAStreamFromAnotherThreadEndsTheRead() {
    assumeCapability(Capability.STREAMING);
    server.enqueue(FakeResponse.text("Hello big world").stallAfter(1, LONG_STALL));
    CancellationChecks.closeStreamFromAnotherThread(model, timeout());
  }

  // ---- embeddings

  /** Embeddings come back one vector per input, in order, with usage. */
  @Test
  public void embedsTexts() {
    EmbeddingModel embeddings = embeddingModel();
    server.enqueue(FakeResponse.embeddings(new float[] {0.5f, -1f}, new float[] {2f, 0.25f}).usage(7, 0));
    EmbeddingResponse r = embeddings.embed(List.of("first", "second"));
    assertEquals(2, r.vectors().size());
    assertEquals(List.of(0.5f, -1f), floats(r.vectors().get(0)));
    assertEquals(List.of(2f, 0.25f), floats(r.vectors().get(1)));
    if (r.usage().inputTokens() != 0) assertEquals(7, r.usage().inputTokens());
    FakeRequest sent = takeOnly();
    assertEquals(FakeRequest.Endpoint.EMBEDDINGS, sent.endpoint());
    assertEquals(List.of("first", "second"), sent.inputs());
  }

  /** Embedding failures are classified like chat failures. */
  @Test
  public void embeddingFailuresAreClassified() {
    EmbeddingModel embeddings = embeddingModel();
    server.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(2)));
    try {
      embeddings.embed(List.of("x"));
      throw new AssertionError("expected RATE_LIMITED");
    } catch (ChatModelException e) {
      assertEquals(Failure.RATE_LIMITED, e.failure());
      assertEquals(Optional.of(Duration.ofSeconds(2)), e.retryAfter());
    }
    takeOnly();
  }

  // ---- helpers

  /**
   * Runs a request on {@link #model()} through {@code path}.
   *
   * @param path the call path
   * @param request the request
   * @return what happened: the answer or the failure, and the events delivered
   */
  protected final ChatOutcome run(ChatPath path, ChatRequest request) {
    return path.run(model, request, timeout().plusSeconds(5));
  }

  /** {@return the one request this test's call sent; fails if the call reached the server more than once} */
  protected final FakeRequest takeOnly() {
    FakeRequest sent = server.takeRequest();
    assertEquals(1, server.requestCount(), "exactly one HTTP request per call: retries belong to routing");
    return sent;
  }

  /**
   * Skips the running test (a JUnit assumption) when the provider lacks a capability.
   *
   * @param capability what the test needs
   */
  protected final void assumeCapability(Capability capability) {
    assumeTrue(has(capability), "provider lacks " + capability);
  }

  private boolean has(Capability capability) {
    return capabilities().contains(capability);
  }

  private EmbeddingModel embeddingModel() {
    assumeCapability(Capability.EMBEDDINGS);
    Optional<EmbeddingModel> m = createEmbeddingModel(server, timeout());
    assumeTrue(m.isPresent(), "no embedding model factory");
    return m.get();
  }

  private static void assertInterruptedAfterHello(ChatOutcome out) {
    ChatModelException e = out.failure();
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure(), () -> "classified as " + e);
    assertEquals("Hello ", out.streamedText(), "content delivered before the break");
    ChatResponse partial = e.partialResponse().orElseThrow(() -> new AssertionError("no partial response", e));
    assertEquals("Hello ", partial.text(), "partial response");
  }

  private static List<Float> floats(float[] v) {
    Float[] boxed = new Float[v.length];
    for (int i = 0; i < v.length; i++) boxed[i] = v[i];
    return List.of(boxed);
  }
}
