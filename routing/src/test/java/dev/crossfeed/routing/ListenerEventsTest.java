package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.Usage;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Listener events: call identity, several listeners, call-completed with answer or failure, usage and cost. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenerEventsTest {
  private final ManualScheduler clock = new ManualScheduler();

  @AfterEach
  void stopClock() {
    clock.shutdown();
  }

  /** Keeps every event it is given, in order. */
  static final class Keeper extends RouterListener {
    final List<RouteEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void callStarted(RouteEvent.CallStarted e) {
      events.add(e);
    }

    @Override
    public void attemptStarted(RouteEvent.AttemptStarted e) {
      events.add(e);
    }

    @Override
    public void attemptFinished(RouteEvent.AttemptFinished e) {
      events.add(e);
    }

    @Override
    public void retryScheduled(RouteEvent.RetryScheduled e) {
      events.add(e);
    }

    @Override
    public void fallback(RouteEvent.Fallback e) {
      events.add(e);
    }

    @Override
    public void hedgeStarted(RouteEvent.HedgeStarted e) {
      events.add(e);
    }

    @Override
    public void modelSkipped(RouteEvent.ModelSkipped e) {
      events.add(e);
    }

    @Override
    public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
      events.add(e);
    }

    @Override
    public void callFinished(RouteEvent.CallFinished e) {
      events.add(e);
    }

    <E extends RouteEvent> List<E> of(Class<E> type) {
      List<E> out = new ArrayList<>();
      synchronized (events) {
        for (RouteEvent e : events) if (type.isInstance(e)) out.add(type.cast(e));
      }
      return out;
    }

    List<String> kinds() {
      List<String> out = new ArrayList<>();
      synchronized (events) {
        for (RouteEvent e : events) out.add(e.getClass().getSimpleName());
      }
      return out;
    }
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void everyEventOfACallCarriesItsIdentityAndTheRequestMetadata(Paths path) {
    Keeper k = new Keeper();
    ScriptedChatModel a = model("a", Outcome.fail(Failure.SERVER_ERROR));
    ScriptedChatModel b = model("b", Outcome.text("ok").withUsage(Usage.of(10, 2)));
    Router r = router(clock).name("support").model("a", a).model("b", b).listener(k).build();
    ChatRequest req = ChatRequest.builder().user("hi").metadata("tenant", "acme").build();

    path.call(r, req);

    List<String> kinds = k.kinds();
    assertEquals(
        List.of("CallStarted", "AttemptStarted", "AttemptFinished", "Fallback", "AttemptStarted", "AttemptFinished", "CallFinished"),
        kinds);
    CallInfo call = k.of(RouteEvent.CallStarted.class).get(0).call();
    assertEquals("support", call.route());
    assertEquals(Map.of("tenant", "acme"), call.metadata());
    assertEquals(path == Paths.CHAT || path == Paths.ASYNC ? CallInfo.Kind.CHAT : CallInfo.Kind.STREAM, call.kind());
    synchronized (k.events) {
      for (RouteEvent e : k.events) {
        assertEquals("support", e.route());
        if (!(e instanceof RouteEvent.BreakerStateChanged)) assertEquals(call, callOf(e), e.toString());
      }
    }
    List<RouteEvent.AttemptStarted> starts = k.of(RouteEvent.AttemptStarted.class);
    assertEquals(List.of(1, 2), List.of(starts.get(0).attempt(), starts.get(1).attempt()));
    assertEquals("scripted", starts.get(1).provider());
    RouteEvent.AttemptFinished failed = k.of(RouteEvent.AttemptFinished.class).get(0);
    assertEquals(1, failed.attempt());
    assertEquals(Failure.SERVER_ERROR, failed.error().orElseThrow().failure());
    assertEquals(Failure.SERVER_ERROR, k.of(RouteEvent.Fallback.class).get(0).reason());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void callFinishedCarriesTheAnswerUsageAndCostOnce(Paths path) {
    Keeper k = new Keeper();
    ScriptedChatModel a =
        ScriptedChatModel.builder()
            .model("a")
            .prices(1.0, 2.0)
            .then(Outcome.text("Hello").withUsage(Usage.of(1000, 500)))
            .build();
    Router r = router(clock).model("a", a).listener(k).build();

    ChatResponse answer = path.call(r, ChatRequest.of("hi"));

    List<RouteEvent.CallFinished> done = k.of(RouteEvent.CallFinished.class);
    assertEquals(1, done.size());
    RouteEvent.CallFinished f = done.get(0);
    assertTrue(f.succeeded());
    assertEquals(answer.text(), f.response().orElseThrow().text());
    assertEquals(Usage.of(1000, 500), f.usage());
    assertEquals(0.002, f.cost().orElseThrow().totalUsd(), 1e-12);
    assertEquals(answer.routeTrace(), f.trace());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void callFinishedCarriesTheFailureTheCallerGets(Paths path) {
    Keeper k = new Keeper();
    Router r = router(clock).model("a", model("a", Outcome.fail(Failure.INVALID_REQUEST))).listener(k).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, ChatRequest.of("hi")));

    List<RouteEvent.CallFinished> done = k.of(RouteEvent.CallFinished.class);
    assertEquals(1, done.size());
    assertFalse(done.get(0).succeeded());
    assertEquals(e.failure(), done.get(0).failure().orElseThrow().failure());
    assertEquals(Usage.ZERO, done.get(0).usage());
    assertEquals(1, done.get(0).trace().attempts().size());
  }

  @Test
  void aSecondListenerIsAddedNotSwappedAndOneThatThrowsDoesNotSilenceTheOther() {
    Keeper first = new Keeper();
    Keeper second = new Keeper();
    RouterListener rude =
        new RouterListener() {
          @Override
          public void callStarted(RouteEvent.CallStarted e) {
            throw new IllegalStateException("boom");
          }
        };
    Router r = router(clock).model("a", model("a")).listener(first).listener(rude).listener(second).build();

    r.chat("hi");

    assertEquals(first.kinds(), second.kinds());
    assertEquals(List.of("CallStarted", "AttemptStarted", "AttemptFinished", "CallFinished"), second.kinds());
  }

  @Test
  void concurrentCallsHaveDistinctIds() {
    Keeper k = new Keeper();
    Router r = router(clock).model("a", model("a")).listener(k).build();

    r.chat("one");
    r.chat("two");

    List<RouteEvent.CallFinished> done = k.of(RouteEvent.CallFinished.class);
    assertNotEquals(done.get(0).call().id(), done.get(1).call().id());
    assertTrue(done.get(1).call().id() > done.get(0).call().id(), "ids increase in start order");
  }

  @Test
  void aStreamClosedEarlyFinishesAsCancelledAndItsAttemptHasATimeToFirstToken() {
    Keeper k = new Keeper();
    ScriptedChatModel a = model("a", Outcome.textStream("one ", "two ", "three"));
    Router r = router(clock).model("a", a).listener(k).build();

    try (ChatStream s = r.stream(ChatRequest.of("hi"))) {
      Iterator<StreamEvent> it = s.iterator();
      it.next();
    }

    List<RouteEvent.CallFinished> done = k.of(RouteEvent.CallFinished.class);
    assertEquals(1, done.size());
    assertEquals(Failure.CANCELLED, done.get(0).failure().orElseThrow().failure());
    RouteEvent.AttemptFinished attempt = k.of(RouteEvent.AttemptFinished.class).get(0);
    assertEquals(Duration.ZERO, attempt.timeToFirstToken().orElseThrow(), "virtual time did not move");
  }

  @Test
  void aCancelledAsyncCallFinishesAsCancelled() {
    Keeper k = new Keeper();
    Router r = router(clock).model("a", model("a", Outcome.hang())).listener(k).build();

    CompletableFuture<ChatResponse> f = r.chatAsync(ChatRequest.of("hi"));
    f.cancel(true);

    List<RouteEvent.CallFinished> done = k.of(RouteEvent.CallFinished.class);
    assertEquals(1, done.size());
    assertEquals(Failure.CANCELLED, done.get(0).failure().orElseThrow().failure());
    assertEquals(Failure.CANCELLED, k.of(RouteEvent.AttemptFinished.class).get(0).failure().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void aRetryAfterWaitIsToldApartFromBackoffAndAnOpenCircuitIsASkipReason(Paths path) {
    Keeper k = new Keeper();
    ScriptedChatModel a = model("a", Outcome.fail(Fixtures.error(Failure.RATE_LIMITED, Duration.ofMillis(300))));
    Router r = router(clock).model("a", a).listener(k).build();
    clock.autoRunBelow(Duration.ofSeconds(1));

    path.call(r, ChatRequest.of("hi"));

    List<RouteEvent.RetryScheduled> waits = k.of(RouteEvent.RetryScheduled.class);
    assertEquals(1, waits.size(), waits.toString());
    assertTrue(waits.get(0).retryAfter());
    assertEquals(Duration.ofMillis(300), waits.get(0).delay());

    Router open = router(clock).model("x", model("x", Outcome.fail(Failure.SERVER_ERROR))).model("y", model("y")).circuitBreaker(1, Duration.ofSeconds(30)).listener(k).build();
    path.call(open, ChatRequest.of("hi"));
    path.call(open, ChatRequest.of("hi"));
    RouteEvent.ModelSkipped skip = k.of(RouteEvent.ModelSkipped.class).get(0);
    assertEquals("x", skip.model());
    assertEquals(RouteEvent.SkipReason.CIRCUIT_OPEN, skip.reason());
    assertTrue(k.of(RouteEvent.BreakerStateChanged.class).stream().anyMatch(e -> e.to() == BreakerState.OPEN));
  }

  @Test
  void withoutAListenerNoCallIdentityIsMade() {
    Router r = router(clock).model("a", model("a")).build();
    CallPlan plan = new CallPlan(r, ChatRequest.of("hi"), false, 0);
    assertEquals(null, plan.call);
  }

  private static CallInfo callOf(RouteEvent e) {
    if (e instanceof RouteEvent.CallStarted) return ((RouteEvent.CallStarted) e).call();
    if (e instanceof RouteEvent.AttemptStarted) return ((RouteEvent.AttemptStarted) e).call();
    if (e instanceof RouteEvent.AttemptFinished) return ((RouteEvent.AttemptFinished) e).call();
    if (e instanceof RouteEvent.RetryScheduled) return ((RouteEvent.RetryScheduled) e).call();
    if (e instanceof RouteEvent.Fallback) return ((RouteEvent.Fallback) e).call();
    if (e instanceof RouteEvent.HedgeStarted) return ((RouteEvent.HedgeStarted) e).call();
    if (e instanceof RouteEvent.ModelSkipped) return ((RouteEvent.ModelSkipped) e).call();
    return ((RouteEvent.CallFinished) e).call();
  }
}
