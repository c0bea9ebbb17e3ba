package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Errors inside a 200 stream, cut and stalled streams, and hostile stream bodies. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamFailureTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStalledBodies() {
    release.countDown();
  }

  private static final String START = Wire.messageStart("{\"input_tokens\":10,\"output_tokens\":1}");

  private ChatModelException streamFailure(AnthropicChatModel model, List<StreamEvent> events) {
    return assertThrows(ChatModelException.class, () -> Wire.call(model, ChatRequest.of("x"), Wire.Path.STREAM, events));
  }

  @Test
  void overloadedEventBeforeContentIsOverloadedSoRoutingCanFailOver() {
    server.enqueue(Wire.sse(START, Wire.PING, Wire.error("overloaded_error", "Overloaded")).newBuilder()
        .addHeader("request-id", "req_stream_1").addHeader("retry-after", "55").build());
    List<StreamEvent> events = new ArrayList<>();
    ChatModelException e = streamFailure(Wire.model(server), events);
    assertEquals(Failure.OVERLOADED, e.failure());
    assertFalse(e.status().isPresent(), "the HTTP status was 200; the error came in the stream");
    assertEquals("req_stream_1", e.requestId().orElseThrow());
    assertFalse(e.retryAfter().isPresent(), "a retry-after header on the 200 is not acted on");
    assertFalse(e.partialResponse().isPresent());
    assertTrue(events.stream().noneMatch(StreamEvent::isContent));
  }

  @Test
  void overloadedEventAfterContentIsStreamInterruptedWithThePartialAnswer() {
    server.enqueue(Wire.sse(START, Wire.textStart(0), Wire.textDelta(0, "Hel"), Wire.textDelta(0, "lo"),
        Wire.error("overloaded_error", "Overloaded")));
    List<StreamEvent> events = new ArrayList<>();
    ChatModelException e = streamFailure(Wire.model(server), events);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hello", e.partialResponse().orElseThrow().text());
    assertEquals(Failure.OVERLOADED, ((ChatModelException) e.getCause()).failure());
    assertEquals(2, events.stream().filter(StreamEvent::isContent).count());
  }

  @Test
  void toolCallStartCountsAsContent() {
    server.enqueue(Wire.sse(START,
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}",
        Wire.error("api_error", "Internal server error")));
    ChatModelException e = streamFailure(Wire.model(server), new ArrayList<>());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("f", e.partialResponse().orElseThrow().toolCalls().get(0).name());
  }

  @Test
  void errorEventTypesAreClassifiedLikeStatuses() {
    String[][] cases = {
      {"api_error", "Internal server error", "SERVER_ERROR"},
      {"rate_limit_error", "slow down", "RATE_LIMITED"},
      {"invalid_request_error", "prompt is too long: 208656 tokens > 200000 maximum", "CONTEXT_LENGTH_EXCEEDED"},
      {"invalid_request_error", "bad", "INVALID_REQUEST"},
      {"timeout_error", "Request timed out", "TIMEOUT"},
      {"billing_error", "no credit", "QUOTA_EXHAUSTED"},
      {"authentication_error", "bad key", "AUTHENTICATION"},
      {"permission_error", "no", "PERMISSION"},
      {"not_found_error", "model: x", "MODEL_NOT_FOUND"},
      {"request_too_large", "too big", "CONTEXT_LENGTH_EXCEEDED"},
      {"brand_new_error", "??", "SERVER_ERROR"},
    };
    for (String[] c : cases) {
      server.enqueue(Wire.sse(START, Wire.error(c[0], c[1])));
      assertEquals(Failure.valueOf(c[2]), streamFailure(Wire.model(server), new ArrayList<>()).failure(), c[0]);
    }
  }

  @Test
  void streamCutBeforeContentIsAConnectionFailure() {
    server.enqueue(Wire.sse(START, Wire.PING));
    assertEquals(Failure.CONNECTION, streamFailure(Wire.model(server), new ArrayList<>()).failure());
  }

  @Test
  void streamCutAfterContentIsInterruptedAndNotReplayed() {
    server.enqueue(Wire.sse(START, Wire.textStart(0), Wire.textDelta(0, "partial")));
    ChatModelException e = streamFailure(Wire.model(server), new ArrayList<>());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("partial", e.partialResponse().orElseThrow().text());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void socketClosedMidBodyIsInterrupted() {
    String body = Wire.sseBody(START, Wire.textStart(0), Wire.textDelta(0, "partial"));
    server.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "text/event-stream")
        .addHeader("content-length", String.valueOf(body.length() + 500)).body(body)
        .onResponseEnd(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
    ChatModelException e = streamFailure(Wire.model(server), new ArrayList<>());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
  }

  @Test
  void stallBeforeContentTimesOut() {
    server.enqueue(Bodies.stallAfter(Wire.sseBody(START, Wire.PING), release));
    AnthropicChatModel model = Wire.builder(server).timeout(Duration.ofMillis(300)).build();
    ChatModelException e = streamFailure(model, new ArrayList<>());
    assertEquals(Failure.TIMEOUT, e.failure());
  }

  @Test
  void stallAfterContentIsInterruptedByTheDeadline() {
    server.enqueue(Bodies.stallAfter(Wire.sseBody(START, Wire.textStart(0), Wire.textDelta(0, "Hi")), release));
    AnthropicChatModel model = Wire.builder(server).timeout(Duration.ofMillis(300)).build();
    ChatModelException e = streamFailure(model, new ArrayList<>());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(Failure.TIMEOUT, ((ChatModelException) e.getCause()).failure());
    assertEquals("Hi", e.partialResponse().orElseThrow().text());
  }

  @Test
  void stallOnSyncAndAsyncTimesOut() throws Exception {
    server.enqueue(Bodies.stallAfter("{\"id\":", release));
    server.enqueue(Bodies.stallAfter("{\"id\":", release));
    AnthropicChatModel model = Wire.builder(server).timeout(Duration.ofMillis(300)).build();
    assertEquals(Failure.TIMEOUT, Wire.failure(model, ChatRequest.of("x"), Wire.Path.SYNC).failure());
    assertEquals(Failure.TIMEOUT, Wire.failure(model, ChatRequest.of("x"), Wire.Path.ASYNC).failure());
  }

  @Test
  void closingFromAnotherThreadCancelsARead() throws Exception {
    server.enqueue(Bodies.stallAfter(Wire.sseBody(START, Wire.textStart(0), Wire.textDelta(0, "Hi")), release));
    AnthropicChatModel model = Wire.model(server);
    try (ChatStream stream = model.stream(ChatRequest.of("x"))) {
      Iterator<StreamEvent> it = stream.iterator();
      assertInstanceOf(StreamEvent.UsageUpdate.class, it.next());
      assertInstanceOf(StreamEvent.TextDelta.class, it.next());
      CompletableFuture.runAsync(stream::close);
      ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
      assertEquals(Failure.CANCELLED, e.failure());
    }
  }

  @Test
  void cancellingAsyncCallsEndsThemPromptly() throws Exception {
    server.enqueue(Bodies.stallAfter("{", release));
    server.enqueue(Bodies.stallAfter(Wire.sseBody(START), release));
    AnthropicChatModel model = Wire.model(server);
    CompletableFuture<ChatResponse> chat = model.chatAsync(ChatRequest.of("x"));
    CompletableFuture<ChatResponse> stream = model.streamAsync(ChatRequest.of("x"), StreamListener.NONE);
    server.takeRequest(); // both calls are in flight before they are cancelled
    server.takeRequest();
    assertTrue(chat.cancel(true));
    assertTrue(stream.cancel(true));
    assertTrue(chat.isCancelled() && stream.isCancelled());
    // the model still works afterwards: nothing is wedged
    server.enqueue(Wire.json(200, Wire.textMessage("ok")));
    assertEquals("ok", model.chatAsync(ChatRequest.of("x")).get(10, TimeUnit.SECONDS).text());
  }

  @Test
  void endlessLineIsAnInvalidResponseNotAnOutOfMemoryError() {
    server.enqueue(Bodies.endless(Wire.sseBody(START) + "data: {\"type\":\"content_block_delta\",\"text\":\"", (byte) 'a', 4L << 20));
    assertEquals(Failure.INVALID_RESPONSE, streamFailure(Wire.model(server), new ArrayList<>()).failure());
  }

  @Test
  void invalidUtf8IsAnInvalidResponse() {
    okio.Buffer body = new okio.Buffer().writeUtf8(Wire.sseBody(START)).writeUtf8("event: ping\ndata: {\"type\":\"")
        .write(new byte[] {(byte) 0xC3, (byte) 0x28}).writeUtf8("\"}\n\n");
    server.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "text/event-stream").body(body).build());
    assertEquals(Failure.INVALID_RESPONSE, streamFailure(Wire.model(server), new ArrayList<>()).failure());
  }

  @Test
  void malformedEventJsonIsAnInvalidResponse() {
    server.enqueue(Wire.sse(START).newBuilder().body(Wire.sseBody(START) + "event: content_block_delta\ndata: {\"type\":\n\n").build());
    assertEquals(Failure.INVALID_RESPONSE, streamFailure(Wire.model(server), new ArrayList<>()).failure());
    server.enqueue(Wire.sse(START).newBuilder().body(Wire.sseBody(START) + "event: message_delta\ndata: [1]\n\n").build());
    assertEquals(Failure.INVALID_RESPONSE, streamFailure(Wire.model(server), new ArrayList<>()).failure());
  }

  @Test
  void aBodyThatIsNotAnEventStreamIsClassified() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "text/html")
        .body("<html>\n<body>Maintenance</body>\n</html>").build());
    assertEquals(Failure.INVALID_RESPONSE, streamFailure(Wire.model(server), new ArrayList<>()).failure());
    server.enqueue(Wire.json(200, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    assertEquals(Failure.OVERLOADED, streamFailure(Wire.model(server), new ArrayList<>()).failure());
  }

  @Test
  void truncatedToolInputAtMaxTokensIsPassedOnAsReceived() {
    server.enqueue(Wire.sse(START,
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": \\\"b\"}}",
        Wire.blockStop(0), Wire.messageDelta("max_tokens", "{\"output_tokens\":10}"), Wire.STOP));
    ChatResponse r = Wire.call(Wire.model(server), ChatRequest.of("x"), Wire.Path.STREAM);
    assertEquals(dev.crossfeed.FinishReason.LENGTH, r.finishReason());
    assertEquals("{\"a\": \"b", r.toolCalls().get(0).argumentsJson());
  }

  @Test
  void blocksLeftOpenAtMessageStopAreClosedBeforeTheFinalResponse() {
    server.enqueue(Wire.sse(START,
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": 1}\"}}",
        Wire.messageDelta("tool_use", "{\"output_tokens\":10}"), Wire.STOP));
    List<StreamEvent> events = new ArrayList<>();
    ChatResponse r = Wire.call(Wire.model(server), ChatRequest.of("x"), Wire.Path.STREAM, events);
    StreamEvent.ToolCallComplete closed = (StreamEvent.ToolCallComplete) events.get(events.size() - 2);
    assertEquals("{\"a\":1}", closed.call().argumentsJson());
    assertEquals(List.of(closed.call()), r.toolCalls());
    assertEquals(dev.crossfeed.FinishReason.TOOL_CALLS, r.finishReason());
  }

  @Test
  void streamAsyncDeliversEventsThenCompletes() throws Exception {
    server.enqueue(Wire.textStream("Hel", "lo"));
    List<StreamEvent> seen = new ArrayList<>();
    ChatResponse r = Wire.model(server).streamAsync(ChatRequest.of("x"), new StreamListener() {
      @Override
      public void onEvent(StreamEvent event) {
        seen.add(event);
      }
    }).get(10, TimeUnit.SECONDS);
    assertEquals("Hello", r.text());
    assertInstanceOf(StreamEvent.Completed.class, seen.get(seen.size() - 1));
  }

  @Test
  void streamAsyncReportsOverloadedBeforeContent() {
    server.enqueue(Wire.sse(START, Wire.error("overloaded_error", "Overloaded")));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> Wire.model(server).streamAsync(ChatRequest.of("x"), StreamListener.NONE).get(10, TimeUnit.SECONDS));
    assertEquals(Failure.OVERLOADED, ((ChatModelException) e.getCause()).failure());
  }
}
