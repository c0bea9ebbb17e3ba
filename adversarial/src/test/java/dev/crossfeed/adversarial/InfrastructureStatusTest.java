package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 item 5: statuses that come from infrastructure in front of one provider (a gateway, CDN, proxy or
 * geo-block) say nothing about the request, so a route falls back to its healthy member instead of ending the
 * call as a caller bug (405, 415, 421, an HTML 400 were INVALID_REQUEST, 451 too) or a cancel nobody made (499).
 */
@Timeout(60)
class InfrastructureStatusTest {
  static final ApiKey KEY = ApiKey.of("sk-infrastructure-0123456789");
  static OkHttpClient client;
  static FakeOpenAiServer front;
  static FakeAnthropicServer healthy;

  @BeforeAll
  static void start() {
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).build();
    front = new FakeOpenAiServer();
    healthy = new FakeAnthropicServer();
  }

  @AfterAll
  static void stop() {
    front.close();
    healthy.close();
  }

  static Stream<Arguments> infrastructure() {
    String html = "<html><head><title>400 Bad Request</title></head><body><center>cloudflare</center></body></html>";
    return Stream.of(
        Arguments.of(405, "text/plain", "Method Not Allowed", "SERVER_ERROR"),
        Arguments.of(415, "text/plain", "Unsupported Media Type", "SERVER_ERROR"),
        Arguments.of(421, "text/plain", "Misdirected Request", "SERVER_ERROR"),
        Arguments.of(400, "text/html", html, "SERVER_ERROR"),
        Arguments.of(499, "application/json", "{\"error\":\"client closed request\"}", "SERVER_ERROR"),
        Arguments.of(451, "text/html", "<html><body>Unavailable For Legal Reasons</body></html>", "PERMISSION"),
        // OkHttp itself refuses a 407 from a server that is not a configured proxy (a ProtocolException), so it
        // reaches routing as CONNECTION; through a configured proxy the classifier's 407 is AUTHENTICATION
        Arguments.of(407, "text/html", "<html><body>Proxy Authentication Required</body></html>", "CONNECTION"));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}, then the fallback answers")
  @MethodSource("infrastructure")
  void chatFallsBack(int status, String contentType, String body, String failure) {
    front.enqueue(FakeResponse.raw(status, contentType, body));
    healthy.enqueue(FakeResponse.text("Hello from the fallback"));
    ChatResponse r = router().chat(ChatRequest.of("hi"));
    assertEquals("Hello from the fallback", r.text());
    assertEquals(List.of("front:" + failure, "healthy:SUCCESS"), HostileRoutingTest.outcomes(r.routeTrace()));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}, then the fallback streams")
  @MethodSource("infrastructure")
  void streamFallsBack(int status, String contentType, String body, String failure) {
    front.enqueue(FakeResponse.raw(status, contentType, body));
    healthy.enqueue(FakeResponse.text("Hello from the fallback"));
    StringBuilder text = new StringBuilder();
    ChatResponse done = null;
    try (ChatStream s = router().stream(ChatRequest.of("hi"))) {
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta d) text.append(d.text());
        if (e instanceof StreamEvent.Completed c) done = c.response();
      }
    }
    assertEquals("Hello from the fallback", text.toString());
    assertEquals(List.of("front:" + failure, "healthy:SUCCESS"), HostileRoutingTest.outcomes(done.routeTrace()));
  }

  /** A fresh router per call, so no breaker or cooldown carries over between parameters. */
  private static Router router() {
    ChatModel primary = OpenAiChatModel.builder().baseUrl(front.baseUrl()).client(client).apiKey(KEY)
        .model("gpt-4o-mini").timeout(Duration.ofSeconds(10)).build();
    ChatModel fallback = Provider.ANTHROPIC.build(healthy.baseUrl(), client, KEY, Duration.ofSeconds(10));
    return Router.builder().name("infra").model("front", primary).model("healthy", fallback)
        .maxAttempts(2).timeout(Duration.ofSeconds(20)).build();
  }
}
