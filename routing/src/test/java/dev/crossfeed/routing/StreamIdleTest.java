package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After the first token: a stream the model leaves silent for {@code streamIdleTimeout} is cut as STREAM_INTERRUPTED
 * (a health failure); a stream the router's own deadline cuts because the caller read slowly is neutral for health.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamIdleTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ManualModel a = new ManualModel("a");
  private final ChatRequest hi = ChatRequest.of("hi");

  private Router.Builder builder() {
    return router(clock).model("a", a).timeout(Duration.ofSeconds(60)).circuitBreaker(1, Duration.ofSeconds(30));
  }

  private static final StreamListener IGNORE =
      new StreamListener() {
        @Override
        public void onEvent(StreamEvent e) {}

        @Override
        public void onComplete(ChatResponse response) {}

        @Override
        public void onError(ChatModelException error) {}
      };

  private static ChatModelException failureOf(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
      throw new AssertionError("no failure");
    } catch (ExecutionException e) {
      return assertInstanceOf(ChatModelException.class, e.getCause());
    }
  }

  @Test
  void aBlockingStreamSilentAfterItsFirstTokenIsCutAtTheIdleTimeout() throws Exception {
    Router r = builder().streamIdleTimeout(Duration.ofSeconds(2)).build();
    CompletableFuture<ChatStream> open = CompletableFuture.supplyAsync(() -> r.stream(hi));
    a.awaitCall(1).text("Hel");
    ChatStream stream = open.get(10, TimeUnit.SECONDS);
    Iterator<StreamEvent> it = stream.iterator();
    assertEquals(new StreamEvent.TextDelta("Hel"), it.next());
    clock.advance(Duration.ofSeconds(30)); // the caller thinks for a while: not the model's silence

    CompletableFuture<Boolean> read = CompletableFuture.supplyAsync(it::hasNext);
    // the idle cut counts only while the read waits on the model; until the helper thread is in it, nothing is cut
    for (int i = 0; i < 10 && !read.isDone(); i++) {
      clock.advance(Duration.ofSeconds(2));
      try {
        read.get(100, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | ExecutionException notYet) {
        // waiting for the read to start, or it failed: checked below
      }
    }

    ChatModelException e = failureOf(read);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertTrue(e.getMessage().contains("stream idle timeout"), e.getMessage());
    assertEquals("Hel", e.partialResponse().orElseThrow().text());
    assertEquals(BreakerState.OPEN, r.breakerState("a"), "a stalled model is a health failure");
  }

  @Test
  void anAsyncStreamSilentAfterItsFirstTokenIsCutAtTheIdleTimeout() throws Exception {
    Router r = builder().streamIdleTimeout(Duration.ofSeconds(2)).build();
    CompletableFuture<ChatResponse> f = r.streamAsync(hi, IGNORE);
    ManualModel.Call c = a.awaitCall(1);
    c.text("Hel");
    clock.advance(Duration.ofSeconds(1));
    c.text("lo");
    clock.advance(Duration.ofSeconds(1)); // 1s since the last event: still fine
    assertTrue(!f.isDone());
    clock.advance(Duration.ofSeconds(1));

    ChatModelException e = failureOf(f);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hello", e.partialResponse().orElseThrow().text());
    assertTrue(c.cancelled());
  }

  @Test
  void aSlowReaderCutByTheDeadlineDoesNotCountAgainstTheModel() throws Exception {
    Router r = builder().timeout(Duration.ofSeconds(10)).build();
    CompletableFuture<ChatStream> open = CompletableFuture.supplyAsync(() -> r.stream(hi));
    ManualModel.Call c = a.awaitCall(1);
    c.text("Hel");
    c.text("lo"); // waits in the model's stream: the caller is slow to read it
    ChatStream stream = open.get(10, TimeUnit.SECONDS);
    Iterator<StreamEvent> it = stream.iterator();
    it.next();
    clock.advance(Duration.ofSeconds(10));

    ChatModelException e = assertInstanceOf(ChatModelException.class, org.junit.jupiter.api.Assertions.assertThrows(ChatModelException.class, () -> {
      while (it.hasNext()) it.next();
    }));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(BreakerState.CLOSED, r.breakerState("a"), "the router's own cut is not the model's failure");
  }

  @Test
  void anAsyncStreamCutByTheDeadlineDoesNotCountAgainstTheModel() throws Exception {
    Router r = builder().timeout(Duration.ofSeconds(10)).build();
    CompletableFuture<ChatResponse> f = r.streamAsync(hi, IGNORE);
    a.awaitCall(1).text("Hel");
    clock.advance(Duration.ofSeconds(10));

    assertEquals(Failure.STREAM_INTERRUPTED, failureOf(f).failure());
    assertEquals(BreakerState.CLOSED, r.breakerState("a"));
  }
}
