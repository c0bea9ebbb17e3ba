package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Errors, cuts, stalls and garbage inside a 200 stream (§5.4), before and after content. */
@Timeout(30)
class GeminiStreamFailureTest {
  private static final ChatRequest HI = ChatRequest.of("hi");
  private static final String RAW_ERROR = "{\n  \"error\": {\n    \"code\": 429,\n    \"message\": \"Resource exhausted\",\n"
      + "    \"status\": \"RESOURCE_EXHAUSTED\",\n    \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\","
      + " \"retryDelay\": \"2s\"}]\n  }\n}\n";

  @StartStop MockWebServer server = new MockWebServer();

  private ChatModelException streamFails(MockResponse response) {
    server.enqueue(response);
    return Calls.STREAM.fail(Calls.model(server).build(), HI);
  }

  @Test
  void dataErrorBeforeContentKeepsItsKindAndHint() {
    ChatModelException e = streamFails(Wire.stream(Wire.sse(Wire.error(429, "RESOURCE_EXHAUSTED", "slow down")
        .replace("}}", ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}"))));
    assertEquals(Failure.RATE_LIMITED, e.failure());
    assertEquals(Duration.ofMillis(1500), e.retryAfter().orElseThrow());
    assertTrue(e.status().isEmpty());
  }

  @Test
  void unprefixedMultiLineErrorBeforeContentIsClassified() {
    ChatModelException e = streamFails(Wire.stream(RAW_ERROR));
    assertEquals(Failure.RATE_LIMITED, e.failure(), e.getMessage());
    assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
    assertEquals("Resource exhausted", e.providerMessage());
  }

  @Test
  void unprefixedErrorAfterContentIsInterruptedWithThePartialAnswer() {
    String body = Wire.sse(Wire.text("Hel"), Wire.text("lo")) + RAW_ERROR.replace("429", "500")
        .replace("RESOURCE_EXHAUSTED", "INTERNAL");
    ChatModelException e = streamFails(Wire.stream(body));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hello", e.partialResponse().orElseThrow().text());
    assertEquals(Failure.SERVER_ERROR, ((ChatModelException) e.getCause()).failure());
    assertEquals("resp-1", e.requestId().orElseThrow(), "the responseId seen so far identifies the call");
  }

  @Test
  void arrayWrappedUnprefixedErrorWithCrlfLines() {
    String body = Wire.sse(Wire.text("Hi")) + "[{\r\n  \"error\": {\r\n    \"code\": 503,\r\n    \"message\": \"overloaded\",\r\n"
        + "    \"status\": \"UNAVAILABLE\"\r\n  }\r\n}\r\n]\r\n";
    ChatModelException e = streamFails(Wire.stream(body));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(Failure.OVERLOADED, ((ChatModelException) e.getCause()).failure());
  }

  @Test
  void errorWrittenRightAfterAChunkWithoutABlankLineKeepsThatChunk() {
    String body = "data: " + Wire.text("Hi") + "\n" + RAW_ERROR.replace("429", "503").replace("RESOURCE_EXHAUSTED", "UNAVAILABLE");
    ChatModelException e = streamFails(Wire.stream(body));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hi", e.partialResponse().orElseThrow().text());
    assertEquals(Failure.OVERLOADED, ((ChatModelException) e.getCause()).failure());
  }

  @Test
  void dataErrorAfterContentIsInterrupted() {
    ChatModelException e = streamFails(Wire.stream(Wire.sse(Wire.text("Hi"), Wire.error(500, "INTERNAL", "boom"))));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hi", e.partialResponse().orElseThrow().text());
  }

  @Test
  void endWithoutFinishReasonIsACut() {
    ChatModelException e = streamFails(Wire.stream(Wire.sse(Wire.text("The"), Wire.text(" sky"))));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("The sky", e.partialResponse().orElseThrow().text());
    assertEquals(Failure.CONNECTION, streamFails(Wire.stream("")).failure(), "empty 200 stream");
  }

  @Test
  void lfFramingAndStrayLinesAreAccepted() throws Exception {
    server.enqueue(Wire.stream(": keep-alive\n\ndata: " + Wire.text("A") + "\n\nfoo: bar\n\ndata: "
        + Wire.finish("B", "STOP") + "\n\n"));
    ChatResponse r = Calls.STREAM.run(Calls.model(server).build(), HI);
    assertEquals("AB", r.text());
  }

  @Test
  void callStillStreamingWhenABlockedBodyEndsIsClosedBeforeTheFinalResponse() {
    String open = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\","
        + "\"willContinue\":true,\"partialArgs\":[{\"jsonPath\":\"$.a\",\"numberValue\":1}]}}]}}],"
        + "\"promptFeedback\":{\"blockReason\":\"OTHER\"}}";
    server.enqueue(Wire.stream(Wire.sse(open)));
    ChatResponse r = Calls.STREAM.run(Calls.model(server).build(), HI);
    assertEquals(1, r.toolCalls().size());
    assertEquals("{\"a\":1}", r.toolCalls().get(0).argumentsJson());
    StreamEvent last = Calls.EVENTS.get().get(Calls.EVENTS.get().size() - 2);
    assertEquals(r.toolCalls().get(0), ((StreamEvent.ToolCallComplete) last).call());
  }

  @Test
  void resetAfterTheFinishChunkStillCompletes() {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .chunkedBody(Wire.sse(Wire.text("Hi"), Wire.finish("!", "STOP")), 64)
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
    ChatResponse r = Calls.STREAM.run(Calls.model(server).build(), HI);
    assertEquals("Hi!", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void stallAfterTheFinishChunkCompletesWithWhatArrived() {
    String complete = Wire.sse(Wire.text("Hi"), Wire.finish("!", "STOP"));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(complete + ": trailing\r\n\r\n").throttleBody(complete.length(), 5, TimeUnit.SECONDS).build());
    ChatResponse r = Calls.STREAM.run(Calls.model(server).timeout(Duration.ofMillis(500)).build(), HI);
    assertEquals("Hi!", r.text());
  }

  @Test
  void resetMidStreamAfterContentIsInterrupted() {
    ChatModelException e = streamFails(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .chunkedBody(Wire.sse(Wire.text("Hi"), Wire.text(" there")), 64)
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
  }

  @Test
  void malformedChunkBeforeAndAfterContent() {
    assertEquals(Failure.INVALID_RESPONSE, streamFails(Wire.stream(Wire.sse("{\"candidates\":[{"))).failure());
    assertEquals(Failure.INVALID_RESPONSE, streamFails(Wire.stream(Wire.sse("42"))).failure());
    ChatModelException after = streamFails(Wire.stream(Wire.sse(Wire.text("Hi"), "{\"candidates\":")));
    assertEquals(Failure.STREAM_INTERRUPTED, after.failure());
    assertEquals(Failure.INVALID_RESPONSE, ((ChatModelException) after.getCause()).failure());
  }

  @Test
  void endlessLineAndInvalidUtf8AreInvalidResponses() {
    ChatModelException endless = streamFails(Wire.stream("data: {\"candidates\":\"" + "x".repeat(1_100_000)));
    assertEquals(Failure.INVALID_RESPONSE, endless.failure());
    okio.Buffer bad = new okio.Buffer().writeUtf8("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"")
        .writeByte(0xFF).writeUtf8("\"}]}}]}\r\n\r\n");
    ChatModelException utf8 = streamFails(new MockResponse.Builder().body(bad).build());
    assertEquals(Failure.INVALID_RESPONSE, utf8.failure());
  }

  @Test
  void unbalancedRawJsonOverTheCapIsInvalidResponse() {
    StringBuilder body = new StringBuilder("{\n");
    String line = "\"k\": \"" + "y".repeat(10_000) + "\",\n";
    while (body.length() < GeminiStream.MAX_RAW + 20_000) body.append(line);
    assertEquals(Failure.INVALID_RESPONSE, streamFails(Wire.stream(body.toString())).failure());
  }

  @Test
  void stallBeforeTheFirstChunkIsATimeout() {
    server.enqueue(Wire.stream(Wire.sse(Wire.finish("late", "STOP"))).newBuilder()
        .bodyDelay(5, TimeUnit.SECONDS).build());
    ChatModelException e = Calls.STREAM.fail(Calls.model(server).timeout(Duration.ofMillis(300)).build(), HI);
    assertEquals(Failure.TIMEOUT, e.failure(), e.getMessage());
  }

  @Test
  void stallAfterContentIsInterruptedAndNothingHangs() {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(Wire.sse(Wire.text("Hi")) + Wire.sse(Wire.finish("!", "STOP")))
        .throttleBody(Wire.sse(Wire.text("Hi")).length(), 5, TimeUnit.SECONDS).build());
    ChatModelException e = Calls.STREAM.fail(Calls.model(server).timeout(Duration.ofMillis(400)).build(), HI);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(Failure.TIMEOUT, ((ChatModelException) e.getCause()).failure());
  }

  @Test
  void syncStallIsATimeout() {
    server.enqueue(Wire.json(200, Wire.finish("late", "STOP")).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
    assertEquals(Failure.TIMEOUT, Calls.SYNC.fail(Calls.model(server).timeout(Duration.ofMillis(300)).build(), HI).failure());
    server.enqueue(Wire.json(200, Wire.finish("late", "STOP")).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
    assertEquals(Failure.TIMEOUT, Calls.ASYNC.fail(Calls.model(server).timeout(Duration.ofMillis(300)).build(), HI).failure());
  }

  @Test
  void closingFromAnotherThreadCancelsTheRead() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(Wire.sse(Wire.text("Hel")) + Wire.sse(Wire.finish("lo", "STOP")))
        .throttleBody(Wire.sse(Wire.text("Hel")).length(), 10, TimeUnit.SECONDS).build());
    ChatStream stream = Calls.model(server).timeout(Duration.ofSeconds(20)).build().stream(HI);
    Iterator<StreamEvent> events = stream.iterator();
    assertEquals(new StreamEvent.TextDelta("Hel"), events.next());
    CompletableFuture<Void> closer = CompletableFuture.runAsync(stream::close);
    ChatModelException e = assertThrows(ChatModelException.class, events::hasNext);
    closer.get(5, TimeUnit.SECONDS);
    assertEquals(Failure.CANCELLED, e.failure(), e.getMessage());
  }

  @Test
  void cancellingTheAsyncFutureCancelsTheCall() throws Exception {
    server.enqueue(Wire.json(200, Wire.finish("late", "STOP")).newBuilder().headersDelay(10, TimeUnit.SECONDS).build());
    CompletableFuture<ChatResponse> f = Calls.model(server).timeout(Duration.ofSeconds(20)).build().chatAsync(HI);
    server.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(f.cancel(true));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Calls.CLIENT.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, Calls.CLIENT.dispatcher().runningCallsCount());
  }
}
