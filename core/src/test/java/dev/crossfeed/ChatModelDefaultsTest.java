package dev.crossfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.spi.AbstractChatStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChatModelDefaultsTest {
  /** Blocks in chat() until interrupted; streams two words. */
  static final class BlockingModel implements ChatModel {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);

    @Override
    public ChatResponse chat(ChatRequest request) {
      entered.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      throw ChatModelException.builder(Failure.CANCELLED).build();
    }

    @Override
    public ChatStream stream(ChatRequest request) {
      List<StreamEvent> events =
          new ArrayList<>(List.of(new StreamEvent.TextDelta("a"), new StreamEvent.TextDelta("b"),
              new StreamEvent.Completed(ChatResponse.builder().text("ab").build())));
      return new AbstractChatStream("p", "m") {
        @Override
        protected StreamEvent readNext() {
          return events.isEmpty() ? null : events.remove(0);
        }

        @Override
        protected void closeSource() {}
      };
    }

    @Override
    public ModelInfo info() {
      return ModelInfo.builder("p", "m").build();
    }
  }

  @Test
  void cancellingDefaultChatAsyncInterruptsTheWorker() throws Exception {
    BlockingModel m = new BlockingModel();
    CompletableFuture<ChatResponse> f = m.chatAsync(ChatRequest.of("hi"));
    assertTrue(m.entered.await(5, TimeUnit.SECONDS));
    f.cancel(true);
    assertTrue(m.interrupted.await(5, TimeUnit.SECONDS));
  }

  @Test
  void defaultStreamAsyncPushesEventsThenCompletes() throws Exception {
    BlockingModel m = new BlockingModel();
    StringBuilder text = new StringBuilder();
    List<ChatResponse> completed = new ArrayList<>();
    ChatResponse r =
        m.streamAsync(ChatRequest.of("hi"), new StreamListener() {
              @Override
              public void onEvent(StreamEvent event) {
                if (event instanceof StreamEvent.TextDelta) text.append(((StreamEvent.TextDelta) event).text());
              }

              @Override
              public void onComplete(ChatResponse response) {
                completed.add(response);
              }
            })
            .get(5, TimeUnit.SECONDS);
    assertEquals("ab", text.toString());
    assertEquals("ab", r.text());
    assertEquals(1, completed.size());
  }

  @Test
  void listenerExceptionFailsTheFuture() {
    BlockingModel m = new BlockingModel();
    CompletableFuture<ChatResponse> f =
        m.streamAsync(ChatRequest.of("hi"), new StreamListener() {
          @Override
          public void onEvent(StreamEvent event) {
            throw new IllegalStateException("listener bug");
          }
        });
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertEquals("listener bug", e.getCause().getMessage());
  }
}
