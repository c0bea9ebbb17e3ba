package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How {@link Router#stream} reads a model. Without hedging: on the caller's thread, event by event as the caller
 * iterates (no thread, no read-ahead), with cuts by the first-token timeout and the deadline closing the model's
 * stream. With hedging: through a bounded buffer that holds a fast model back while the caller is slow. On both,
 * the partial answer of a broken stream is exactly what the caller read.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamPathTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  @AfterEach
  void stop() {
    clock.shutdown();
  }

  @Test
  void withoutHedgingTheModelIsReadOnTheCallersThreadOnlyAsFarAsTheCallerRead() {
    CountingModel a = new CountingModel(50);
    Router r = router(clock).model("a", a).build();

    try (ChatStream s = r.stream(hi)) {
      Iterator<StreamEvent> it = s.iterator();
      assertEquals(new StreamEvent.TextDelta("0 "), it.next());
      assertEquals(1, a.reads.get(), "nothing read ahead of the caller");
      for (int i = 1; i < 10; i++) it.next();
      assertEquals(10, a.reads.get());
      assertEquals(CountingModel.text(50), s.response().text());
    }

    assertEquals(Set.of(Thread.currentThread()), a.openedOn, "opened on the caller's thread");
    assertEquals(Set.of(Thread.currentThread()), a.readOn, "read on the caller's thread, no thread of its own");
    assertEquals(51, a.reads.get());
    assertEquals(0, clock.pending(), "no timer left behind");
  }

  @Test
  void withHedgingASlowReaderHoldsTheModelBackInsteadOfBufferingTheAnswer() throws Exception {
    CountingModel a = new CountingModel(1000);
    Router r = router(clock).model("a", a).hedgeAfter(Duration.ofSeconds(5)).build();

    try (ChatStream s = r.stream(hi)) {
      Iterator<StreamEvent> it = s.iterator();
      assertEquals(new StreamEvent.TextDelta("0 "), it.next());
      awaitProducerHeldBack(a);
      int reads = a.reads.get();
      assertTrue(reads <= QueueStream.CAPACITY + 4, "read " + reads + " events ahead of a caller that read one");

      StringBuilder text = new StringBuilder("0 ");
      while (it.hasNext()) {
        StreamEvent e = it.next();
        if (e instanceof StreamEvent.TextDelta) text.append(((StreamEvent.TextDelta) e).text());
      }
      assertEquals(CountingModel.text(1000), text.toString());
      assertEquals(CountingModel.text(1000), s.response().text());
    }
  }

  @Test
  void withHedgingAModelThatStreamsSynchronouslyIsNotHeldBackByItsOwnCaller() {
    int parts = QueueStream.CAPACITY * 3;
    ChatModel eager =
        new ChatModel() {
          @Override
          public ChatResponse chat(ChatRequest request) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ChatStream stream(ChatRequest request) {
            throw new UnsupportedOperationException();
          }

          @Override
          public CompletableFuture<ChatResponse> streamAsync(ChatRequest request, StreamListener listener) {
            // every event on the thread that starts the stream, before returning: the router's caller
            for (int i = 0; i < parts; i++) listener.onEvent(new StreamEvent.TextDelta(i + " "));
            ChatResponse done = ChatResponse.builder().text(CountingModel.text(parts)).provider("eager").model("eager").build();
            listener.onEvent(new StreamEvent.Completed(done));
            listener.onComplete(done);
            return CompletableFuture.completedFuture(done);
          }

          @Override
          public ModelInfo info() {
            return ModelInfo.builder("eager", "eager").build();
          }
        };
    Router r = router(clock).model("eager", eager).hedgeAfter(Duration.ofSeconds(5)).build();

    try (ChatStream s = r.stream(hi)) {
      assertEquals(CountingModel.text(parts), s.response().text());
    }
  }

  /** Waits until the model's reading thread waits for room (or, unbounded, has read everything and ended). */
  private static void awaitProducerHeldBack(CountingModel a) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      Thread t = a.lastReader;
      if (t != null) {
        Thread.State st = t.getState();
        if (st == Thread.State.TERMINATED || (st == Thread.State.WAITING && a.reads.get() > QueueStream.CAPACITY)) return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the model kept reading: " + a.reads.get());
  }

  @Test
  void aModelsBrokenStreamKeepsExactlyWhatTheCallerReadOnBothPaths() {
    for (boolean hedged : new boolean[] {false, true}) {
      CountingModel a = new CountingModel(10, 3);
      Router.Builder b = router(clock).model("a", a).model("b", new CountingModel(10));
      if (hedged) b.hedgeAfter(Duration.ofSeconds(5));
      Router r = b.build();
      StringBuilder seen = new StringBuilder();

      ChatModelException e =
          assertThrows(
              ChatModelException.class,
              () -> {
                try (ChatStream s = r.stream(hi)) {
                  for (StreamEvent ev : s) seen.append(((StreamEvent.TextDelta) ev).text());
                }
              });

      assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
      assertEquals("0 1 2 ", seen.toString());
      assertEquals("0 1 2 ", e.partialResponse().orElseThrow().text(), hedged ? "hedged" : "pull");
      assertEquals(List.of("a:STREAM_INTERRUPTED"), outcomes(e.routeTrace()));
    }
  }

  @Test
  void theDeadlineCutsAStalledStreamAfterContentWithExactlyWhatTheCallerRead() throws Exception {
    ManualModel a = new ManualModel("a");
    ManualModel b = new ManualModel("b");
    Router r = router(clock).model("a", a).model("b", b).timeout(Duration.ofSeconds(10)).build();
    CompletableFuture<ChatStream> open = CompletableFuture.supplyAsync(() -> r.stream(hi));
    ManualModel.Call c = a.awaitCall(1);
    c.send(new StreamEvent.UsageUpdate(Usage.of(5, 0))); // held back until content arrives
    c.text("Hel");
    c.text("lo");
    ChatStream s = open.get(10, TimeUnit.SECONDS);
    Iterator<StreamEvent> it = s.iterator();
    assertEquals(new StreamEvent.UsageUpdate(Usage.of(5, 0)), it.next());
    assertEquals(new StreamEvent.TextDelta("Hel"), it.next());
    assertEquals(new StreamEvent.TextDelta("lo"), it.next());
    CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(it::hasNext);

    clock.advance(Duration.ofSeconds(10));

    ChatModelException e = failure(blocked);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    ChatResponse partial = e.partialResponse().orElseThrow();
    assertEquals("Hello", partial.text());
    assertEquals(Usage.of(5, 0), partial.usage());
    assertEquals(Failure.TIMEOUT, assertInstanceOf(ChatModelException.class, e.getCause()).failure());
    assertEquals(List.of("a:STREAM_INTERRUPTED"), outcomes(e.routeTrace()));
    assertTrue(c.cancelled(), "the model's stream was closed");
    assertEquals(0, b.callCount());
    assertEquals(0, clock.pending());
    s.close();
  }

  @Test
  void aSlowReaderPastTheDeadlineGetsTheRestOfWhatItReadAndThenStreamInterrupted() throws Exception {
    ManualModel a = new ManualModel("a");
    Router r = router(clock).model("a", a).timeout(Duration.ofSeconds(10)).build();
    CompletableFuture<ChatStream> open = CompletableFuture.supplyAsync(() -> r.stream(hi));
    ManualModel.Call c = a.awaitCall(1);
    c.text("Hel");
    try (ChatStream s = open.get(10, TimeUnit.SECONDS)) {
      Iterator<StreamEvent> it = s.iterator();
      assertEquals(new StreamEvent.TextDelta("Hel"), it.next());

      clock.advance(Duration.ofSeconds(10)); // while the caller is not reading

      ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
      assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
      assertEquals("Hel", e.partialResponse().orElseThrow().text());
      assertTrue(c.cancelled());
    }
  }

  @Test
  void closingFromAnotherThreadCancelsARead() throws Exception {
    ManualModel a = new ManualModel("a");
    Router r = router(clock).model("a", a).build();
    CompletableFuture<ChatStream> open = CompletableFuture.supplyAsync(() -> r.stream(hi));
    ManualModel.Call c = a.awaitCall(1);
    c.text("Hel");
    ChatStream s = open.get(10, TimeUnit.SECONDS);
    Iterator<StreamEvent> it = s.iterator();
    assertEquals(new StreamEvent.TextDelta("Hel"), it.next());
    CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(it::hasNext);

    s.close();

    ChatModelException e = failure(blocked);
    assertEquals(Failure.CANCELLED, e.failure());
    assertEquals(List.of("a:CANCELLED"), outcomes(e.routeTrace()));
    assertTrue(c.cancelled());
    assertEquals(0, clock.pending());
  }

  @Test
  void theFirstTokenTimeoutFailsOverAnUnhedgedStream() throws Exception {
    ManualModel a = new ManualModel("a");
    ManualModel b = new ManualModel("b");
    Router r = router(clock).model("a", a).model("b", b).firstTokenTimeout(Duration.ofSeconds(2)).build();
    CompletableFuture<ChatStream> open = CompletableFuture.supplyAsync(() -> r.stream(hi));
    ManualModel.Call first = a.awaitCall(1);
    first.send(new StreamEvent.UsageUpdate(Usage.of(1, 0))); // not content: dropped with the attempt

    clock.advance(Duration.ofSeconds(2));
    ManualModel.Call second = b.awaitCall(1);
    second.text("from ");
    second.complete("from b");

    try (ChatStream s = open.get(10, TimeUnit.SECONDS)) {
      Iterator<StreamEvent> it = s.iterator();
      assertEquals(new StreamEvent.TextDelta("from "), it.next());
      ChatResponse answer = s.response();
      assertEquals("from b", answer.text());
      assertEquals(List.of("a:TIMEOUT", "b:SUCCESS"), outcomes(answer.routeTrace()));
    }
    assertTrue(first.cancelled());
    assertFalse(second.cancelled());
  }

  @Test
  void aModelStuckOpeningItsStreamIsCutByTheDeadlineWithoutLeakingTheInterrupt() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    ChatModel stuck =
        new ChatModel() {
          @Override
          public ChatResponse chat(ChatRequest request) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ChatStream stream(ChatRequest request) {
            entered.countDown();
            try {
              new CountDownLatch(1).await(); // a connect that ignores the request's timeout
            } catch (InterruptedException e) {
              throw ChatModelException.builder(Failure.CANCELLED).detail("interrupted").build();
            }
            throw new AssertionError("unreachable");
          }

          @Override
          public ModelInfo info() {
            return ModelInfo.builder("stuck", "stuck").build();
          }
        };
    Router r = router(clock).model("stuck", stuck).timeout(Duration.ofSeconds(5)).build();
    CompletableFuture<String> call =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                r.stream(hi).close();
                return "opened";
              } catch (ChatModelException e) {
                return e.failure() + (Thread.currentThread().isInterrupted() ? " (interrupt leaked)" : "");
              }
            });
    assertTrue(entered.await(10, TimeUnit.SECONDS));

    clock.advance(Duration.ofSeconds(5));

    assertEquals("TIMEOUT", call.get(10, TimeUnit.SECONDS));
  }

  private static ChatModelException failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(ChatModelException.class, e.getCause());
    }
    throw new AssertionError("did not fail");
  }
}
