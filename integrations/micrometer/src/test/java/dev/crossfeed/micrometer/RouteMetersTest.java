package dev.crossfeed.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The route-level meters (attempts, fallbacks, retries, hedges, skips, breakers) against real routers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouteMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CrossfeedMetrics metrics = CrossfeedMetrics.create(registry);
  private final VirtualScheduler clock = new VirtualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  private static ScriptedChatModel.Builder model(String provider, String id) {
    return ScriptedChatModel.builder().provider(provider).model(id);
  }

  private Router.Builder router() {
    return Router.builder().name("support").scheduler(clock).listener(metrics.listener());
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void aFallbackCountsBothAttemptsByOutcomeAndTheFallbackByReason() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.fail(Failure.SERVER_ERROR)).build();
    ScriptedChatModel claude = model("anthropic", "claude-haiku-4-5").then(Outcome.text("hello")).build();
    Router r = router().model("gpt", gpt).model("claude", claude).maxAttempts(1).build();

    assertEquals("hello", r.chat(hi).text());

    assertEquals(1, count("crossfeed.attempts", "route", "support", "model", "gpt", "provider", "openai", "outcome", "SERVER_ERROR", "hedge", "false"));
    assertEquals(1, count("crossfeed.attempts", "route", "support", "model", "claude", "provider", "anthropic", "outcome", "SUCCESS", "hedge", "false"));
    assertEquals(1, count("crossfeed.fallbacks", "route", "support", "from", "gpt", "to", "claude", "reason", "SERVER_ERROR"));
    assertEquals(1, registry.get("crossfeed.attempt.duration").tags("model", "claude", "outcome", "SUCCESS").timer().count());
    assertEquals(0, registry.find("crossfeed.retries").meters().size(), "a fallback is not a retry");
  }

  @Test
  void aRetryAfterWaitIsCountedAndTimedWithTheHintedDelay() {
    ScriptedChatModel gpt =
        model("openai", "gpt-4o-mini").then(Outcome.rateLimited(Duration.ofSeconds(2)), Outcome.text("ok")).build();
    Router r = router().model("gpt", gpt).maxAttempts(2).build();

    assertEquals("ok", r.chat(hi).text());

    assertEquals(1, count("crossfeed.retries", "route", "support", "model", "gpt", "reason", "RATE_LIMITED"));
    io.micrometer.core.instrument.Timer wait = registry.get("crossfeed.retry.wait").tags("reason", "RATE_LIMITED").timer();
    assertEquals(1, wait.count());
    assertEquals(clock.sleeps().get(0).toMillis(), wait.totalTime(TimeUnit.MILLISECONDS), 0.001);
    assertEquals(2000, wait.totalTime(TimeUnit.MILLISECONDS), 0.001);
  }

  @Test
  void breakerGaugesFollowTheBreakerAndAnOpenModelIsCountedAsSkipped() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").defaultOutcome(Outcome.fail(Failure.OVERLOADED)).build();
    ScriptedChatModel claude = model("anthropic", "claude-haiku-4-5").defaultOutcome(Outcome.text("hi")).build();
    Router r = router().model("gpt", gpt).model("claude", claude).maxAttempts(1).circuitBreaker(1, Duration.ofSeconds(30)).build();

    r.chat(hi);
    assertEquals(BreakerState.OPEN, r.breakerState("gpt"));
    assertEquals(1, gauge("gpt", "open"));
    assertEquals(0, gauge("gpt", "closed"));
    assertEquals(0, gauge("gpt", "half_open"));
    assertEquals(1, gauge("claude", "closed"));
    assertEquals(1, count("crossfeed.breaker.transitions", "route", "support", "model", "gpt", "state", "open"));

    r.chat(hi); // gpt's circuit is open: passed over without a call
    assertEquals(1, gpt.callCount());
    assertEquals(1, count("crossfeed.model.skips", "route", "support", "model", "gpt", "reason", "CIRCUIT_OPEN"));

    clock.advance(Duration.ofSeconds(31));
    gpt.enqueue(Outcome.text("back"));
    assertEquals("back", r.chat(hi).text()); // the half-open probe succeeds and closes the circuit
    assertEquals(BreakerState.CLOSED, r.breakerState("gpt"));
    assertEquals(1, gauge("gpt", "closed"));
    assertEquals(0, gauge("gpt", "open"));
    assertEquals(1, count("crossfeed.breaker.transitions", "route", "support", "model", "gpt", "state", "closed"));
  }

  private double gauge(String model, String state) {
    return registry.get("crossfeed.breaker.state").tags("route", "support", "model", model, "state", state).gauge().value();
  }

  @Test
  void aSlowAttemptIsHedgedAndTheCancelledLoserCounted() throws Exception {
    ScriptedChatModel slow = model("openai", "gpt-4o-mini").then(Outcome.hang()).build();
    ScriptedChatModel fast = model("anthropic", "claude-haiku-4-5").then(Outcome.text("fast")).build();
    Router r = router().model("gpt", slow).model("claude", fast).hedgeAfter(Duration.ofSeconds(1)).build();

    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    slow.awaitInFlight(1, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(1));
    assertEquals("fast", call.get(10, TimeUnit.SECONDS).text());
    slow.awaitIdle(Duration.ofSeconds(10));

    assertEquals(1, count("crossfeed.hedges", "route", "support", "model", "claude"));
    assertEquals(1, count("crossfeed.attempts", "model", "claude", "outcome", "SUCCESS", "hedge", "true"));
    awaitCount("crossfeed.attempts", 1, "model", "gpt", "outcome", "CANCELLED", "hedge", "false");
  }

  /** The loser's attempt event may come from the thread that cancelled it, just after the answer. */
  private void awaitCount(String name, double expected, String... tags) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.find(name).tags(tags).counter() == null || count(name, tags) < expected) {
      if (System.nanoTime() > end) break;
      Thread.sleep(5);
    }
    assertEquals(expected, count(name, tags));
  }

  @Test
  void cardinalityDoesNotGrowWithTraffic() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").defaultOutcome(Outcome.text("ok")).build();
    Router r = router().model("gpt", gpt).build();
    r.chat(ChatRequest.builder().user("first").metadata("user", "u0").build());
    Set<String> after1 = meterIds();

    for (int i = 1; i < 200; i++) r.chat(ChatRequest.builder().user("call " + i).metadata("user", "u" + i).build());

    assertEquals(after1, meterIds());
    assertEquals(200, count("crossfeed.attempts", "model", "gpt", "outcome", "SUCCESS"));
  }

  @Test
  void aFailedCallCountsItsAttemptsByFailure() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.fail(Failure.INVALID_REQUEST)).build();
    Router r = router().model("gpt", gpt).build();

    assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(1, count("crossfeed.attempts", "model", "gpt", "outcome", "INVALID_REQUEST"));
    assertEquals(0, registry.find("crossfeed.fallbacks").meters().size());
  }

  private Set<String> meterIds() {
    Set<String> ids = new TreeSet<>();
    for (Meter m : registry.getMeters()) ids.add(m.getId().toString());
    return ids;
  }
}
