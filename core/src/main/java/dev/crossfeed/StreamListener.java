package dev.crossfeed;

/**
 * Receives a streamed answer pushed by {@link ChatModel#streamAsync}. Methods are called from one thread at a
 * time, in order: {@link #onEvent} for every event (including the final {@link StreamEvent.Completed}), then
 * exactly one of {@link #onComplete} or {@link #onError}. Implementations should be fast; an exception thrown
 * by a listener method cancels the stream and fails the returned future with it.
 */
public interface StreamListener {
  /** Does nothing. */
  StreamListener NONE = new StreamListener() {};

  /**
   * Called for every event, in order, ending with {@link StreamEvent.Completed}. Does nothing by default.
   *
   * @param event the event
   */
  default void onEvent(StreamEvent event) {}

  /**
   * Called once after the last event when the answer is complete. Does nothing by default.
   *
   * @param response the whole answer
   */
  default void onComplete(ChatResponse response) {}

  /**
   * Called once when the stream fails, instead of {@link #onComplete}. Does nothing by default.
   *
   * @param error the classified failure; for {@link Failure#STREAM_INTERRUPTED} it carries the partial answer
   */
  default void onError(ChatModelException error) {}
}
