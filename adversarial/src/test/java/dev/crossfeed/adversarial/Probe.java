package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;

/**
 * Runs one call and reduces it to an outcome: {@code OK} or the {@link Failure} name. Anything but a response or a
 * {@link ChatModelException} (another exception type, an error, a stream without exactly one final
 * {@code Completed}, a STREAM_INTERRUPTED without its partial response) is an {@link AssertionError}.
 */
final class Probe {
  static final String OK = "OK";

  private Probe() {}

  static String chat(ChatModel model, ChatRequest request) {
    try {
      ChatResponse r = model.chat(request);
      assertNotNull(r.text());
      assertNotNull(r.finishReason());
      return OK;
    } catch (ChatModelException e) {
      return classified(e);
    }
  }

  static String stream(ChatModel model, ChatRequest request) {
    int events = 0;
    int completed = 0;
    StreamEvent last = null;
    try (ChatStream stream = model.stream(request)) {
      for (StreamEvent e : stream) {
        events++;
        if (e instanceof StreamEvent.Completed) completed++;
        last = e;
      }
      assertEquals(1, completed, "a finished stream has exactly one Completed event");
      assertTrue(last instanceof StreamEvent.Completed, "Completed is the last event");
      assertNotNull(stream.response());
      return OK;
    } catch (ChatModelException e) {
      assertEquals(0, completed, "no failure after Completed (" + events + " events)");
      return classified(e);
    }
  }

  /** Checks the exception carries what a caller relies on, and returns its failure's name. */
  static String classified(ChatModelException e) {
    assertNotNull(e.failure(), "failure()");
    assertNotNull(e.getMessage(), "message");
    if (e.failure() == Failure.STREAM_INTERRUPTED) {
      assertTrue(e.partialResponse().isPresent(), "STREAM_INTERRUPTED carries the partial response: " + e);
    }
    return e.failure().name();
  }
}
