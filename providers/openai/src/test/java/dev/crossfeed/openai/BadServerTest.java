package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.chunk;
import static dev.crossfeed.openai.TestSupport.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.openai.TestSupport.Path;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Broken, hostile and silent servers: always a classified exception, never an NPE, OOM or hang. */
@Timeout(60)
class BadServerTest {
  @StartStop MockWebServer server = new MockWebServer();

  /** Released after each test so stalled server threads end. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStalls() {
    release.countDown();
  }

  private ChatModel model(Duration timeout) {
    return chat(server, OpenAiHost.OPENAI).timeout(timeout).build();
  }

  private static MockResponse.Builder ok(Path path) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", path.streaming() ? "text/event-stream" : "application/json");
  }

  /** A body that writes {@code prefix}, then blocks until the test ends (or writes {@code filler} forever). */
  private MockResponseBody stalling(String prefix) {
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return -1;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8(prefix);
        sink.flush();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  private static MockResponseBody endless(String prefix, byte filler) {
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return -1;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8(prefix);
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, filler);
        for (int i = 0; i < 1024; i++) { // 64 MiB at most; the client hangs up long before
          sink.write(block);
          sink.flush();
        }
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void truncatedJsonIsInvalidResponse(Path path) {
    String full = path.streaming() ? "data: " + chunk("{\"content\":\"x\"}", null) : completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop", null);
    server.enqueue(ok(path).body(full.substring(0, full.length() - 10)).build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofSeconds(5)), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_RESPONSE, e.failure(), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void htmlOn200IsInvalidResponse(Path path) {
    server.enqueue(ok(path).setHeader("Content-Type", "text/html").body("<html><body>Welcome to nginx</body></html>").build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofSeconds(5)), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_RESPONSE, e.failure(), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void bodyOverTheCapIsRejected(Path path) {
    Buffer big = new Buffer();
    byte[] block = new byte[1 << 20];
    java.util.Arrays.fill(block, (byte) ' ');
    for (int i = 0; i < 33; i++) big.write(block);
    server.enqueue(ok(path).body(big).build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofSeconds(20)), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertTrue(e.getMessage().contains("cap"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void chunkedBodyOverTheCapIsRejected(Path path) {
    server.enqueue(ok(path).body(endless("{\"choices\":[", (byte) ' ')).build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofSeconds(20)), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
  }

  @Test
  void endlessSseLineIsInvalidResponse() {
    server.enqueue(ok(Path.STREAM).body(endless("data: {\"a\":\"", (byte) 'a')).build());
    ChatModelException e = TestSupport.fails(Path.STREAM, model(Duration.ofSeconds(20)), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertTrue(e.getMessage().contains("line longer"), e.getMessage());
  }

  @Test
  void endlessSseLineAfterContentIsInterrupted() {
    server.enqueue(ok(Path.STREAM).body(endless("data: " + chunk("{\"content\":\"x\"}", null) + "\n\ndata: ", (byte) 'a')).build());
    ChatModelException e = TestSupport.fails(Path.STREAM, model(Duration.ofSeconds(20)), ChatRequest.of("x"));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("x", e.partialResponse().orElseThrow().text());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void invalidUtf8IsInvalidResponse(Path path) {
    byte[] prefix = (path.streaming() ? "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" : "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] suffix = (path.streaming() ? "\"}}]}\n\ndata: [DONE]\n\n" : "\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
    Buffer body = new Buffer().write(prefix).write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}).write(suffix);
    server.enqueue(ok(path).body(body).build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofSeconds(5)), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_RESPONSE, e.failure(), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void stallBeforeHeadersTimesOut(Path path) {
    server.enqueue(ok(path).headersDelay(20, TimeUnit.SECONDS).body("{}").build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofMillis(300)), ChatRequest.of("x"));
    assertEquals(Failure.TIMEOUT, e.failure(), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void perRequestTimeoutOverridesTheModelTimeout(Path path) {
    server.enqueue(ok(path).headersDelay(20, TimeUnit.SECONDS).body("{}").build());
    ChatRequest request = ChatRequest.builder().user("x").timeout(Duration.ofMillis(300)).build();
    ChatModelException e = TestSupport.fails(path, model(Duration.ofSeconds(50)), request);
    assertEquals(Failure.TIMEOUT, e.failure());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void stallMidBodyTimesOut(Path path) {
    server.enqueue(ok(path).body(stalling("{\"choices\":[{\"index\":0,")).build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofMillis(400)), ChatRequest.of("x"));
    assertEquals(Failure.TIMEOUT, e.failure(), e.getMessage());
  }

  @Test
  void stallMidStreamBeforeContentTimesOut() {
    server.enqueue(ok(Path.STREAM).body(stalling(": keep-alive\n\n")).build());
    ChatModelException e = TestSupport.fails(Path.STREAM, model(Duration.ofMillis(400)), ChatRequest.of("x"));
    assertEquals(Failure.TIMEOUT, e.failure(), e.getMessage());
  }

  @Test
  void stallMidStreamAfterContentIsInterruptedByTimeout() {
    server.enqueue(ok(Path.STREAM).body(stalling("data: " + chunk("{\"content\":\"Hi\"}", null) + "\n\n")).build());
    ChatModelException e = TestSupport.fails(Path.STREAM, model(Duration.ofMillis(400)), ChatRequest.of("x"));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(Failure.TIMEOUT, ((ChatModelException) e.getCause()).failure());
    assertEquals("Hi", e.partialResponse().orElseThrow().text());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void connectionDroppedMidBody(Path path) {
    String body = path.streaming() ? TestSupport.sseBody(chunk("{\"content\":\"x\"}", null), chunk("{}", "stop"))
        : completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop", null);
    server.enqueue(ok(path).body(body).throttleBody(20, 0, TimeUnit.MILLISECONDS)
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    ChatModelException e = TestSupport.fails(path, model(Duration.ofSeconds(5)), ChatRequest.of("x"));
    assertTrue(e.failure() == Failure.CONNECTION || e.failure() == Failure.INVALID_RESPONSE || e.failure() == Failure.STREAM_INTERRUPTED,
        e.failure() + ": " + e.getMessage());
  }

  @Test
  void cancellingTheAsyncFutureCancelsTheCall() throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().build();
    ChatModel m = chat(server, OpenAiHost.OPENAI).client(client).build();
    server.enqueue(ok(Path.SYNC).headersDelay(20, TimeUnit.SECONDS).body("{}").build());
    CompletableFuture<ChatResponse> f = m.chatAsync(ChatRequest.of("x"));
    TestSupport.take(server);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (client.dispatcher().runningCallsCount() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(1, client.dispatcher().runningCallsCount());
    assertTrue(f.cancel(true));
    while (client.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, client.dispatcher().runningCallsCount(), "the HTTP call was cancelled");
    client.dispatcher().executorService().shutdown();
  }
}
