package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.backoff;
import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamListener;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One deadline per call bounds attempts, backoffs and waits; attempt and first-token timeouts; virtual time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeadlineTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  @AfterEach
  void stop() {
    clock.shutdown();
  }

  @Test
  void backoffsStopBeforeTheDeadline() {
    ScriptedChatModel a = ScriptedChatModel.builder().defaultOutcome(Outcome.fail(Failure.SERVER_ERROR)).build();
    Router r = router(clock).model("a", a).maxAttempts(10).timeout(Duration.ofSeconds(1)).build();
    long start = clock.nanoTime();

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(Failure.SERVER_ERROR, e.failure());
    // 150ms + 300ms fit in one second; the next backoff (600ms) would end after it
    assertEquals(List.of(backoff(Duration.ofMillis(200)), backoff(Duration.ofMillis(400))), clock.sleeps());
    assertEquals(3, e.routeTrace().attempts().size());
    assertTrue(clock.nanoTime() - start <= Duration.ofSeconds(1).toNanos());
  }

  @Test
  void retryAfterBeyondTheDeadlineIsNotWaitedFor() {
    Router r = router(clock).model("a", model("a", Outcome.rateLimited(Duration.ofSeconds(20)))).timeout(Duration.ofSeconds(10)).build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));

    assertEquals(Failure.RATE_LIMITED, e.failure());
    assertEquals(List.of(), clock.sleeps());
  }

  @Test
  void eachAttemptGetsItsBudgetAsTheRequestTimeout() {
    ScriptedChatModel a = model("a", Outcome.fail(Failure.SERVER_ERROR));
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).timeout(Duration.ofSeconds(60)).attemptTimeout(Duration.ofSeconds(5)).build();

    r.chat(hi);

    assertEquals(Duration.ofSeconds(5), a.lastRequest().timeout().orElseThrow());
    Router deadlineOnly = router(clock).model("b", b).timeout(Duration.ofSeconds(60)).build();
    deadlineOnly.chat(hi);
    assertEquals(Duration.ofSeconds(60), b.lastRequest().timeout().orElseThrow());
  }

  @Test
  void syncHangIsCutByTheAttemptTimeoutThenFallsBack() throws Exception {
    ScriptedChatModel a = model("a", Outcome.hang());
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).attemptTimeout(Duration.ofSeconds(5)).build();
    AtomicBoolean interruptedAfter = new AtomicBoolean(true);

    CompletableFuture<ChatResponse> call =
        CompletableFuture.supplyAsync(
            () -> {
              ChatResponse resp = r.chat(hi);
              interruptedAfter.set(Thread.currentThread().isInterrupted());
              return resp;
            });
    assertTrue(a.awaitInFlight(1, Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(5));

    ChatResponse answer = call.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("a:TIMEOUT", "b:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(1, a.cancellations());
    assertFalse(interruptedAfter.get(), "the watchdog's interrupt must not leak to the caller");
  }

  @Test
  void syncHangPastTheDeadlineFailsWithTimeout() throws Exception {
    ScriptedChatModel a = model("a", Outcome.hang());
    Router r = router(clock).model("a", a).timeout(Duration.ofSeconds(10)).build();

    CompletableFuture<ChatResponse> call = CompletableFuture.supplyAsync(() -> r.chat(hi));
    assertTrue(a.awaitInFlight(1, Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(10));

    ChatModelException e = failure(call);
    assertEquals(Failure.TIMEOUT, e.failure());
    assertEquals(List.of("a:TIMEOUT"), outcomes(e.routeTrace()));
  }

  @Test
  void syncAttemptsShareOneLazilyArmedTimerPerThread() throws Exception {
    Router r = router(clock).model("a", model("a")).timeout(Duration.ofSeconds(60)).build();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      caller.submit(() -> {
            for (int i = 0; i < 100; i++) r.chat(hi);
            return null;
          })
          .get(10, TimeUnit.SECONDS);
      assertEquals(List.of(Duration.ofSeconds(60)), clock.scheduledDelays(), "one timer for 100 attempts");
      clock.advance(Duration.ofSeconds(60));
      assertEquals(0, clock.pending(), "an idle watchdog does not re-arm");
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void aHangAfterManyFastCallsIsStillCutAtItsOwnDeadline() throws Exception {
    ScriptedChatModel a = ScriptedChatModel.builder().model("a").then(Outcome.text("fast"), Outcome.hang()).build();
    Router r = router(clock).model("a", a).timeout(Duration.ofSeconds(60)).build();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      assertEquals("fast", caller.submit(() -> r.chat(hi).text()).get(10, TimeUnit.SECONDS));
      clock.advance(Duration.ofSeconds(30)); // the pending timer (60s) now fires before the next attempt's deadline
      Future<Boolean> stuck =
          caller.submit(
              () -> {
                ChatModelException e = assertThrows(ChatModelException.class, () -> r.chat(hi));
                assertEquals(Failure.TIMEOUT, e.failure());
                return Thread.currentThread().isInterrupted();
              });
      assertTrue(a.awaitInFlight(1, Duration.ofSeconds(10)));
      clock.advance(Duration.ofSeconds(59)); // the first timer fires at 60s and waits for the attempt's 90s
      assertFalse(stuck.isDone());
      assertEquals(1, a.inFlight());
      clock.advance(Duration.ofSeconds(1));

      assertFalse(stuck.get(10, TimeUnit.SECONDS), "the watchdog's interrupt must not leak to the caller");
      assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(30)), clock.scheduledDelays());
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void asyncHangIsCutByTheDeadline() throws Exception {
    ScriptedChatModel a = model("a", Outcome.hang());
    Router r = router(clock).model("a", a).timeout(Duration.ofSeconds(10)).build();

    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    assertTrue(a.awaitInFlight(1, Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(9));
    assertFalse(call.isDone());
    clock.advance(Duration.ofSeconds(1));

    ChatModelException e = failure(call);
    assertEquals(Failure.TIMEOUT, e.failure());
    assertEquals(List.of("a:TIMEOUT"), outcomes(e.routeTrace()));
    assertTrue(a.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(1, a.cancellations());
    assertEquals(0, clock.pending(), "no timer left behind");
  }

  @Test
  void asyncAttemptTimeoutFallsBack() throws Exception {
    ScriptedChatModel a = model("a", Outcome.hang());
    ScriptedChatModel b = model("b");
    Router r = router(clock).model("a", a).model("b", b).attemptTimeout(Duration.ofSeconds(5)).build();

    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    assertTrue(a.awaitInFlight(1, Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(5));

    assertEquals(List.of("a:TIMEOUT", "b:SUCCESS"), outcomes(call.get(10, TimeUnit.SECONDS).routeTrace()));
  }

  @Test
  void requestTimeoutReplacesTheRouterDeadline() throws Exception {
    ScriptedChatModel a = model("a", Outcome.hang());
    Router r = router(clock).model("a", a).timeout(Duration.ofSeconds(60)).build();

    CompletableFuture<ChatResponse> call = r.chatAsync(hi.newBuilder().timeout(Duration.ofSeconds(2)).build());
    assertTrue(a.awaitInFlight(1, Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(2));

    assertEquals(Failure.TIMEOUT, failure(call).failure());
  }

  @Test
  void firstTokenTimeoutFailsOverAStreamThatNeverStarts() throws Exception {
    ManualModel a = new ManualModel("a");
    ManualModel b = new ManualModel("b");
    Router r = router(clock).model("a", a).model("b", b).firstTokenTimeout(Duration.ofSeconds(2)).build();

    CompletableFuture<ChatResponse> call = r.streamAsync(hi, StreamListener.NONE);
    ManualModel.Call first = a.awaitCall(1);
    clock.advance(Duration.ofSeconds(2));
    assertTrue(first.cancelled());
    b.awaitCall(1).complete("from b");

    assertEquals(List.of("a:TIMEOUT", "b:SUCCESS"), outcomes(call.get(10, TimeUnit.SECONDS).routeTrace()));
  }

  @Test
  void firstTokenTimeoutNoLongerAppliesOnceContentFlows() throws Exception {
    ManualModel a = new ManualModel("a");
    Router r = router(clock).model("a", a).firstTokenTimeout(Duration.ofSeconds(2)).build();

    CompletableFuture<ChatResponse> call = r.streamAsync(hi, StreamListener.NONE);
    ManualModel.Call c = a.awaitCall(1);
    c.text("Hel");
    clock.advance(Duration.ofSeconds(30));
    assertFalse(call.isDone());
    c.complete("Hello");

    assertEquals("Hello", call.get(10, TimeUnit.SECONDS).text());
  }

  @Test
  void theDeadlineInterruptsAStreamAfterContentWithThePartialAnswer() throws Exception {
    ManualModel a = new ManualModel("a");
    ManualModel b = new ManualModel("b");
    Router r = router(clock).model("a", a).model("b", b).timeout(Duration.ofSeconds(10)).build();

    CompletableFuture<ChatResponse> call = r.streamAsync(hi, StreamListener.NONE);
    ManualModel.Call c = a.awaitCall(1);
    c.text("Hel");
    clock.advance(Duration.ofSeconds(10));

    ChatModelException e = failure(call);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hel", e.partialResponse().orElseThrow().text());
    assertInstanceOf(ChatModelException.class, e.getCause());
    assertEquals(Failure.TIMEOUT, ((ChatModelException) e.getCause()).failure());
    assertTrue(c.cancelled());
    assertEquals(0, b.callCount());
  }

  static ChatModelException failure(CompletableFuture<ChatResponse> call) throws Exception {
    try {
      call.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(ChatModelException.class, e.getCause());
    }
    throw new AssertionError("call succeeded");
  }
}
