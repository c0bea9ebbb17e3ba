package dev.crossfeed.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.crossfeed.spi.AbstractChatStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A provider-style stream (an {@link AbstractChatStream}) that stalls after content and is cut by the router's
 * deadline: the router keeps no copy of the answer for such streams, so the partial answer must come from the
 * stream itself.
 */
@Timeout(10)
class DeadlineCutProviderStreamTest {
  static final class StallingModel implements ChatModel {
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public ChatResponse chat(ChatRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChatStream stream(ChatRequest request) {
      return new AbstractChatStream("stall", "s") {
        int n;

        @Override
        protected StreamEvent readNext() {
          if (n++ < 2) return new StreamEvent.TextDelta(n == 1 ? "Hel" : "lo");
          try {
            closed.await(); // the router's deadline closes us
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw ChatModelException.builder(Failure.CONNECTION).detail("closed").build();
        }

        @Override
        protected void closeSource() {
          closed.countDown();
        }
      };
    }

    @Override
    public ModelInfo info() {
      return ModelInfo.builder("stall", "s").build();
    }
  }

  @Test
  void deadlineCutKeepsExactlyWhatTheCallerRead() {
    StallingModel m = new StallingModel();
    Router r = Router.builder().model("a", m).timeout(Duration.ofMillis(300)).build();
    try (ChatStream s = r.stream(ChatRequest.of("hi"))) {
      Iterator<StreamEvent> it = s.iterator();
      assertEquals(new StreamEvent.TextDelta("Hel"), it.next());
      assertEquals(new StreamEvent.TextDelta("lo"), it.next());
      ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
      assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
      assertEquals("Hello", e.partialResponse().orElseThrow().text());
      assertEquals(Failure.TIMEOUT, ((ChatModelException) e.getCause()).failure());
    }
    assertTrue(m.closed.getCount() == 0);
  }
}
