package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class HttpExchangeTest {
  private static final String KEY = "sk-SENTINEL-KEY-42";

  @StartStop MockWebServer server = new MockWebServer();

  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(2)).build();
  private final HttpExchange http =
      HttpExchange.builder("test").client(client).apiKey(ApiKey.of(KEY)).maxBodyBytes(4096).build();

  private Request post() {
    return new Request.Builder()
        .url(server.url("/v1/chat"))
        .post(RequestBody.create("{}", MediaType.get("application/json")))
        .build();
  }

  private static String text(byte[] body, ResponseMeta meta) {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void successHandsBodyAndMetaToHandler() {
    server.enqueue(new MockResponse.Builder().body("{\"ok\":true}").addHeader("x-request-id", "req_9")
        .addHeader("x-ratelimit-remaining-requests", "3").build());
    String[] id = new String[1];
    String body = http.execute(post(), "m", Duration.ofSeconds(5), (b, meta) -> {
      id[0] = meta.requestId() + "/" + meta.rateLimits().remainingRequests().getAsLong();
      return text(b, meta);
    });
    assertEquals("{\"ok\":true}", body);
    assertEquals("req_9/3", id[0]);
  }

  @Test
  void rateLimitedCarriesEverythingOnEveryPath() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "2").addHeader("x-request-id", "req_rl")
          .addHeader("x-ratelimit-remaining-tokens", "0")
          .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}").build());
    }
    ChatModelException sync = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
    ExecutionException async = assertThrows(ExecutionException.class,
        () -> http.executeAsync(post(), "m", null, HttpExchangeTest::text).get(5, TimeUnit.SECONDS));
    ChatModelException stream = assertThrows(ChatModelException.class, () -> http.open(post(), "m", null));
    for (ChatModelException e : new ChatModelException[] {sync, (ChatModelException) async.getCause(), stream}) {
      assertEquals(Failure.RATE_LIMITED, e.failure());
      assertEquals(429, e.status().getAsInt());
      assertEquals("req_rl", e.requestId().orElseThrow());
      assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
      assertTrue(e.rateLimits().exhausted());
      assertEquals("test", e.provider());
    }
  }

  @Test
  void retryHintIgnoredForNonRetryableFailures() {
    server.enqueue(new MockResponse.Builder().code(400).addHeader("retry-after", "5")
        .body("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}").build());
    ChatModelException e = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.retryAfter().isEmpty());
  }

  @Test
  void keyEchoedByServerIsScrubbed() {
    server.enqueue(new MockResponse.Builder().code(401)
        .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"code\":\"invalid_api_key\"}}").build());
    ChatModelException e = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
    assertEquals(Failure.AUTHENTICATION, e.failure());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
    assertTrue(e.getMessage().contains("[redacted]"));
  }

  @Test
  void bodyOverCapIsInvalidResponse() {
    server.enqueue(new MockResponse.Builder().body("x".repeat(10_000)).build());
    server.enqueue(new MockResponse.Builder().chunkedBody("y".repeat(10_000), 512).build());
    for (int i = 0; i < 2; i++) {
      ChatModelException e = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
      assertEquals(Failure.INVALID_RESPONSE, e.failure());
      assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }
  }

  @Test
  void handlerFailureIsInvalidResponse() {
    server.enqueue(new MockResponse.Builder().body("{truncated").build());
    ChatModelException e = assertThrows(ChatModelException.class,
        () -> http.execute(post(), "m", null, (b, meta) -> Json.readTree(b)));
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "http://evil.example/steal").build());
    ChatModelException e = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertEquals(307, e.status().getAsInt());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void refusedConnectionIsConnectionFailure() throws IOException {
    MockWebServer dead = new MockWebServer();
    dead.start();
    okhttp3.HttpUrl url = dead.url("/v1");
    dead.close();
    Request r = new Request.Builder().url(url).get().build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> http.execute(r, "m", null, HttpExchangeTest::text));
    assertEquals(Failure.CONNECTION, e.failure());
  }

  @Test
  void stallBeforeHeadersIsTimeoutWithinTheCallDeadline() {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).body("{}").build());
    ChatModelException e = assertThrows(ChatModelException.class,
        () -> http.execute(post(), "m", Duration.ofMillis(300), HttpExchangeTest::text));
    assertEquals(Failure.TIMEOUT, e.failure());
  }

  @Test
  void stallMidBodyIsTimeoutByReadTimeout() {
    server.enqueue(new MockResponse.Builder().body("{\"a\":" + " ".repeat(100) + "1}")
        .throttleBody(10, 5, TimeUnit.SECONDS).build());
    ChatModelException e = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
    assertEquals(Failure.TIMEOUT, e.failure());
  }

  @Test
  void cancellingAsyncCancelsTheCall() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).body("{}").build());
    CompletableFuture<String> f = http.executeAsync(post(), "m", null, HttpExchangeTest::text);
    server.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(f.cancel(true));
    // the dispatcher frees the call: no running calls left soon after
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (client.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(0, client.dispatcher().runningCallsCount());
  }

  @Test
  void openStreamReadsIncrementally() throws IOException {
    server.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body("data: 1\n\ndata: 2\n\n").build());
    try (OpenResponse open = http.open(post(), "m", Duration.ofSeconds(5))) {
      SseReader r = new SseReader(open.response().body().source());
      assertEquals("1", r.next().data());
      assertEquals("2", r.next().data());
      assertEquals(null, r.next());
    }
  }

  @Test
  void malformedStreamClassified() {
    ChatModelException e = http.ioFailure(new MalformedStreamException("line too long"), "m", null, false);
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertInstanceOf(MalformedStreamException.class, e.getCause());
    assertEquals(Failure.CANCELLED, http.ioFailure(new IOException("Canceled"), "m", null, true).failure());
  }

  @Test
  void jacksonParseErrorLeakedByAStreamParserIsAnInvalidResponseNotAConnectionFailure() {
    java.io.IOException parseError =
        assertThrows(java.io.IOException.class, () -> Json.readTree("{\"model\":"));
    ChatModelException e = http.ioFailure(parseError, "m", null, false);
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class, e.getCause());
  }

  @Test
  void requestIdThatReflectsTheKeyIsScrubbed() {
    server.enqueue(new MockResponse.Builder().code(500).addHeader("x-request-id", "req-" + KEY).body("{}").build());
    ChatModelException e = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
    assertEquals("req-[redacted]", e.requestId().orElseThrow());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
    server.enqueue(new MockResponse.Builder().code(500).body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
        + "\"message\":\"x\"},\"request_id\":\"" + KEY + "\"}").build());
    e = assertThrows(ChatModelException.class, () -> http.execute(post(), "m", null, HttpExchangeTest::text));
    assertEquals("[redacted]", e.requestId().orElseThrow());
    server.enqueue(new MockResponse.Builder().addHeader("x-request-id", KEY).body("{}").build());
    assertEquals("[redacted]", http.execute(post(), "m", null, (b, meta) -> meta.requestId()));
  }

  @Test
  void interruptWhileConnectingIsACancelledCallNotAnUndeclaredInterruptedException() {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    server.enqueue(new MockResponse.Builder().body("data: 1\n\n").build());
    HttpExchange fresh = HttpExchange.builder("test").client(new OkHttpClient()).build();
    for (int path = 0; path < 2; path++) {
      Thread.currentThread().interrupt();
      ChatModelException e;
      try {
        e = assertThrows(ChatModelException.class, path == 0
            ? () -> fresh.execute(post(), "m", Duration.ofSeconds(5), HttpExchangeTest::text)
            : () -> fresh.open(post(), "m", Duration.ofSeconds(5)).close());
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
      }
      assertTrue(e.failure() == Failure.CANCELLED || e.failure() == Failure.CONNECTION, e.toString());
    }
  }
}
