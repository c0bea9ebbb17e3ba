package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.routing.Router;
import dev.crossfeed.spi.Durations;
import dev.crossfeed.testing.FakeProviderServer;
import dev.crossfeed.testing.FakeResponse;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Durations longer than a {@code long} of nanoseconds holds (about 292 years), the "no limit" a caller writes as
 * {@code ChronoUnit.FOREVER.getDuration()}: in every router setting, in a request's timeout (routed and direct to
 * each provider), in each provider builder's timeout, and as a member's Retry-After hint. Each is clamped to
 * {@link Durations#MAX} and the call is answered; before, each threw a raw {@link ArithmeticException} naming nothing.
 * (Config files reject such text naming the key instead: ConfigVariablesTest and SecretsCliTest.)
 */
@Timeout(60)
@Order(14)
class HostileDurationsTest {
  static final List<Duration> HUGE =
      List.of(ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE / 1000), Duration.ofDays(200L * 365));
  static OkHttpClient client;

  @BeforeAll
  static void start() {
    Hygiene.install();
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).build();
  }

  @AfterAll
  static void stop() {
    Hygiene.assertClean(client, "durations");
  }

  @Test
  void everyRouterSettingBeyondNanosecondsIsClampedAndTheRouteAnswers() {
    for (Duration d : HUGE) {
      Router r = Router.builder().name("forever")
          .model("a", ScriptedChatModel.builder().defaultOutcome(Outcome.text("ok")).build())
          .timeout(d).attemptTimeout(d).firstTokenTimeout(d).backoff(d, d).maxRetryAfter(d)
          .circuitBreaker(5, d).longCooldown(d).hedgeAfter(d).build();
      assertEquals("ok", r.chat("hi").text(), d.toString());
      assertEquals("ok", text(r.stream(ChatRequest.of("hi"))), d.toString());
    }
  }

  @Test
  void aRequestTimeoutBeyondNanosecondsIsClampedRoutedOrDirect() throws Exception {
    Router r = Router.builder().model("a", ScriptedChatModel.builder().defaultOutcome(Outcome.text("ok")).build()).build();
    for (Duration d : HUGE) {
      ChatRequest request = ChatRequest.builder().user("hi").timeout(d).build();
      assertEquals(Durations.MAX, request.timeout().orElseThrow());
      assertEquals(Durations.MAX, ChatRequest.of("hi").withTimeout(d).timeout().orElseThrow());
      assertEquals("ok", r.chat(request).text());
      assertEquals("ok", r.chatAsync(request).get(10, TimeUnit.SECONDS).text());
    }
    Concurrently.forEachProvider(p -> {
      try (FakeProviderServer fake = p.fake()) {
        String root = fake.url("/").replaceAll("/$", "");
        for (Duration d : HUGE) {
          ChatModel model = p.build(root, client, ApiKey.of("sk-durations-0123456789"), d);
          ChatRequest request = ChatRequest.builder().user("hi").timeout(d).build();
          fake.enqueue(FakeResponse.text("direct"), FakeResponse.text("streamed"));
          assertEquals("direct", model.chat(request).text(), p + " " + d);
          assertEquals("streamed", text(model.stream(request)), p + " " + d);
        }
      }
    });
  }

  @Test
  void aMembersRetryAfterBeyondNanosecondsSendsTheCallElsewhere() {
    for (Duration d : HUGE) {
      ChatModelException e = ChatModelException.builder(Failure.RATE_LIMITED).provider("p").retryAfter(d).build();
      assertEquals(Durations.MAX, e.retryAfter().orElseThrow());
      assertTrue(e.getMessage().contains("retry after"), e.getMessage());
      Router r = Router.builder()
          .model("limited", ScriptedChatModel.builder().then(Outcome.rateLimited(d)).build())
          .model("spare", ScriptedChatModel.builder().defaultOutcome(Outcome.text("from spare")).build())
          .build();
      ChatResponse answer = r.chat("hi");
      assertEquals("from spare", answer.text());
      assertEquals(Failure.RATE_LIMITED, answer.routeTrace().attempts().get(0).failure().orElseThrow(), answer.routeTrace().toString());
    }
  }

  private static String text(ChatStream s) {
    try (s) {
      StringBuilder b = new StringBuilder();
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta) b.append(((StreamEvent.TextDelta) e).text());
      }
      return b.toString();
    }
  }
}
