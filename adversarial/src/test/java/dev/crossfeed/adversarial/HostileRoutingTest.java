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
import dev.crossfeed.RouteTrace;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile servers behind a router: the router's attempt, first-token and whole-call deadlines cut a slowloris or a
 * stream that never delivers content, and the call moves to a healthy model (or ends TIMEOUT within the deadline).
 */
@Timeout(60)
@Order(8)
class HostileRoutingTest {
  static final ApiKey KEY = ApiKey.of("sk-hostile-routing-0123456789");
  static final Duration SLACK = Duration.ofMillis(2500);
  static OkHttpClient client;
  static FakeAnthropicServer healthy;

  @BeforeAll
  static void start() {
    Hygiene.install();
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).build();
    healthy = new FakeAnthropicServer();
  }

  @AfterAll
  static void stop() {
    healthy.close();
    Hygiene.assertClean(client, "hostile routing");
  }

  @Test
  void attemptTimeoutCutsASlowlorisAndFallsBack() {
    Provider p = Provider.OPENAI;
    try (HostileServer slow = new HostileServer(Hostile.slowloris("application/json", p.jsonSeed(), Duration.ofSeconds(1), false))) {
      Router router = router(p.build(slow.root(), client, KEY, Duration.ofSeconds(60)), Duration.ofSeconds(10))
          .attemptTimeout(Duration.ofMillis(500)).build();
      healthy.enqueue(FakeResponse.text("Hello from the fallback"));
      long t0 = System.nanoTime();
      ChatResponse r = router.chat(ChatRequest.of("hi"));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertEquals("Hello from the fallback", r.text());
      assertEquals(List.of("hostile:TIMEOUT", "healthy:SUCCESS"), outcomes(r.routeTrace()));
      assertTrue(took.compareTo(Duration.ofMillis(500).plus(SLACK)) < 0, "took " + took);
      Report.line("hostile routing: slowloris primary cut by attemptTimeout 500 ms, answered by the fallback after "
          + took.toMillis() + " ms, trace " + outcomes(r.routeTrace()));
    }
  }

  @Test
  void firstTokenTimeoutCutsAStreamOfKeepAlivesAndFallsBack() {
    Provider p = Provider.OPENAI;
    try (HostileServer idle = new HostileServer(
        Hostile.neverEnds(p.streamContentType, p.streamPrelude(), p.idleEvent(), Duration.ofMillis(100)))) {
      Router router = router(p.build(idle.root(), client, KEY, Duration.ofSeconds(60)), Duration.ofSeconds(10))
          .firstTokenTimeout(Duration.ofMillis(500)).build();
      healthy.enqueue(FakeResponse.text("Hello from the fallback"));
      long t0 = System.nanoTime();
      ChatResponse r;
      try (ChatStream s = router.stream(ChatRequest.of("hi"))) {
        r = s.response();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertEquals("Hello from the fallback", r.text());
      assertEquals(List.of("hostile:TIMEOUT", "healthy:SUCCESS"), outcomes(r.routeTrace()));
      assertTrue(took.compareTo(Duration.ofMillis(500).plus(SLACK)) < 0, "took " + took);
      Report.line("hostile routing: keep-alive-only stream cut by firstTokenTimeout 500 ms, answered by the fallback after "
          + took.toMillis() + " ms, trace " + outcomes(r.routeTrace()));
    }
  }

  @Test
  void deadlineBoundsACallWhereEveryServerIsHostile() {
    Provider p = Provider.ANTHROPIC;
    try (HostileServer a = new HostileServer(Hostile.endlessHeaders(Duration.ofMillis(50)));
        HostileServer b = new HostileServer(Hostile.slowloris("application/json", p.jsonSeed(), Duration.ofSeconds(1), true))) {
      Router router = Router.builder().name("hostile")
          .model("a", p.build(a.root(), client, KEY, Duration.ofSeconds(60)))
          .model("b", Provider.OLLAMA.build(b.root(), client, KEY, Duration.ofSeconds(60)))
          .timeout(Duration.ofMillis(1500)).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
      long t0 = System.nanoTime();
      ChatModelException e = org.junit.jupiter.api.Assertions.assertThrows(ChatModelException.class,
          () -> router.chat(ChatRequest.of("hi")));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertEquals(Failure.TIMEOUT, e.failure(), e.toString());
      assertTrue(took.compareTo(Duration.ofMillis(1500).plus(SLACK)) < 0, "took " + took);
      assertTrue(took.compareTo(Duration.ofMillis(1400)) >= 0, "took " + took);
      Report.line("hostile routing: two hostile models, deadline 1500 ms: TIMEOUT after " + took.toMillis()
          + " ms, trace " + outcomes(e.routeTrace()));
    }
  }

  /**
   * A router's deadline interrupts the calling thread; so may the application. An interrupt that lands while OkHttp
   * is connecting made it throw an undeclared InterruptedException, which escaped chat(), stream() and Router.chat.
   * Every provider must turn it into a classified failure and keep the interrupt.
   */
  @Test
  void callerInterruptedWhileConnectingGetsAClassifiedFailure() {
    try (HostileServer server = new HostileServer(Hostile.respond(200, "application/json", "{}"))) {
      for (Provider p : Provider.values()) {
        for (boolean stream : new boolean[] {false, true}) {
          OkHttpClient fresh = client.newBuilder().connectionPool(new okhttp3.ConnectionPool()).build();
          ChatModel model = p.build(server.root(), fresh, KEY, Duration.ofSeconds(5));
          Thread.currentThread().interrupt();
          Throwable thrown = null;
          try {
            if (stream) model.stream(ChatRequest.of("hi")).close();
            else model.chat(ChatRequest.of("hi"));
          } catch (Throwable t) {
            thrown = t;
          } finally {
            assertTrue(Thread.interrupted(), p + ": the caller's interrupt is kept");
          }
          assertTrue(thrown instanceof ChatModelException, p + (stream ? " stream" : " chat") + " threw " + thrown);
          assertEquals(Failure.CANCELLED, ((ChatModelException) thrown).failure(), thrown.toString());
          fresh.connectionPool().evictAll();
        }
      }
    }
    Report.line("hostile interrupts: a caller interrupted while connecting gets CANCELLED from every provider, chat and stream");
  }

  private static Router.Builder router(ChatModel hostile, Duration timeout) {
    ChatModel fallback = Provider.ANTHROPIC.build(healthy.baseUrl(), client, KEY, Duration.ofSeconds(10));
    return Router.builder().name("hostile").model("hostile", hostile).model("healthy", fallback)
        .maxAttempts(1).timeout(timeout);
  }

  static List<String> outcomes(RouteTrace trace) {
    return trace.attempts().stream().map(t -> t.model() + ":" + t.outcome()).collect(Collectors.toList());
  }
}
