package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.backoff;
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
import dev.crossfeed.StreamEvent;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One test (at least) per row of the failure taxonomy table in DESIGN.md, with virtual time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TaxonomyTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  static Stream<Arguments> fallingBackFailuresOnEveryPath() {
    List<Arguments> out = new ArrayList<>();
    for (Failure f :
        List.of(
            Failure.RATE_LIMITED, Failure.QUOTA_EXHAUSTED, Failure.OVERLOADED, Failure.SERVER_ERROR, Failure.TIMEOUT,
            Failure.CONNECTION, Failure.AUTHENTICATION, Failure.PERMISSION, Failure.MODEL_NOT_FOUND,
            Failure.INVALID_RESPONSE)) {
      for (Paths p : Paths.values()) out.add(Arguments.of(f, p));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("fallingBackFailuresOnEveryPath")
  void fallsBackToAnotherHealthyModelWithoutSleeping(Failure failure, Paths path) {
    Outcome fail = failure == Failure.RATE_LIMITED ? Outcome.rateLimited(Duration.ofSeconds(1)) : Outcome.fail(failure);
    ScriptedChatModel a = model("a", fail);
    ScriptedChatModel b = model("b");
    Fixtures.Recorder events = new Fixtures.Recorder();
    Router r = router(clock).model("a", a).model("b", b).listener(events).build();

    ChatResponse answer = path.call(r, hi);

    assertEquals("answer from b", answer.text());
    assertEquals(List.of("a:" + failure, "b:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(List.of(), clock.sleeps());
    assertEquals(List.of("fallback a->b " + failure), events.only("fallback"));
  }

  @ParameterizedTest
  @EnumSource(names = {"OVERLOADED", "SERVER_ERROR", "INVALID_RESPONSE", "CONNECTION"})
  void backoffFailuresRetryTheOnlyModelWithExponentialBackoff(Failure failure) {
    ScriptedChatModel a = model("a", Outcome.fail(failure), Outcome.fail(failure));
    Router r = router(clock).model("a", a).maxAttempts(3).backoff(Duration.ofMillis(200), Duration.ofSeconds(5)).build();

    ChatResponse answer = r.chat(hi);

    assertEquals("answer from a", answer.text());
    assertEquals(List.of("a:" + failure, "a:" + failure, "a:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(List.of(backoff(Duration.ofMillis(200)), backoff(Duration.ofMillis(400))), clock.sleeps());
  }

  @Test
  void asyncBackoffIsScheduledNotSlept() {
    clock.autoRunBelow(Duration.ofSeconds(1));
    ScriptedChatModel a = model("a", Outcome.fail(Failure.SERVER_ERROR));
    Router r = router(clock).model("a", a).build();

    ChatResponse answer = Paths.ASYNC.call(r, hi);

    assertEquals(List.of("a:SERVER_ERROR", "a:SUCCESS"), outcomes(answer.routeTrace()));
    assertTrue(clock.scheduledDelays().contains(backoff(Duration.ofMillis(200))), clock.scheduledDelays().toString());
    assertEquals(List.of(), clock.sleeps());
    clock.shutdown();
  }

  @Test
  void backoffIsCappedAtMaxBackoff() {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.SERVER_ERROR));
    Router r = router(clock).model("a", a).maxAttempts(4).backoff(Duration.ofMillis(200), Duration.ofMillis(500)).build();

    r.chat(hi);

    assertEquals(
        List.of(backoff(Duration.ofMillis(200)), backoff(Duration.ofMillis(400)), backoff(Duration.ofMillis(500))),
        clock.sleeps());
  }

  @Test
  void rateLimitedWaitsForTheHintThenRetries() {
    ScriptedChatModel a = model("a", Outcome.rateLimited(Duration.ofSeconds(2)));
    Router r = router(clock).model("a", a).build();

    ChatResponse answer = r.chat(hi);

    assertEquals(List.of("a:RATE_LIMITED", "a:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(List.of(Duration.ofSeconds(2)), clock.sleeps());
  }

  @Test
  void overloadedWithHintWaitsForTheHintInsteadOfBackoff() {
    ScriptedChatModel a = model("a", Outcome.fail(Fixtures.error(Failure.OVERLOADED, Duration.ofSeconds(3))));
    Router r = router(clock).model("a", a).build();

    r.chat(hi);

    assertEquals(List.of(Duration.ofSeconds(3)), clock.sleeps());
  }

  @Test
  void timeoutIsRetriedOnceAtOnce() {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.TIMEOUT), Outcome.fail(Failure.TIMEOUT), Outcome.fail(Failure.TIMEOUT));
    Router r = router(clock).model("a", a).maxAttempts(5).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(Failure.TIMEOUT, e.failure());
    assertEquals(List.of("a:TIMEOUT", "a:TIMEOUT"), outcomes(e.routeTrace()));
    assertEquals(List.of(), clock.sleeps());
  }

  @Test
  void connectionFailureTriesElsewhereFirstThenComesBack() {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.CONNECTION));
    ScriptedChatModel b = model("b", Outcome.fail(Failure.SERVER_ERROR));
    Router r = router(clock).model("a", a).model("b", b).build();

    ChatResponse answer = r.chat(hi);

    assertEquals(List.of("a:CONNECTION", "b:SERVER_ERROR", "a:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(List.of(backoff(Duration.ofMillis(200))), clock.sleeps());
  }

  @ParameterizedTest
  @EnumSource(names = {"QUOTA_EXHAUSTED", "AUTHENTICATION", "PERMISSION", "MODEL_NOT_FOUND"})
  void longCooldownFailuresAreNotRetriedAndBenchTheModel(Failure failure) {
    ScriptedChatModel a = model("a", Outcome.fail(failure));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).maxAttempts(3).longCooldown(Duration.ofMinutes(10)).build();

    assertEquals("answer from b", r.chat(hi).text());
    assertEquals("answer from b", r.chat(hi).text()); // a is benched
    assertEquals(1, a.callCount());
    clock.advance(Duration.ofMinutes(10));
    assertEquals("answer from a", r.chat(hi).text());

    Router alone = router(clock).model("a", model("a", Outcome.fail(failure))).maxAttempts(3).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> alone.chat(hi));
    assertEquals(failure, e.failure());
    assertEquals(1, e.routeTrace().attempts().size());
  }

  @Test
  void retryAfterLongerThanTheCapGoesElsewhereAtOnceAndBenchesTheModel() {
    ScriptedChatModel a = model("a", Outcome.rateLimited(Duration.ofMinutes(2)));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).maxRetryAfter(Duration.ofSeconds(30)).build();

    assertEquals(List.of("a:RATE_LIMITED", "b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(List.of("b:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(List.of(), clock.sleeps());
    clock.advance(Duration.ofMinutes(2));
    assertEquals(List.of("a:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
  }

  @Test
  void retryAfterLongerThanTheCapWithNowhereElseFailsFastWithTheHint() {
    Router r = router(clock).model("a", model("a", Outcome.rateLimited(Duration.ofMinutes(2)))).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(Failure.RATE_LIMITED, e.failure());
    assertEquals(Duration.ofMinutes(2), e.retryAfter().orElseThrow());
    assertEquals(List.of(), clock.sleeps());
    assertEquals(List.of("a:RATE_LIMITED"), outcomes(e.routeTrace()));
  }

  @Test
  void contextLengthFallsBackOnlyToALargerWindow() {
    ScriptedChatModel small = ScriptedChatModel.builder().model("small").contextWindow(8_000).then(Outcome.fail(Failure.CONTEXT_LENGTH_EXCEEDED)).build();
    ScriptedChatModel same = ScriptedChatModel.answering("same");
    ScriptedChatModel unknown = ScriptedChatModel.answering("unknown");
    ScriptedChatModel large = ScriptedChatModel.builder().model("large").contextWindow(200_000).defaultOutcome(Outcome.text("large")).build();
    Router r =
        router(clock)
            .model("small", small)
            .model("same", same, dev.crossfeed.ModelInfo.builder("scripted", "scripted-model").contextWindow(8_000).build())
            .model("unknown", unknown)
            .model("large", large)
            .build();

    ChatResponse answer = r.chat(hi);

    assertEquals("large", answer.text());
    assertEquals(List.of("small:CONTEXT_LENGTH_EXCEEDED", "large:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(0, same.callCount() + unknown.callCount());
  }

  @Test
  void contextLengthWithoutALargerWindowEndsTheCall() {
    ScriptedChatModel a = ScriptedChatModel.builder().contextWindow(200_000).then(Outcome.fail(Failure.CONTEXT_LENGTH_EXCEEDED)).build();
    ScriptedChatModel b = ScriptedChatModel.builder().contextWindow(100_000).defaultOutcome(Outcome.text("b")).build();
    Router r = router(clock).model("a", a).model("b", b).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, e.failure());
    assertEquals(0, b.callCount());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void contentFilteredWithoutAPolicyFallbackEndsTheCall(Paths path) {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.CONTENT_FILTERED));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, hi));

    assertEquals(Failure.CONTENT_FILTERED, e.failure());
    assertEquals(0, b.callCount());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void contentFilteredGoesOnlyToThePolicyFallback(Paths path) {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.CONTENT_FILTERED));
    ScriptedChatModel b = model("b");
    ScriptedChatModel policy = model("policy");
    Router r = router(clock).model("a", a).model("b", b).contentFilterFallback("policy", policy).build();

    ChatResponse answer = path.call(r, hi);

    assertEquals("answer from policy", answer.text());
    assertEquals(List.of("a:CONTENT_FILTERED", "policy:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(0, b.callCount());
    assertEquals("answer from a", path.call(r, hi).text()); // the policy model serves nothing else
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void anEmptyFilteredAnswerAlsoGoesToThePolicyFallback(Paths path) {
    ChatResponse filtered = ChatResponse.builder().finishReason(dev.crossfeed.FinishReason.CONTENT_FILTERED).build();
    ScriptedChatModel a = model("a", Outcome.response(filtered));
    Router r = router(clock).model("a", a).contentFilterFallback("policy", model("policy")).build();

    ChatResponse answer = path.call(r, hi);

    assertEquals(List.of("a:CONTENT_FILTERED", "policy:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void invalidRequestIsNeverRerouted(Paths path) {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.INVALID_REQUEST));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, hi));

    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(List.of("a:INVALID_REQUEST"), outcomes(e.routeTrace()));
    assertEquals(0, b.callCount());
  }

  @ParameterizedTest
  @EnumSource(names = {"STREAM", "STREAM_ASYNC"})
  void streamInterruptedAfterContentIsNotReroutedAndKeepsThePartialAnswer(Paths path) {
    ScriptedChatModel a = model("a", Outcome.streamThenFail(Failure.SERVER_ERROR, new StreamEvent.TextDelta("Hel")));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).circuitBreaker(1, Duration.ofSeconds(30)).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, hi));

    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hel", e.partialResponse().orElseThrow().text());
    assertEquals("Hel", path.seen.get().toString());
    assertEquals(List.of("a:STREAM_INTERRUPTED"), outcomes(e.routeTrace()));
    assertEquals(0, b.callCount());
    assertEquals(BreakerState.OPEN, r.breakerState("a")); // counts against health
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void cancelledByTheModelEndsTheCall(Paths path) {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.CANCELLED));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, hi));

    assertEquals(Failure.CANCELLED, e.failure());
    assertEquals(0, b.callCount());
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void healthEffectFollowsTheTable(Failure failure) {
    ScriptedChatModel a = model("a", Outcome.fail(failure));
    Router r = router(clock).model("a", a).maxAttempts(1).circuitBreaker(1, Duration.ofSeconds(30)).build();

    assertThrows(ChatModelException.class, () -> r.chat(hi));

    BreakerState expected = failure.countsAgainstHealth() ? BreakerState.OPEN : BreakerState.CLOSED;
    assertEquals(expected, r.breakerState("a"));
  }
}
