package dev.crossfeed;

import java.util.Iterator;

/**
 * A streamed answer, read by iterating (blocking) over its {@link StreamEvent}s. Single use: iterate once.
 * The last event is {@link StreamEvent.Completed}. Always close it (try-with-resources): closing before the
 * end cancels the underlying call and frees its connection; {@link #close()} may be called from another
 * thread to cancel a read in progress.
 *
 * <pre>{@code
 * try (ChatStream stream = model.stream(request)) {
 *   for (StreamEvent event : stream) {
 *     if (event instanceof StreamEvent.TextDelta) System.out.print(((StreamEvent.TextDelta) event).text());
 *   }
 * }
 * }</pre>
 *
 * <p>Errors surface from {@code hasNext()}/{@code next()} as {@link ChatModelException}. An error after content
 * was delivered is {@link Failure#STREAM_INTERRUPTED} with the partial response attached.
 */
public interface ChatStream extends Iterable<StreamEvent>, AutoCloseable {

  /**
   * The events, in order. May be called once.
   *
   * @throws IllegalStateException when called a second time
   */
  @Override
  Iterator<StreamEvent> iterator();

  /**
   * Reads any remaining events and returns the completed answer (or the one already read).
   *
   * @return the completed answer, with usage, finish reason and tool calls
   * @throws ChatModelException if the stream fails
   */
  ChatResponse response();

  /** Cancels the call if still running and releases its connection. Idempotent, never throws. */
  @Override
  void close();
}
