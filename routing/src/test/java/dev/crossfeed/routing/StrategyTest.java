package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.StreamListener;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each strategy's choice, and the capability, context-window and pinning filters every strategy applies. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StrategyTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  private List<String> firstChoices(Router r, int calls) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) out.add(r.chat(hi).routeTrace().attempts().get(0).model());
    return out;
  }

  @Test
  void fallbackKeepsTheDeclaredOrder() {
    Router r = router(clock).model("a", model("a")).model("b", model("b")).build();
    assertEquals(List.of("a", "a", "a"), firstChoices(r, 3));
  }

  @Test
  void roundRobinTakesTurns() {
    Router r = router(clock).model("a", model("a")).model("b", model("b")).model("c", model("c")).strategy(Strategy.ROUND_ROBIN).build();
    assertEquals(List.of("a", "b", "c", "a", "b"), firstChoices(r, 5));
  }

  @Test
  void roundRobinStillFallsBackInTurnOrder() {
    ScriptedChatModel b = model("b", Outcome.fail(Failure.SERVER_ERROR));
    Router r = router(clock).model("a", model("a")).model("b", b).model("c", model("c")).strategy(Strategy.ROUND_ROBIN).build();
    r.chat(hi);
    assertEquals(List.of("b:SERVER_ERROR", "c:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
  }

  @Test
  void weightedChoosesInProportionToWeights() {
    Router r =
        Router.builder().scheduler(clock).random(new Random(42)).model("a", model("a")).model("b", model("b"))
            .strategy(Strategy.WEIGHTED).weight("a", 3).weight("b", 1).build();
    int a = 0;
    for (String m : firstChoices(r, 4000)) if (m.equals("a")) a++;
    assertTrue(a > 2850 && a < 3150, "a chosen " + a + " of 4000 times");
  }

  @Test
  void leastLatencyPrefersTheFastestMeasuredModelAndMeasuresNewOnesFirst() throws Exception {
    ManualModel a = new ManualModel("a");
    ManualModel b = new ManualModel("b");
    Router r = router(clock).model("a", a).model("b", b).strategy(Strategy.LEAST_LATENCY).build();

    CompletableFuture<ChatResponse> first = r.chatAsync(hi);
    clock.advance(Duration.ofSeconds(2));
    a.awaitCall(1).complete("a");
    assertEquals("a", first.get(10, TimeUnit.SECONDS).text());

    CompletableFuture<ChatResponse> second = r.chatAsync(hi); // b has no measurement yet
    clock.advance(Duration.ofSeconds(1));
    b.awaitCall(1).complete("b");
    assertEquals("b", second.get(10, TimeUnit.SECONDS).text());

    CompletableFuture<ChatResponse> third = r.chatAsync(hi);
    b.awaitCall(2).complete("b again");
    assertEquals("b again", third.get(10, TimeUnit.SECONDS).text());
    assertEquals(1, a.callCount());
  }

  @Test
  void leastLatencyUsesTimeToFirstTokenForStreams() throws Exception {
    ManualModel a = new ManualModel("a");
    ManualModel b = new ManualModel("b");
    Router r = router(clock).model("a", a).model("b", b).strategy(Strategy.LEAST_LATENCY).build();
    // a: slow first token, quick to finish; b: quick first token, slow to finish
    CompletableFuture<ChatResponse> s1 = r.streamAsync(hi, StreamListener.NONE);
    ManualModel.Call a1 = a.awaitCall(1);
    clock.advance(Duration.ofSeconds(3));
    a1.text("x");
    a1.complete("x");
    s1.get(10, TimeUnit.SECONDS);
    CompletableFuture<ChatResponse> s2 = r.streamAsync(hi, StreamListener.NONE);
    ManualModel.Call b1 = b.awaitCall(1);
    clock.advance(Duration.ofSeconds(1));
    b1.text("y");
    clock.advance(Duration.ofSeconds(10));
    b1.complete("y");
    s2.get(10, TimeUnit.SECONDS);

    CompletableFuture<ChatResponse> s3 = r.streamAsync(hi, StreamListener.NONE);
    ManualModel.Call b2 = b.awaitCall(2);
    b2.text("z");
    b2.complete("z");
    assertEquals("z", s3.get(10, TimeUnit.SECONDS).text());
    assertEquals(1, a.callCount());
  }

  @Test
  void lowestCostPrefersTheCheapestKnownPriceAndPutsUnknownPricesLast() {
    ScriptedChatModel expensive = ScriptedChatModel.builder().model("big").prices(10, 30).defaultOutcome(Outcome.text("big")).build();
    ScriptedChatModel cheap = ScriptedChatModel.builder().model("small").prices(0.1, 0.4).then(Outcome.text("small"), Outcome.fail(Failure.SERVER_ERROR)).build();
    ScriptedChatModel unknown = ScriptedChatModel.answering("unknown");
    Router r = router(clock).model("unknown", unknown).model("big", expensive).model("small", cheap).strategy(Strategy.LOWEST_COST).build();

    assertEquals("small", r.chat(hi).text());
    assertEquals(List.of("small:SERVER_ERROR", "big:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(0, unknown.callCount());
  }

  @Test
  void leastBusyAvoidsTheModelWithCallsInFlight() throws Exception {
    ManualModel a = new ManualModel("a");
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).strategy(Strategy.LEAST_BUSY).build();

    CompletableFuture<ChatResponse> busy = r.chatAsync(hi);
    a.awaitCall(1);
    assertEquals(List.of("b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    a.call(0).complete("done");
    busy.get(10, TimeUnit.SECONDS);

    CompletableFuture<ChatResponse> idleAgain = r.chatAsync(hi); // a is idle again: ties keep the declared order
    a.awaitCall(2).complete("a again");
    assertEquals("a again", idleAgain.get(10, TimeUnit.SECONDS).text());
  }

  @Test
  void modelsWithoutANeededCapabilityAreSkipped() {
    ScriptedChatModel textOnly = ScriptedChatModel.builder().model("text").capabilities(Capability.STREAMING).defaultOutcome(Outcome.text("text")).build();
    ScriptedChatModel full = model("full");
    Router r = router(clock).model("text", textOnly).model("full", full).build();

    ChatRequest tools = hi.newBuilder().tool(ToolSpec.of("weather", "Weather for a city", "{\"type\":\"object\"}")).build();
    ChatRequest vision = ChatRequest.builder().user(ContentPart.text("what is this"), ContentPart.imageUrl("https://example.com/a.png")).build();
    ChatRequest schema = hi.newBuilder().responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}")).build();

    for (ChatRequest req : List.of(tools, vision, schema)) assertEquals(List.of("full:SUCCESS"), outcomes(r.chat(req).routeTrace()));
    assertEquals(0, textOnly.callCount());
    assertEquals("text", r.chat(hi).text());
  }

  @Test
  void noCapableModelIsAnInvalidRequestWithoutAnyAttempt() {
    ScriptedChatModel textOnly = ScriptedChatModel.builder().capabilities(Capability.STREAMING).defaultOutcome(Outcome.text("x")).build();
    Router r = router(clock).model("text", textOnly).build();
    ChatRequest tools = hi.newBuilder().tool(ToolSpec.of("weather", "Weather", "{\"type\":\"object\"}")).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(tools));

    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("tools"), e.getMessage());
    assertEquals(0, textOnly.callCount());
  }

  @Test
  void modelsWhoseContextWindowIsTooSmallForTheInputAreSkipped() {
    ScriptedChatModel small = ScriptedChatModel.builder().model("small").contextWindow(8_000).defaultOutcome(Outcome.text("small")).build();
    ScriptedChatModel large = ScriptedChatModel.builder().model("large").contextWindow(128_000).defaultOutcome(Outcome.text("large")).build();
    Router r = router(clock).model("small", small).model("large", large).build();
    ChatRequest big = ChatRequest.of("x".repeat(60_000)); // about 15k tokens

    assertEquals(List.of("large:SUCCESS"), outcomes(r.chat(big).routeTrace()));
    assertEquals(0, small.callCount());

    Router tooSmall = router(clock).model("small", small).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> tooSmall.chat(big));
    assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, e.failure());
    assertEquals(0, small.callCount());
  }

  @Test
  void aRequestNamingARouteModelIsPinnedToIt() {
    ScriptedChatModel a = model("a");
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).build();

    assertEquals("answer from b", r.chat(hi.newBuilder().model("b").build()).text());
    assertFalse(b.lastRequest().model().isPresent(), "the route's model name is not sent to the provider");

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi.newBuilder().model("gpt-9").build()));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(0, a.callCount());
  }
}
