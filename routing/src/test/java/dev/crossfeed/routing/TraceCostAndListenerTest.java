package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Route traces, cost, listener containment, embeddings, and stream failover before the first content event. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TraceCostAndListenerTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  @ParameterizedTest
  @EnumSource(Paths.class)
  void costIsTheAnsweringModelsUsageAtItsPrices(Paths path) {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.SERVER_ERROR));
    ScriptedChatModel b = ScriptedChatModel.builder().model("b").prices(1.0, 2.0).then(Outcome.text("ok").withUsage(Usage.of(1000, 500))).build();
    Router r = router(clock).model("a", a).model("b", b).build();

    ChatResponse answer = path.call(r, hi);

    assertEquals(Usage.of(1000, 500), answer.usage());
    assertEquals(0.001, answer.cost().orElseThrow().inputUsd(), 1e-12);
    assertEquals(0.001, answer.cost().orElseThrow().outputUsd(), 1e-12);
  }

  @Test
  void configuredPricesOverrideTheProvidersAndABilledFilteredAnswerIsAddedIn() {
    ChatResponse filtered = ChatResponse.builder().finishReason(FinishReason.CONTENT_FILTERED).usage(Usage.of(1000, 0)).build();
    ScriptedChatModel a = ScriptedChatModel.builder().model("a").prices(50, 50).then(Outcome.response(filtered)).build();
    ScriptedChatModel p = ScriptedChatModel.builder().model("p").then(Outcome.text("safe").withUsage(Usage.of(100, 100))).build();
    Router r =
        router(clock)
            .model("a", a, ModelInfo.builder("x", "y").prices(1.0, 1.0).build())
            .contentFilterFallback("p", p)
            .build();

    assertTrue(r.chat(hi).cost().isEmpty(), "p has no prices: no partial cost is reported");

    Router priced =
        router(clock)
            .model("a", ScriptedChatModel.builder().model("a").then(Outcome.response(filtered)).build(), ModelInfo.builder("x", "y").prices(1.0, 1.0).build())
            .contentFilterFallback("p", ScriptedChatModel.builder().model("p").prices(3.0, 4.0).then(Outcome.text("safe").withUsage(Usage.of(100, 100))).build())
            .build();
    ChatResponse answer = priced.chat(hi);
    assertEquals(List.of("a:CONTENT_FILTERED", "p:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(0.001 + 0.0003 + 0.0004, answer.cost().orElseThrow().totalUsd(), 1e-12);
    assertEquals(Usage.of(100, 100), answer.usage(), "usage is the answer's own");
  }

  @Test
  void theTraceHasEveryAttemptWithModelProviderOutcomeStatusAndLatency() {
    ScriptedChatModel a = ScriptedChatModel.builder().provider("openai").model("gpt").then(Outcome.fail(Failure.OVERLOADED)).build();
    ScriptedChatModel b = ScriptedChatModel.builder().provider("anthropic").model("claude").defaultOutcome(Outcome.text("ok")).build();
    Router r = router(clock).model("gpt", a).model("claude", b).build();

    RouteTrace t = r.chat(hi).routeTrace();

    RouteTrace.Attempt first = t.attempts().get(0);
    assertEquals("gpt", first.model());
    assertEquals("openai", first.provider());
    assertEquals(Failure.OVERLOADED, first.failure().orElseThrow());
    assertEquals(503, first.status().getAsInt());
    assertFalse(first.hedged());
    assertEquals(Duration.ZERO, first.latency()); // virtual time did not move
    assertTrue(t.last().orElseThrow().succeeded());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void aThrowingListenerChangesNothing(Paths path) {
    AtomicInteger calls = new AtomicInteger();
    RouterListener rude =
        new RouterListener() {
          @Override
          public void attemptStarted(RouteEvent.AttemptStarted e) {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
          }

          @Override
          public void attemptFinished(RouteEvent.AttemptFinished e) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void fallback(RouteEvent.Fallback e) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
            throw new IllegalStateException("boom");
          }
        };
    Router r = router(clock).model("a", model("a", Outcome.fail(Failure.SERVER_ERROR))).model("b", model("b")).circuitBreaker(1, Duration.ofSeconds(1)).listener(rude).build();

    assertEquals("answer from b", path.call(r, hi).text());
    assertEquals(2, calls.get());
  }

  @ParameterizedTest
  @EnumSource(names = {"STREAM", "STREAM_ASYNC"})
  void aStreamFailingBeforeContentFailsOverAndNothingOfItReachesTheCaller(Paths path) {
    ScriptedChatModel a =
        model("a", Outcome.streamThenFail(List.of(new StreamEvent.UsageUpdate(Usage.of(9, 0))), ChatModelException.builder(Failure.OVERLOADED).build()));
    ScriptedChatModel b = model("b", Outcome.textStream("Hello ", "world"));
    Router r = router(clock).model("a", a).model("b", b).build();

    ChatResponse answer = path.call(r, hi);

    assertEquals("Hello world", path.seen.get().toString());
    assertEquals(List.of("a:OVERLOADED", "b:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @ParameterizedTest
  @EnumSource(names = {"STREAM", "STREAM_ASYNC"})
  void toolCallAndReasoningDeltasAreContentToo(Paths path) {
    StreamEvent tool = new StreamEvent.ToolCallDelta(0, "call_1", "weather", "{\"ci");
    StreamEvent thought = new StreamEvent.ReasoningDelta("hmm");
    for (StreamEvent first : List.of(tool, thought)) {
      ScriptedChatModel a = model("a", Outcome.streamThenFail(Failure.SERVER_ERROR, first));
      ScriptedChatModel b = model("b");
      Router r = router(clock).model("a", a).model("b", b).build();

      ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, hi));

      assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
      assertEquals(0, b.callCount());
      ChatResponse partial = e.partialResponse().orElseThrow();
      if (first == tool) assertEquals(List.of(new ToolCall("call_1", "weather", "{\"ci")), partial.toolCalls());
      else assertEquals("hmm", partial.reasoning());
    }
  }

  @Test
  void embedFallsBackAcrossEmbeddingModels() {
    AtomicInteger failing = new AtomicInteger();
    EmbeddingModel broken = embedder("broken", failing, true);
    EmbeddingModel good = embedder("good", new AtomicInteger(), false);
    Router r = router(clock).embeddingModel("broken", broken).embeddingModel("good", good).model("chat", model("chat")).build();

    EmbeddingResponse out = r.embed(List.of("abc", "de"));

    assertEquals("good", out.model());
    assertEquals(2f, out.vectors().get(1)[0]);
    assertEquals(1, failing.get());
    assertEquals("answer from chat", r.chat(hi).text(), "embedding-only models never chat");

    Router chatOnly = router(clock).model("chat", model("chat")).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> chatOnly.embed("x"));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("embeddings"), e.getMessage());
  }

  private static EmbeddingModel embedder(String name, AtomicInteger calls, boolean fail) {
    return new EmbeddingModel() {
      @Override
      public EmbeddingResponse embed(List<String> inputs) {
        calls.incrementAndGet();
        if (fail) throw ChatModelException.builder(Failure.SERVER_ERROR).status(500).build();
        return new EmbeddingResponse(inputs.stream().map(s -> new float[] {s.length()}).toList(), Usage.of(3, 0), name);
      }

      @Override
      public ModelInfo info() {
        return ModelInfo.builder("test", name).build();
      }
    };
  }
}
