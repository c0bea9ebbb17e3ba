package dev.crossfeed.routing;

import static dev.crossfeed.routing.DeadlineTest.failure;
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
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hedging (first winner wins, loser cancelled) and cancellation of calls, backoffs, hedges and streams. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HedgeAndCancelTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");
  private final Fixtures.Recorder events = new Fixtures.Recorder();
  private final ManualModel a = new ManualModel("a");
  private final ManualModel b = new ManualModel("b");

  @AfterEach
  void stop() {
    clock.shutdown();
  }

  private Router hedged() {
    return router(clock).model("a", a).model("b", b).hedgeAfter(Duration.ofSeconds(2)).listener(events).build();
  }

  private static List<String> detailed(RouteTrace t) {
    List<String> out = new ArrayList<>();
    for (RouteTrace.Attempt x : t.attempts()) out.add(x.model() + ":" + x.outcome() + (x.hedged() ? ":hedged" : ""));
    return out;
  }

  @Test
  void aSlowAnswerIsHedgedAndTheFirstWinnerWins() throws Exception {
    Router r = hedged();
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    ManualModel.Call slow = a.awaitCall(1);
    clock.advance(Duration.ofMillis(1999));
    assertEquals(0, b.callCount());
    clock.advance(Duration.ofMillis(1));
    b.awaitCall(1).complete("fast b");

    ChatResponse answer = call.get(10, TimeUnit.SECONDS);
    assertEquals("fast b", answer.text());
    assertEquals(List.of("a:CANCELLED", "b:SUCCESS:hedged"), detailed(answer.routeTrace()));
    assertTrue(slow.cancelled(), "the loser is cancelled");
    assertEquals(List.of("hedge a+b"), events.only("hedge"));
    slow.complete("too late"); // ignored
    assertEquals(0, clock.pending());
  }

  @Test
  void theFirstAttemptMayStillWinTheRace() throws Exception {
    Router r = hedged();
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    clock.advance(Duration.ofSeconds(2));
    a.awaitCall(1).complete("a after all");

    assertEquals(List.of("a:SUCCESS", "b:CANCELLED:hedged"), detailed(call.get(10, TimeUnit.SECONDS).routeTrace()));
    assertTrue(b.awaitCall(1).cancelled());
  }

  @Test
  void noHedgeWhenTheAnswerComesInTime() throws Exception {
    Router r = hedged();
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    clock.advance(Duration.ofSeconds(1));
    a.awaitCall(1).complete("in time");

    assertEquals("in time", call.get(10, TimeUnit.SECONDS).text());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, b.callCount());
    assertEquals(0, clock.pending());
  }

  @Test
  void aFailureWhileTheHedgeRunsWaitsForTheHedge() throws Exception {
    Router r = hedged();
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    clock.advance(Duration.ofSeconds(2));
    ManualModel.Call hedge = b.awaitCall(1);
    a.call(0).fail(ChatModelException.builder(Failure.SERVER_ERROR).status(500).build());
    assertFalse(call.isDone());
    hedge.complete("b");

    assertEquals(List.of("a:SERVER_ERROR", "b:SUCCESS:hedged"), detailed(call.get(10, TimeUnit.SECONDS).routeTrace()));
  }

  @Test
  void syncChatHedgesToo() throws Exception {
    Router r = hedged();
    CompletableFuture<ChatResponse> call = CompletableFuture.supplyAsync(() -> r.chat(hi));
    a.awaitCall(1);
    clock.advance(Duration.ofSeconds(2));
    b.awaitCall(1).complete("b");

    assertEquals("b", call.get(10, TimeUnit.SECONDS).text());
    assertTrue(a.call(0).cancelled());
  }

  @Test
  void aStreamIsHedgedUntilTheFirstTokenAndOnlyTheWinnerIsHeard() throws Exception {
    Router r = hedged();
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<ChatResponse> call =
        r.streamAsync(
            hi,
            new StreamListener() {
              @Override
              public void onEvent(StreamEvent e) {
                if (e instanceof StreamEvent.TextDelta) heard.add(((StreamEvent.TextDelta) e).text());
              }
            });
    ManualModel.Call first = a.awaitCall(1);
    first.send(new StreamEvent.UsageUpdate(dev.crossfeed.Usage.of(5, 0))); // not content: no commit
    clock.advance(Duration.ofSeconds(2));
    ManualModel.Call hedge = b.awaitCall(1);
    hedge.text("B1");
    first.text("A1"); // too late: b won
    hedge.text("B2");
    hedge.complete("B1B2");

    ChatResponse answer = call.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("B1", "B2"), heard);
    assertEquals(List.of("a:CANCELLED", "b:SUCCESS:hedged"), detailed(answer.routeTrace()));
    assertTrue(first.cancelled());
  }

  @Test
  void cancellingTheFutureStopsTheCallInFlight() throws Exception {
    ScriptedChatModel hanging = model("h", Outcome.hang());
    Router r = router(clock).model("h", hanging).build();
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    assertTrue(hanging.awaitInFlight(1, Duration.ofSeconds(10)));

    call.cancel(true);

    assertTrue(hanging.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(1, hanging.cancellations());
    assertEquals(0, clock.pending(), "deadline and attempt timers are gone");
  }

  @Test
  void cancellingStopsAPendingBackoff() throws Exception {
    ScriptedChatModel flaky = model("f", Outcome.fail(Failure.SERVER_ERROR));
    Router r = router(clock).model("f", flaky).build();
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    assertTrue(flaky.awaitCalls(1, Duration.ofSeconds(10)));
    awaitPending(2); // the deadline and the backoff

    call.cancel(true);
    assertEquals(0, clock.pending());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(1, flaky.callCount());
  }

  @Test
  void cancellingStopsTheAttemptAndItsHedge() throws Exception {
    Router r = hedged();
    CompletableFuture<ChatResponse> call = r.chatAsync(hi);
    clock.advance(Duration.ofSeconds(2));
    b.awaitCall(1);

    call.cancel(true);

    assertTrue(a.call(0).cancelled());
    assertTrue(b.call(0).cancelled());
    assertEquals(0, clock.pending());
  }

  @Test
  void closingTheStreamCancelsTheCall() throws Exception {
    Router r = router(clock).model("a", a).build();
    CompletableFuture<ChatStream> open = CompletableFuture.supplyAsync(() -> r.stream(hi));
    ManualModel.Call c = a.awaitCall(1);
    c.text("Hel");
    ChatStream stream = open.get(10, TimeUnit.SECONDS);
    var it = stream.iterator();
    assertEquals(new StreamEvent.TextDelta("Hel"), it.next());

    stream.close();

    assertTrue(c.cancelled());
    ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
    assertEquals(Failure.CANCELLED, e.failure());
    assertEquals(0, clock.pending());
  }

  @Test
  void interruptingABlockedChatCancelsIt() throws Exception {
    ScriptedChatModel hanging = model("h", Outcome.hang());
    Router r = router(clock).model("h", hanging).model("b", model("b")).build();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                r.chat(hi);
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();
    assertTrue(hanging.awaitInFlight(1, Duration.ofSeconds(10)));

    caller.interrupt();

    ChatModelException e = assertInstanceOf(ChatModelException.class, outcome.get(10, TimeUnit.SECONDS));
    assertEquals(Failure.CANCELLED, e.failure());
    assertEquals(1, hanging.cancellations());
  }

  @Test
  void interruptingAThreadBlockedInStreamCancelsRouting() throws Exception {
    ScriptedChatModel hanging = model("h", Outcome.hang());
    Router r = router(clock).model("h", hanging).build();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                r.stream(hi).close();
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    caller.start();
    assertTrue(hanging.awaitInFlight(1, Duration.ofSeconds(10)));

    caller.interrupt();

    ChatModelException e = assertInstanceOf(ChatModelException.class, outcome.get(10, TimeUnit.SECONDS));
    assertEquals(Failure.CANCELLED, e.failure());
    assertTrue(hanging.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(1, hanging.cancellations());
  }

  private void awaitPending(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (clock.pending() < n) {
      if (System.nanoTime() > end) throw new AssertionError("timers: " + clock.pending());
      Thread.onSpinWait();
    }
  }

  @Test
  void failureOfTheOnlyStreamBeforeContentIsThrownByStream() throws Exception {
    Router r = router(clock).model("f", model("f", Outcome.fail(Failure.SERVER_ERROR), Outcome.fail(Failure.SERVER_ERROR))).maxAttempts(1).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> r.stream(hi));
    assertEquals(Failure.SERVER_ERROR, e.failure());
    assertEquals(List.of("f:SERVER_ERROR"), outcomes(e.routeTrace()));
    assertEquals(Failure.SERVER_ERROR, failure(r.streamAsync(hi, StreamListener.NONE)).failure());
  }
}
