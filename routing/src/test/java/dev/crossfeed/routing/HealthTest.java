package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.RateLimits;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Circuit breaker transitions, fail-fast while open, rate-limit headers; virtual time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HealthTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");
  private final Fixtures.Recorder events = new Fixtures.Recorder();

  private Router breakerRouter(ScriptedChatModel a, ScriptedChatModel b) {
    return router(clock).model("a", a).model("b", b).maxAttempts(1).circuitBreaker(3, Duration.ofSeconds(30)).listener(events).build();
  }

  @Test
  void opensAfterConsecutiveHealthFailuresThenSkipsTheModel() {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.OVERLOADED), Outcome.fail(Failure.TIMEOUT));
    ScriptedChatModel b = model("b");
    Router r = breakerRouter(a, b);

    for (int i = 0; i < 3; i++) assertEquals("answer from b", r.chat(hi).text());
    assertEquals(BreakerState.OPEN, r.breakerState("a"));
    assertEquals(List.of("breaker a CLOSED->OPEN"), events.only("breaker"));

    assertEquals(List.of("b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(3, a.callCount());
    assertEquals(List.of("skip a"), events.only("skip"));
  }

  @Test
  void aSuccessInBetweenResetsTheCount() {
    ScriptedChatModel a =
        model("a", Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.SERVER_ERROR), Outcome.text("ok"), Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.SERVER_ERROR));
    Router r = breakerRouter(a, model("b"));

    for (int i = 0; i < 5; i++) r.chat(hi);

    assertEquals(BreakerState.CLOSED, r.breakerState("a"));
  }

  @Test
  void halfOpenProbeSuccessClosesTheCircuit() {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.SERVER_ERROR));
    Router r = breakerRouter(a, model("b"));
    for (int i = 0; i < 3; i++) r.chat(hi);

    clock.advance(Duration.ofSeconds(29));
    assertEquals(List.of("b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("a:SUCCESS"), outcomes(r.chat(hi).routeTrace()));

    assertEquals(BreakerState.CLOSED, r.breakerState("a"));
    assertEquals(List.of("breaker a CLOSED->OPEN", "breaker a OPEN->HALF_OPEN", "breaker a HALF_OPEN->CLOSED"), events.only("breaker"));
  }

  @Test
  void halfOpenProbeFailureOpensAgainForAnotherCooldown() {
    ScriptedChatModel a = ScriptedChatModel.builder().defaultOutcome(Outcome.fail(Failure.SERVER_ERROR)).build();
    Router r = breakerRouter(a, model("b"));
    for (int i = 0; i < 3; i++) r.chat(hi);

    clock.advance(Duration.ofSeconds(30));
    assertEquals(List.of("a:SERVER_ERROR", "b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(BreakerState.OPEN, r.breakerState("a"));
    assertEquals(List.of("b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    clock.advance(Duration.ofSeconds(30));
    assertEquals(List.of("a:SERVER_ERROR", "b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));

    assertEquals(
        List.of("breaker a CLOSED->OPEN", "breaker a OPEN->HALF_OPEN", "breaker a HALF_OPEN->OPEN", "breaker a OPEN->HALF_OPEN", "breaker a HALF_OPEN->OPEN"),
        events.only("breaker"));
  }

  @Test
  void onlyOneProbeAtATime() throws Exception {
    ManualModel a = new ManualModel("a");
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).maxAttempts(1).circuitBreaker(1, Duration.ofSeconds(30)).build();
    CompletableFuture<ChatResponse> first = r.chatAsync(hi);
    a.awaitCall(1).fail(ChatModelException.builder(Failure.SERVER_ERROR).build());
    first.get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(30));

    CompletableFuture<ChatResponse> probe = r.chatAsync(hi);
    ManualModel.Call probing = a.awaitCall(2);
    ChatResponse other = r.chatAsync(hi).get(10, TimeUnit.SECONDS);
    assertEquals(List.of("b:SUCCESS"), outcomes(other.routeTrace()));
    probing.complete("probe ok");

    assertEquals("probe ok", probe.get(10, TimeUnit.SECONDS).text());
    assertEquals(BreakerState.CLOSED, r.breakerState("a"));
  }

  @Test
  void anOpenCircuitWithNowhereElseFailsFastWithRetryAfter() {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.OVERLOADED));
    Router r = router(clock).model("a", a).maxAttempts(1).circuitBreaker(1, Duration.ofSeconds(30)).build();
    assertThrows(ChatModelException.class, () -> r.chat(hi));
    clock.advance(Duration.ofSeconds(10));

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(Failure.OVERLOADED, e.failure());
    assertEquals(Duration.ofSeconds(20), e.retryAfter().orElseThrow());
    assertTrue(e.getMessage().contains("circuit open"), e.getMessage());
    assertEquals(List.of(), e.routeTrace().attempts());
    assertEquals(List.of(), clock.sleeps());
    assertEquals(1, a.callCount());
  }

  @Test
  void retriesStopWhenTheCircuitOpensDuringTheCall() {
    ScriptedChatModel a = ScriptedChatModel.builder().defaultOutcome(Outcome.fail(Failure.SERVER_ERROR)).build();
    Router r = router(clock).model("a", a).maxAttempts(5).circuitBreaker(2, Duration.ofSeconds(30)).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(2, e.routeTrace().attempts().size());
    assertEquals(1, clock.sleeps().size());
  }

  @Test
  void rateLimitedCooldownOfAnotherCallIsWaitedForWithinTheCap() {
    ScriptedChatModel a = model("a", Outcome.rateLimited(Duration.ofSeconds(4)));
    Router r = router(clock).model("a", a).maxAttempts(1).build();
    assertThrows(ChatModelException.class, () -> r.chat(hi));

    ChatResponse answer = r.chat(hi);

    assertEquals(List.of(Duration.ofSeconds(4)), clock.sleeps());
    assertEquals(List.of("a:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @Test
  void exhaustedRateLimitHeadersSteerCallsAwayUntilTheReset() {
    RateLimits exhausted =
        new RateLimits(
            OptionalLong.of(100), OptionalLong.of(0), OptionalLong.empty(), OptionalLong.empty(),
            Optional.of(Duration.ofSeconds(5)), Optional.empty(), Map.of());
    ScriptedChatModel a = model("a", Outcome.text("last one").withRateLimits(exhausted));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).listener(events).build();

    assertEquals("last one", r.chat(hi).text());
    assertEquals(List.of("b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(List.of("skip a"), events.only("skip"));
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of("a:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
  }

  @Test
  void exhaustedRateLimitHeadersAreOnlyAdviceWhenNoOtherModelIsLeft() {
    RateLimits exhausted =
        new RateLimits(
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(1000), OptionalLong.of(0),
            Optional.empty(), Optional.of(Duration.ofSeconds(5)), Map.of());
    ScriptedChatModel a = model("a", Outcome.text("last one").withRateLimits(exhausted));
    Router r = router(clock).model("a", a).build();

    r.chat(hi);

    assertEquals(List.of("a:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(List.of(), clock.sleeps());
  }
}
