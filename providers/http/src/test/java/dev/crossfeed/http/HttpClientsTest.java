package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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

/** The shared client never keeps a JVM alive, and closing an exchange leaves its client usable. */
@Timeout(20)
class HttpClientsTest {
  @StartStop MockWebServer server = new MockWebServer();

  private Request post() {
    return new Request.Builder().url(server.url("/v1/chat")).post(RequestBody.create("{}", MediaType.get("application/json"))).build();
  }

  @Test
  void sharedClientRunsAsyncCallsOnDaemonThreads() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    HttpExchange http = HttpExchange.builder("test").build();
    CompletableFuture<String> thread =
        http.executeAsync(post(), "m", Duration.ofSeconds(5), (b, meta) -> {
          Thread t = Thread.currentThread(); // OkHttp names it after the call while it runs
          return t.getName() + " daemon=" + t.isDaemon();
        });
    String where = thread.get(10, TimeUnit.SECONDS);
    assertTrue(where.endsWith("daemon=true"), where);
  }

  @Test
  void closingAnExchangeLeavesTheCallersClientUsable() throws Exception {
    OkHttpClient mine = new OkHttpClient();
    try {
      HttpExchange closed = HttpExchange.builder("test").client(mine).build();
      HttpExchange other = HttpExchange.builder("test").client(mine).build();
      closed.close();
      server.enqueue(new MockResponse.Builder().body("ok").build());
      server.enqueue(new MockResponse.Builder().body("ok").build());
      assertEquals("ok", other.executeAsync(post(), "m", Duration.ofSeconds(5), (b, meta) -> new String(b)).get(10, TimeUnit.SECONDS));
      try (okhttp3.Response r = mine.newCall(post()).execute()) {
        assertEquals(200, r.code());
      }
      assertTrue(!mine.dispatcher().executorService().isShutdown());
    } finally {
      mine.dispatcher().executorService().shutdown();
      mine.connectionPool().evictAll();
    }
  }
}
