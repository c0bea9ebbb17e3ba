package dev.crossfeed.testing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.StreamEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one call through a {@link ChatPath} produced: the response or the classified failure, and for stream
 * paths every event delivered before the end.
 *
 * <pre>{@code
 * ChatOutcome out = ChatPath.STREAM.run(model, request, Duration.ofSeconds(5));
 * assertEquals(Failure.STREAM_INTERRUPTED, out.failure().failure());
 * assertEquals("Hello ", out.streamedText());
 * }</pre>
 */
public final class ChatOutcome {
  private final ChatPath path;
  private final ChatResponse response;
  private final ChatModelException error;
  private final List<StreamEvent> events;

  ChatOutcome(ChatPath path, ChatResponse response, ChatModelException error, List<StreamEvent> events) {
    this.path = Objects.requireNonNull(path, "path == null");
    this.response = response;
    this.error = error;
    this.events = List.copyOf(events);
  }

  /** {@return the path the call took} */
  public ChatPath path() {
    return path;
  }

  /** {@return the answer, if the call succeeded} */
  public Optional<ChatResponse> response() {
    return Optional.ofNullable(response);
  }

  /** {@return the failure, if the call failed} */
  public Optional<ChatModelException> error() {
    return Optional.ofNullable(error);
  }

  /** {@return events delivered (stream paths; empty otherwise), including the final {@code Completed}} */
  public List<StreamEvent> events() {
    return events;
  }

  /** {@return true if any content event (text, reasoning, tool call) was delivered before the end} */
  public boolean sawContent() {
    return events.stream().anyMatch(StreamEvent::isContent);
  }

  /** {@return the text deltas delivered, concatenated} */
  public String streamedText() {
    StringBuilder s = new StringBuilder();
    for (StreamEvent e : events) if (e instanceof StreamEvent.TextDelta) s.append(((StreamEvent.TextDelta) e).text());
    return s.toString();
  }

  /**
   * The response.
   *
   * @return the answer
   * @throws AssertionError if the call failed
   */
  public ChatResponse orFail() {
    if (error != null) throw new AssertionError(path + " failed: " + error, error);
    return response;
  }

  /**
   * The failure.
   *
   * @return the classified failure
   * @throws AssertionError if the call succeeded
   */
  public ChatModelException failure() {
    if (error == null) throw new AssertionError(path + " succeeded but a failure was expected: " + response);
    return error;
  }

  @Override
  public String toString() {
    return "ChatOutcome{" + path + ", " + (error != null ? error.failure() : "ok") + ", events=" + events.size() + '}';
  }
}
