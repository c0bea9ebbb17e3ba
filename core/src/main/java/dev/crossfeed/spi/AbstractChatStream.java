package dev.crossfeed.spi;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Base for provider streams: subclasses implement {@link #readNext()} (a blocking pull parser) and
 * {@link #closeSource()}; this class provides the iterator contract, single use, {@link #response()},
 * cancellation via {@link #close()}, and the rule that an error after content reached the caller becomes
 * {@link Failure#STREAM_INTERRUPTED} carrying the partial response. Any unexpected runtime exception from the
 * parser is classified {@link Failure#INVALID_RESPONSE}, so callers only ever see {@link ChatModelException}.
 *
 * <p>{@link #close()} may be called from any thread; the other methods from one thread at a time.
 */
public abstract class AbstractChatStream implements ChatStream {
  private final String provider;
  private final String model;
  private final StreamAccumulator accumulator = new StreamAccumulator();
  private volatile boolean closed;
  private boolean iterated;
  private boolean finished;
  private StreamEvent buffered;
  private ChatResponse completed;

  /**
   * Starts a stream of one call.
   *
   * @param provider the provider id, for the classified errors this stream throws
   * @param model the model id, likewise
   */
  protected AbstractChatStream(String provider, String model) {
    this.provider = Objects.requireNonNull(provider, "provider == null");
    this.model = Objects.requireNonNull(model, "model == null");
  }

  /**
   * Reads the next event, blocking. Returns null at the end of input. Must emit exactly one
   * {@link StreamEvent.Completed}, last; an end of input without it is reported as a cut stream.
   *
   * @return the next event, or null at the end of input
   * @throws ChatModelException for classified failures (error events, malformed data, I/O errors)
   */
  protected abstract StreamEvent readNext();

  /** Releases the underlying connection, cancelling the call if it is still running. Idempotent. */
  protected abstract void closeSource();

  /**
   * The answer delivered so far. Every event {@link #readNext()} returns is accepted into it before it is handed
   * to the caller (so the event being returned is not in it yet); a {@link StreamEvent.Completed} is accepted too.
   * It is the stream's only copy of the answer: it gives the partial response of a stream that fails after
   * content, and a provider may build its {@link StreamEvent.Completed} response from it (text, reasoning, tool
   * calls, last usage) instead of keeping its own copy, so a long answer is held once. A provider that queues
   * events must build that response only once the events before it were returned, i.e. in the
   * {@link #readNext()} call that returns the {@code Completed}, with nothing left queued. Subclasses must not
   * accept events into it themselves.
   *
   * @return the accumulator of this stream
   */
  protected final StreamAccumulator accumulator() {
    return accumulator;
  }

  /** {@return true once {@link #close()} was called} */
  protected final boolean isClosed() {
    return closed;
  }

  @Override
  public final Iterator<StreamEvent> iterator() {
    if (iterated) throw new IllegalStateException("a ChatStream can be iterated only once");
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return fill();
      }

      @Override
      public StreamEvent next() {
        if (!fill()) throw new NoSuchElementException();
        StreamEvent e = buffered;
        buffered = null;
        return e;
      }
    };
  }

  @Override
  public final ChatResponse response() {
    if (!iterated) {
      for (StreamEvent ignored : this) {
        // drain
      }
    } else {
      while (fill()) buffered = null;
    }
    return completed;
  }

  @Override
  public final void close() {
    if (closed) return;
    closed = true;
    closeSource();
  }

  private boolean fill() {
    if (buffered != null) return true;
    if (finished) return false;
    StreamEvent e;
    try {
      if (closed) throw cancelled(null);
      e = readNext();
    } catch (ChatModelException ex) {
      throw fail(closed && ex.failure() != Failure.STREAM_INTERRUPTED ? cancelled(ex) : ex);
    } catch (RuntimeException ex) {
      throw fail(
          closed
              ? cancelled(ex)
              : ChatModelException.builder(Failure.INVALID_RESPONSE)
                  .provider(provider)
                  .model(model)
                  .detail("unreadable stream: " + ex.getClass().getSimpleName())
                  .cause(ex)
                  .build());
    }
    if (e == null) {
      throw fail(
          ChatModelException.builder(closed ? Failure.CANCELLED : Failure.CONNECTION)
              .provider(provider)
              .model(model)
              .detail(closed ? "stream closed by caller" : "stream ended before the response was complete")
              .build());
    }
    accumulator.accept(e);
    if (e instanceof StreamEvent.Completed) {
      completed = ((StreamEvent.Completed) e).response();
      finished = true;
      closed = true;
      closeSource();
    }
    buffered = e;
    return true;
  }

  private ChatModelException cancelled(Throwable cause) {
    return ChatModelException.builder(Failure.CANCELLED)
        .provider(provider)
        .model(model)
        .detail("stream closed by caller")
        .cause(cause)
        .build();
  }

  private ChatModelException fail(ChatModelException e) {
    finished = true;
    if (!closed) {
      closed = true;
      closeSource();
    }
    if (accumulator.sawContent() && e.failure() == Failure.CANCELLED && e.partialResponse().isEmpty()) {
      // closed by its caller (a router's deadline, say) after content: keep what was delivered, held once here
      return e.toBuilder()
          .partialResponse(accumulator.toResponse(FinishReason.OTHER).provider(provider).model(model).build())
          .build();
    }
    if (accumulator.sawContent()
        && e.failure() != Failure.STREAM_INTERRUPTED
        && e.failure() != Failure.CANCELLED) {
      return e.toBuilder(Failure.STREAM_INTERRUPTED)
          .partialResponse(accumulator.toResponse(FinishReason.OTHER).provider(provider).model(model).build())
          .detail("stream failed after content was delivered: " + e.getMessage())
          .cause(e)
          .build();
    }
    return e;
  }
}
