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

  default void onEvent(StreamEvent event) {}

  default void onComplete(ChatResponse response) {}

  default void onError(ChatModelException error) {}
}
