package dev.crossfeed.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StubServerTest {
  private static final MediaType JSON = MediaType.get("application/json");

  @Test
  void servesScenariosOnOneKeptAliveConnectionAndCountsThem() throws Exception {
    try (StubServer server = StubServer.start()) {
      server.fixed("ok", Payloads.chatCompletion()).fixed("overloaded", Payloads.overloaded());
      OkHttpClient client = new OkHttpClient();
      for (int i = 0; i < 3; i++) assertEquals(200, post(client, server.baseUrl("ok") + "/chat/completions", "{\"a\":" + i + "}"));
      assertEquals(503, post(client, server.baseUrl("overloaded") + "/chat/completions", "{}"));
      assertEquals(404, post(client, server.baseUrl("nope") + "/chat/completions", "{}"));
      assertEquals(3, server.requests("ok"));
      assertEquals(1, server.requests("overloaded"));
      assertEquals(1, server.connections(), "keep-alive: one connection for every request");
    }
  }

  @Test
  void largeRequestBodiesAreSkippedWithoutDesynchronisingTheConnection() throws Exception {
    try (StubServer server = StubServer.start()) {
      server.fixed("ok", Payloads.chatCompletion());
      OkHttpClient client = new OkHttpClient();
      String big = "x".repeat(300_000);
      assertEquals(200, post(client, server.baseUrl("ok") + "/chat/completions", big));
      assertEquals(200, post(client, server.baseUrl("ok") + "/chat/completions", "{}"));
      assertEquals(2, server.requests("ok"));
      assertEquals(1, server.connections());
    }
  }

  @Test
  void streamedAnswersHaveTheAnnouncedLength() throws Exception {
    try (StubServer server = StubServer.start()) {
      server.route("big", Payloads.streamResponder(1000, Payloads.text(512)));
      OkHttpClient client = new OkHttpClient();
      Request r = new Request.Builder().url(server.baseUrl("big") + "/chat/completions").post(RequestBody.create("{}", JSON)).build();
      try (Response response = client.newCall(r).execute()) {
        String body = response.body().string();
        assertEquals(response.body().contentLength(), body.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(body.endsWith("data: [DONE]\n\n"));
      }
    }
  }

  @Test
  void theStubBarelyAllocatesPerRequest() throws Exception {
    try (StubServer server = StubServer.start()) {
      server.fixed("ok", Payloads.chatCompletion());
      OkHttpClient client = new OkHttpClient();
      String url = server.baseUrl("ok") + "/chat/completions";
      for (int i = 0; i < 300; i++) post(client, url, "{}");
      long before = server.allocatedBytes();
      int n = 500;
      for (int i = 0; i < n; i++) post(client, url, "{}");
      long perRequest = (server.allocatedBytes() - before) / n;
      // JMH's -prof gc counts every thread, so the stub must not blur the client's figures
      assertTrue(perRequest < 256, "stub allocates " + perRequest + " bytes per request");
    }
  }

  private static int post(OkHttpClient client, String url, String body) throws Exception {
    Request r = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    try (Response response = client.newCall(r).execute()) {
      response.body().bytes();
      return response.code();
    }
  }
}
