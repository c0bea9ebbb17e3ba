package dev.crossfeed.adversarial;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import java.time.Duration;
import java.util.Optional;

/**
 * How one call against a hostile server ended, and how long it took: the answer's text, or the classified failure
 * (any other throwable propagates and fails the test).
 */
record Outcome(Optional<String> text, Optional<ChatModelException> failure, Duration took) {
  static final ChatRequest REQUEST = ChatRequest.of("hi");

  static Outcome chat(ChatModel model) {
    long t0 = System.nanoTime();
    try {
      ChatResponse r = model.chat(REQUEST);
      return new Outcome(Optional.of(r.text()), Optional.empty(), since(t0));
    } catch (ChatModelException e) {
      return new Outcome(Optional.empty(), Optional.of(e), since(t0));
    }
  }

  static Outcome stream(ChatModel model) {
    long t0 = System.nanoTime();
    StringBuilder text = new StringBuilder();
    try (ChatStream s = model.stream(REQUEST)) {
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta) text.append(((StreamEvent.TextDelta) e).text());
      }
      return new Outcome(Optional.of(text.toString()), Optional.empty(), since(t0));
    } catch (ChatModelException e) {
      return new Outcome(Optional.empty(), Optional.of(e), since(t0));
    }
  }

  /** The failure kind, or null for an answer. */
  Failure kind() {
    return failure.map(ChatModelException::failure).orElse(null);
  }

  @Override
  public String toString() {
    return (failure.isPresent() ? failure.get().toString() : "answer " + text.get()) + " after " + took.toMillis() + " ms";
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
