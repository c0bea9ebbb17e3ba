package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pooled connections never cost a call (issue 15 items 2, 14), and what a 200 body does wrong is the body's fault
 * (items 8, 11, 17).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionGuardTest {
  private static final String KEY = "SENTINELKEY4242secret"; // no dash: Jackson quotes an unknown token up to one

  @StartStop MockWebServer server = new MockWebServer();

  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };
  private final HttpExchange http = HttpExchange.builder("test").client(client).apiKey(ApiKey.of(KEY)).clock(clock).build();

  private void idle(Duration d) {
    now.addAndGet(d.toMillis());
  }

  private Request post() {
    return new Request.Builder().url(server.url("/v1/chat")).post(RequestBody.create("{}", MediaType.get("application/json"))).build();
  }

  private String call() {
    return http.execute(post(), "m", Duration.ofSeconds(10), (b, meta) -> Json.readTree(b).toString());
  }

  private static String trace(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void aRequestOnAConnectionTheServerClosedWhileIdleIsReplayedOnce() throws Exception {
    // like uvicorn's 5 s keep-alive: the server closes the connection after answering, without saying so
    server.enqueue(new MockResponse.Builder().body("{\"n\":1}").onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().body("{\"n\":2}").onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().body("{\"n\":3}").build());
    assertEquals("{\"n\":1}", call());
    idle(Duration.ofSeconds(5));
    assertEquals("{\"n\":2}", call());
    idle(Duration.ofSeconds(2));
    assertEquals("{\"n\":3}", call());
    assertEquals(3, server.getRequestCount(), "each call reached the server once");
  }

  @Test
  void aDropOnAConnectionUsedAMomentAgoIsTheAnswerNotAStaleConnection() {
    server.enqueue(new MockResponse.Builder().body("{\"n\":1}").build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().body("{\"n\":3}").build());
    assertEquals("{\"n\":1}", call());
    idle(Duration.ofMillis(10));
    assertEquals(Failure.CONNECTION, assertThrows(ChatModelException.class, this::call).failure());
    assertEquals(2, server.getRequestCount(), "not replayed");
  }

  @Test
  void aDropOnAFreshConnectionIsNotReplayed() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().body("{\"n\":2}").build());
    ChatModelException e = assertThrows(ChatModelException.class, this::call);
    assertEquals(Failure.CONNECTION, e.failure());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aBodyLongerThanItsContentLengthDoesNotSmuggleTheNextResponse() throws Exception {
    String smuggled = "HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\n{\"smuggled\":1}";
    String head = "{\"broken\"";
    server.enqueue(new MockResponse.Builder().body(head + smuggled).setHeader("Content-Length", head.length()).build());
    server.enqueue(new MockResponse.Builder().body("{\"real\":2}").build());
    assertEquals(Failure.INVALID_RESPONSE, assertThrows(ChatModelException.class, this::call).failure());
    assertEquals("{\"real\":2}", call());
  }

  @Test
  void anUnusable200BodyDiscardsItsConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("<html>oops</html>").build());
    server.enqueue(new MockResponse.Builder().body("{\"n\":2}").build());
    assertEquals(Failure.INVALID_RESPONSE, assertThrows(ChatModelException.class, this::call).failure());
    assertEquals("{\"n\":2}", call());
    server.takeRequest();
    assertEquals(1, server.takeRequest().getConnectionIndex(), "the second call opened a new connection");
  }

  @Test
  void aCorruptGzipBodyOnA200IsAnInvalidResponse() {
    Buffer notGzip = new Buffer().writeUtf8("this is not gzip at all, honest");
    server.enqueue(new MockResponse.Builder().body(notGzip).setHeader("Content-Encoding", "gzip").build());
    ChatModelException e = assertThrows(ChatModelException.class, this::call);
    assertEquals(Failure.INVALID_RESPONSE, e.failure(), e.toString());
  }

  @Test
  void aCorruptGzipStreamIsAnInvalidResponse() throws Exception {
    Buffer notGzip = new Buffer().writeUtf8("data: this is not gzip at all, honest\n\n");
    server.enqueue(new MockResponse.Builder().body(notGzip).setHeader("Content-Encoding", "gzip").build());
    OpenResponse open = http.open(post(), "m", Duration.ofSeconds(10));
    java.io.IOException read = assertThrows(java.io.IOException.class, () -> open.response().body().source().readUtf8Line());
    assertEquals(Failure.INVALID_RESPONSE, http.ioFailure(read, "m", open.call(), false).failure());
    open.close();
  }

  @Test
  void aKeyReflectedUnquotedInA200BodyIsScrubbedFromTheMessageAndTheCauseChain() {
    server.enqueue(new MockResponse.Builder().body("{\"echo\": " + KEY + "}").build());
    ChatModelException e = assertThrows(ChatModelException.class, this::call);
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertFalse(trace(e).contains(KEY), trace(e));
    assertFalse(trace(e).contains("SENTINEL"), trace(e));
  }

  @Test
  void aRequestTimeoutUnderOneMillisecondStillTimesOut() {
    server.enqueue(new MockResponse.Builder().body("{}").headersDelay(2, TimeUnit.SECONDS).build());
    ChatModelException e = assertThrows(ChatModelException.class,
        () -> http.execute(post(), "m", Duration.ofNanos(500_000), (b, meta) -> new String(b, StandardCharsets.UTF_8)));
    assertEquals(Failure.TIMEOUT, e.failure(), e.toString());
  }

  @Test
  void noCallIsRetainedOnceItEnded() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"n\":1}").build());
    server.enqueue(new MockResponse.Builder().body("{\"n\":2}").build());
    server.enqueue(new MockResponse.Builder().body("not json").build());
    server.enqueue(new MockResponse.Builder().body("data: a\n\ndata: b\n\n").build());
    server.enqueue(new MockResponse.Builder().code(500).body("{}").build());
    call();
    http.executeAsync(post(), "m", Duration.ofSeconds(10), (b, meta) -> b.length).get(10, TimeUnit.SECONDS);
    assertThrows(ChatModelException.class, this::call);
    OpenResponse open = http.open(post(), "m", Duration.ofSeconds(10));
    open.close();
    assertThrows(ChatModelException.class, () -> http.open(post(), "m", Duration.ofSeconds(10)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ConnectionGuard.tracked() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, ConnectionGuard.tracked(), "a finished call is not retained");
  }
}
