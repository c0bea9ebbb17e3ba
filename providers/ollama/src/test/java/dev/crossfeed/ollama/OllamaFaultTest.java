package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Broken servers: cut, stalled, malformed, oversized, invalid UTF-8, refused. Always a classified failure. */
@Timeout(30)
class OllamaFaultTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStalls() {
    release.countDown();
  }

  /** Writes {@code prefix}, then holds the connection open until the test ends. */
  private MockResponse stalling(String contentType, String prefix) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", contentType)
        .body(
            new MockResponseBody() {
              @Override
              public long getContentLength() {
                return -1;
              }

              @Override
              public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(prefix);
                sink.flush();
                try {
                  release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            })
        .build();
  }

  private ChatModelException failure(CallPath path, OllamaChatModel model) {
    return assertThrows(ChatModelException.class, () -> path.call(model, ChatRequest.of("Hi")));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void stallBeforeAnyContentIsATimeout(CallPath path) {
    server.enqueue(stalling(path.streams() ? "application/x-ndjson" : "application/json", path.streams() ? "" : "{\"model\":"));
    ChatModelException e = failure(path, Wire.model(server).timeout(Duration.ofMillis(400)).build());
    assertEquals(Failure.TIMEOUT, e.failure(), e.getMessage());
  }

  @Test
  void perRequestTimeoutOverridesTheModelTimeout() {
    server.enqueue(stalling("application/json", ""));
    OllamaChatModel model = Wire.model(server).timeout(Duration.ofMinutes(5)).build();
    ChatRequest request = ChatRequest.builder().user("Hi").timeout(Duration.ofMillis(300)).build();
    assertEquals(Failure.TIMEOUT, assertThrows(ChatModelException.class, () -> model.chat(request)).failure());
  }

  @Test
  void stallAfterContentIsStreamInterruptedByTheDeadline() {
    server.enqueue(stalling("application/x-ndjson", Wire.chunk("Hel") + "\n"));
    ChatModelException e = failure(CallPath.STREAM, Wire.model(server).timeout(Duration.ofMillis(400)).build());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hel", e.partialResponse().orElseThrow().text());
    assertEquals(Failure.TIMEOUT, ((ChatModelException) e.getCause()).failure());
  }

  @Test
  void closingAStalledStreamFromAnotherThreadCancelsIt() throws Exception {
    server.enqueue(stalling("application/x-ndjson", Wire.chunk("Hel") + "\n"));
    ChatStream stream = Wire.model(server).build().stream(ChatRequest.of("Hi"));
    Iterator<StreamEvent> events = stream.iterator();
    assertEquals(new StreamEvent.TextDelta("Hel"), events.next());
    CompletableFuture<Void> closer = CompletableFuture.runAsync(stream::close);
    ChatModelException e = assertThrows(ChatModelException.class, events::hasNext);
    closer.get(5, TimeUnit.SECONDS);
    assertEquals(Failure.CANCELLED, e.failure(), e.getMessage());
  }

  @Test
  void cancellingTheAsyncFutureCancelsTheCall() throws Exception {
    server.enqueue(stalling("application/json", ""));
    CompletableFuture<?> future = Wire.model(server).build().chatAsync(ChatRequest.of("Hi"));
    Wire.take(server);
    assertTrue(future.cancel(true));
    assertTrue(future.isCancelled());
  }

  @Test
  void streamCutBeforeTheDoneLineIsReported() {
    server.enqueue(Wire.ndjson(Wire.chunk("The"), Wire.chunk(" sky")));
    ChatModelException e = failure(CallPath.STREAM, Wire.model(server).build());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("The sky", e.partialResponse().orElseThrow().text());
  }

  @Test
  void emptyStreamIsAConnectionFailureThatRoutingMayRetryElsewhere() {
    server.enqueue(Wire.ndjson());
    assertEquals(Failure.CONNECTION, failure(CallPath.STREAM, Wire.model(server).build()).failure());
  }

  @Test
  void connectionResetMidStreamAfterContentIsInterrupted() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/x-ndjson")
            .chunkedBody(Wire.chunk("The") + "\n" + Wire.chunk(" sky") + "\n", 64)
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    ChatModelException e = failure(CallPath.STREAM, Wire.model(server).build());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
  }

  @Test
  void malformedLineBeforeContentIsAnInvalidResponse() {
    server.enqueue(Wire.ndjson("{\"model\":\"llama3.2\",\"message\":{\"content\":\"Hi\"", Wire.DONE));
    assertEquals(Failure.INVALID_RESPONSE, failure(CallPath.STREAM, Wire.model(server).build()).failure());
    server.enqueue(Wire.ndjson("[1,2,3]", Wire.DONE));
    assertEquals(Failure.INVALID_RESPONSE, failure(CallPath.STREAM, Wire.model(server).build()).failure());
  }

  @Test
  void malformedLineAfterContentIsStreamInterrupted() {
    server.enqueue(Wire.ndjson(Wire.chunk("Hi"), "{\"model\":", Wire.DONE));
    ChatModelException e = failure(CallPath.STREAM, Wire.model(server).build());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(Failure.INVALID_RESPONSE, ((ChatModelException) e.getCause()).failure());
  }

  @ParameterizedTest
  @EnumSource(value = CallPath.class, names = {"SYNC", "ASYNC"})
  void truncatedOrNonJsonBodiesAreInvalidResponses(CallPath path) {
    for (String body : new String[] {"{\"model\":\"llama3.2\",\"message\":{\"content\":\"Hi", "<html>oops</html>", "[]", "null", ""}) {
      server.enqueue(Wire.json(200, body));
      assertEquals(Failure.INVALID_RESPONSE, failure(path, Wire.model(server).build()).failure(), body);
    }
  }

  @Test
  void toolCallWithoutANameIsAnInvalidResponse() {
    server.enqueue(Wire.json(200, "{\"model\":\"m\",\"message\":{\"content\":\"\",\"tool_calls\":[{\"function\":{\"arguments\":{}}}]},\"done\":true}"));
    assertEquals(Failure.INVALID_RESPONSE, failure(CallPath.SYNC, Wire.model(server).build()).failure());
    server.enqueue(Wire.ndjson("{\"model\":\"m\",\"message\":{\"content\":\"\",\"tool_calls\":[{\"function\":{}}]},\"done\":false}", Wire.DONE));
    assertEquals(Failure.INVALID_RESPONSE, failure(CallPath.STREAM, Wire.model(server).build()).failure());
  }

  @Test
  void endlessLineIsCutAtTheLineCap() {
    Buffer huge = new Buffer().writeUtf8("{\"model\":\"m\",\"message\":{\"content\":\"");
    byte[] block = new byte[64 * 1024];
    java.util.Arrays.fill(block, (byte) 'a');
    for (int i = 0; i < 20; i++) huge.write(block); // 1.25 MiB without a newline
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-ndjson").body(huge).build());
    ChatModelException e = failure(CallPath.STREAM, Wire.model(server).build());
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertTrue(e.getMessage().contains("line longer than"), e.getMessage());
  }

  @Test
  void bodyOverTheCapIsRefusedWithoutParsing() {
    Buffer huge = new Buffer();
    byte[] block = new byte[1 << 20];
    java.util.Arrays.fill(block, (byte) ' ');
    for (int i = 0; i < 33; i++) huge.write(block);
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(huge).build());
    ChatModelException e = failure(CallPath.SYNC, Wire.model(server).build());
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertTrue(e.getMessage().contains("cap"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void invalidUtf8IsAnInvalidResponse(CallPath path) {
    Buffer body = new Buffer().writeUtf8("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"");
    body.writeByte(0xC3).writeByte(0x28); // an invalid two-byte sequence
    body.writeUtf8("\"},\"done\":true}\n");
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-ndjson").body(body).build());
    assertEquals(Failure.INVALID_RESPONSE, failure(path, Wire.model(server).build()).failure());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void refusedConnectionIsAConnectionFailure(CallPath path) throws IOException {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String url = gone.url("/").toString();
    gone.close();
    ChatModelException e = failure(path, OllamaChatModel.builder().model("llama3.2").baseUrl(url).build());
    assertEquals(Failure.CONNECTION, e.failure(), e.getMessage());
  }
}
