package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.crossfeed.testing.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User callbacks never run under the call's lock: a slow stream or router listener cannot suspend the deadline, and
 * a listener that throws ends the call exactly once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowListenerTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);

  @AfterEach
  void cleanUp() {
    release.countDown();
    clock.shutdown();
  }

  private void block() {
    entered.countDown();
    try {
      release.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Its own thread: the common pool may have a single thread, which a blocked listener would hold. */
  private static void inThread(Runnable r) {
    Thread t = new Thread(r, "slow-listener-test");
    t.setDaemon(true);
    t.start();
  }

  private static Throwable failureOf(CompletableFuture<ChatResponse> f) throws Exception {
    try {
      f.get(5, TimeUnit.SECONDS);
      throw new AssertionError("the call succeeded");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void aSlowStreamListenerDoesNotSuspendTheDeadline() throws Exception {
    Router r = router(clock).model("a", model("a", Outcome.textStream("one ", "two ", "three"))).timeout(Duration.ofSeconds(1)).build();
    StreamListener slow =
        new StreamListener() {
          @Override
          public void onEvent(StreamEvent e) {
            block();
          }

          @Override
          public void onComplete(ChatResponse response) {}

          @Override
          public void onError(ChatModelException error) {}
        };

    CompletableFuture<ChatResponse> f = CompletableFuture.supplyAsync(() -> r.streamAsync(ChatRequest.of("hi"), slow)).thenCompose(x -> x);
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    inThread(() -> clock.advance(Duration.ofSeconds(1)));

    ChatModelException e = assertInstanceOf(ChatModelException.class, failureOf(f));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure(), "cut by the deadline after content, while the listener still blocks");
  }

  @Test
  void aSlowRouterListenerDoesNotSuspendTheDeadline() throws Exception {
    RouterListener slow =
        new RouterListener() {
          @Override
          public void attemptFinished(RouteEvent.AttemptFinished event) {
            block();
          }
        };
    Router r =
        router(clock)
            .model("a", model("a", Outcome.hang()))
            .model("b", model("b", Outcome.hang()))
            .timeout(Duration.ofSeconds(1))
            .attemptTimeout(Duration.ofMillis(500))
            .listener(slow)
            .build();

    CompletableFuture<ChatResponse> f = r.chatAsync(ChatRequest.of("hi"));
    inThread(() -> clock.advance(Duration.ofMillis(500))); // cuts a; its event blocks that thread
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    inThread(() -> clock.advance(Duration.ofMillis(500)));

    ChatModelException e = assertInstanceOf(ChatModelException.class, failureOf(f));
    assertEquals(Failure.TIMEOUT, e.failure());
  }

  @Test
  void aThrowingOnCompleteCompletesTheFutureOnceWithWhatItThrew() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicInteger completions = new AtomicInteger();
    StreamListener rude =
        new StreamListener() {
          @Override
          public void onEvent(StreamEvent e) {}

          @Override
          public void onComplete(ChatResponse response) {
            completions.incrementAndGet();
            throw boom;
          }

          @Override
          public void onError(ChatModelException error) {
            completions.incrementAndGet();
          }
        };
    Router r = router(clock).model("a", model("a")).build();
    ChatModel plain = plainModel();

    for (CompletableFuture<ChatResponse> f : java.util.List.of(r.streamAsync(ChatRequest.of("hi"), rude), plain.streamAsync(ChatRequest.of("hi"), rude))) {
      assertSame(boom, failureOf(f));
    }
    assertEquals(2, completions.get(), "onComplete once per call, no onError after it");
  }

  @Test
  void aThrowingOnEventEndsTheCallOnceAndTheListenerHearsNothingMore() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicInteger after = new AtomicInteger();
    StreamListener rude =
        new StreamListener() {
          @Override
          public void onEvent(StreamEvent e) {
            throw boom;
          }

          @Override
          public void onComplete(ChatResponse response) {
            after.incrementAndGet();
          }

          @Override
          public void onError(ChatModelException error) {
            after.incrementAndGet();
          }
        };
    Router r = router(clock).model("a", model("a", Outcome.textStream("one ", "two"))).build();

    assertSame(boom, failureOf(r.streamAsync(ChatRequest.of("hi"), rude)));
    assertSame(boom, failureOf(plainModel().streamAsync(ChatRequest.of("hi"), rude)));
    assertEquals(0, after.get());
    assertFalse(Thread.interrupted());
  }

  /** A model with only the blocking methods, so streamAsync is core's default. */
  private static ChatModel plainModel() {
    ChatModel scripted = model("p", Outcome.textStream("one ", "two"), Outcome.textStream("one ", "two"));
    return new ChatModel() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        return scripted.chat(request);
      }

      @Override
      public ChatStream stream(ChatRequest request) {
        return scripted.stream(request);
      }

      @Override
      public ModelInfo info() {
        return scripted.info();
      }
    };
  }
}
