package dev.crossfeed.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.Usage;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Call-level meters (duration, tokens, cost, time to first token) and Observations, against real routers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CallMetersAndObservationsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final CrossfeedMetrics metrics = CrossfeedMetrics.builder(registry).observationRegistry(observations).build();
  private final VirtualScheduler clock = new VirtualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  private static ScriptedChatModel.Builder model(String provider, String id) {
    return ScriptedChatModel.builder().provider(provider).model(id).prices(0.15, 0.60);
  }

  private Router.Builder router() {
    return Router.builder().name("support").scheduler(clock).listener(metrics.listener());
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void anAnsweredCallCountsItsTokensByTypeAndItsCost() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.text("Paris").withUsage(new Usage(100, 20, 40, 5))).build();
    Router r = router().model("gpt", gpt).build();

    ChatResponse answer = r.chat(hi);

    String[] who = {"route", "support", "model", "gpt", "provider", "openai"};
    assertEquals(100, registry.get("crossfeed.tokens").tags(who).tag("type", "input").counter().count());
    assertEquals(20, registry.get("crossfeed.tokens").tags(who).tag("type", "output").counter().count());
    assertEquals(40, registry.get("crossfeed.tokens").tags(who).tag("type", "cached_input").counter().count());
    assertEquals(5, registry.get("crossfeed.tokens").tags(who).tag("type", "reasoning").counter().count());
    assertEquals(answer.cost().orElseThrow().totalUsd(), count("crossfeed.cost", who), 1e-15);
    assertTrue(count("crossfeed.cost", who) > 0);
    Timer call = registry.get("crossfeed.call.duration").tags(who).tag("outcome", "SUCCESS").timer();
    assertEquals(1, call.count());
    assertEquals(0, metrics.liveCalls());
  }

  @Test
  void aCallTakesTheRoutersTimeIncludingItsWaits() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.rateLimited(Duration.ofSeconds(3)), Outcome.text("ok")).build();
    Router r = router().model("gpt", gpt).build();

    r.chat(hi);

    Timer call = registry.get("crossfeed.call.duration").tags("model", "gpt", "outcome", "SUCCESS").timer();
    assertEquals(3000, call.totalTime(TimeUnit.MILLISECONDS), 1e-6, "virtual time: the 3 s Retry-After wait and nothing else");
  }

  @Test
  void aFailedCallIsTimedUnderItsFailureAndCountsNoTokens() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.fail(Failure.INVALID_REQUEST)).build();
    Router r = router().model("gpt", gpt).build();

    assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(1, registry.get("crossfeed.call.duration").tags("route", "support", "outcome", "INVALID_REQUEST").timer().count());
    assertEquals(0, registry.find("crossfeed.tokens").meters().size());
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("crossfeed.call")
        .that()
        .hasLowCardinalityKeyValue("crossfeed.outcome", "INVALID_REQUEST")
        .hasError();
  }

  @Test
  void aStreamedAnswerRecordsTimeToFirstToken() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.textStream("Hel", "lo")).build();
    Router r = router().model("gpt", gpt).build();

    try (ChatStream s = r.stream(hi)) {
      for (StreamEvent ignored : s) {
        // read to the end
      }
    }

    assertEquals(1, registry.get("crossfeed.time_to_first_token").tags("route", "support", "model", "gpt", "provider", "openai").timer().count());
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("crossfeed.call")
        .that()
        .hasLowCardinalityKeyValue("crossfeed.stream", "true");
  }

  @Test
  void eachCallIsAnObservationUnderTheCurrentOneWithAnObservationPerAttempt() {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.fail(Failure.SERVER_ERROR)).build();
    ScriptedChatModel claude = model("anthropic", "claude-haiku-4-5").then(Outcome.text("hello")).build();
    Router r = router().model("gpt", gpt).model("claude", claude).maxAttempts(1).build();

    Observation app = Observation.start("app", observations);
    try (Observation.Scope ignored = app.openScope()) {
      r.chat(hi);
    } finally {
      app.stop();
    }

    List<Observation.Context> contexts = new ArrayList<>();
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("crossfeed.call", 1)
        .hasNumberOfObservationsWithNameEqualTo("crossfeed.attempt", 2)
        .hasHandledContextsThatSatisfy(contexts::addAll);
    Observation.Context call = only(contexts, "crossfeed.call");
    assertSame(app.getContext(), call.getParentObservation().getContextView());
    assertEquals("route support", call.getContextualName());
    assertEquals(
        List.of("crossfeed.model=claude", "crossfeed.outcome=SUCCESS", "crossfeed.provider=anthropic", "crossfeed.route=support", "crossfeed.stream=false"),
        keyValues(call));
    assertEquals("2", call.getHighCardinalityKeyValue("crossfeed.attempts").getValue());
    assertNull(call.getError());

    List<Observation.Context> attempts = new ArrayList<>();
    for (Observation.Context c : contexts) if (c.getName().equals("crossfeed.attempt")) attempts.add(c);
    for (Observation.Context a : attempts) assertSame(call, a.getParentObservation().getContextView());
    Observation.Context failed = attempts.get(0);
    assertEquals("chat gpt", failed.getContextualName());
    assertEquals("SERVER_ERROR", failed.getLowCardinalityKeyValue("crossfeed.outcome").getValue());
    assertTrue(failed.getError().getMessage().contains("SERVER_ERROR"));
    assertEquals("SUCCESS", attempts.get(1).getLowCardinalityKeyValue("crossfeed.outcome").getValue());
    assertNull(attempts.get(1).getError());

    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("crossfeed.call")
        .that()
        .hasEvent("fallback")
        .hasBeenStopped();
  }

  @Test
  void aHedgedAsyncCallStopsEveryAttemptObservation() throws Exception {
    ScriptedChatModel slow = model("openai", "gpt-4o-mini").then(Outcome.hang()).build();
    ScriptedChatModel fast = model("anthropic", "claude-haiku-4-5").then(Outcome.text("fast")).build();
    Router r = router().model("gpt", slow).model("claude", fast).hedgeAfter(Duration.ofSeconds(1)).build();

    List<String> stopped = java.util.Collections.synchronizedList(new ArrayList<>());
    observations.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<Observation.Context>() {
      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context.getName() + " " + context.getLowCardinalityKeyValue("crossfeed.model").getValue());
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    slow.awaitInFlight(1, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(1));
    assertEquals("fast", call.get(10, TimeUnit.SECONDS).text());
    slow.awaitIdle(Duration.ofSeconds(10));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (metrics.liveCalls() > 0 && System.nanoTime() < end) Thread.sleep(5);

    List<String> sorted = new ArrayList<>(stopped);
    sorted.sort(null);
    assertEquals(List.of("crossfeed.attempt claude", "crossfeed.attempt gpt", "crossfeed.call claude"), sorted);
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("crossfeed.attempt", 2)
        .hasObservationWithNameEqualTo("crossfeed.call")
        .that()
        .hasEvent("hedge")
        .hasLowCardinalityKeyValue("crossfeed.model", "claude");
  }

  private static Observation.Context only(List<Observation.Context> contexts, String name) {
    Observation.Context found = null;
    for (Observation.Context c : contexts) {
      if (!c.getName().equals(name)) continue;
      if (found != null) throw new AssertionError("two observations named " + name);
      found = c;
    }
    if (found == null) throw new AssertionError("no observation named " + name);
    return found;
  }

  private static List<String> keyValues(Observation.Context c) {
    List<String> out = new ArrayList<>();
    for (KeyValue kv : c.getLowCardinalityKeyValues()) out.add(kv.getKey() + "=" + kv.getValue());
    out.sort(null);
    return out;
  }
}
