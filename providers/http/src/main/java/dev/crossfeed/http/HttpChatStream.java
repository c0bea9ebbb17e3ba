package dev.crossfeed.http;

import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.spi.AbstractChatStream;
import java.io.IOException;
import okio.BufferedSource;

/**
 * Base for streams over an HTTP response: subclasses parse events from {@link #source()} (usually through an
 * {@link SseReader} or {@link NdjsonReader}) in {@link #nextEvent()}; I/O failures are classified by the
 * exchange. A stream read to its {@code Completed} event returns its connection to the pool; closing it earlier
 * cancels the call.
 *
 * <p>The answer a stream delivers is capped like a non-streamed body ({@link HttpExchange.Builder#maxBodyBytes},
 * 32 MiB by default): content events count their characters plus {@value #EVENT_OVERHEAD} each, and a stream over
 * the cap fails {@link dev.crossfeed.Failure#INVALID_RESPONSE} (STREAM_INTERRUPTED once content was delivered).
 * Without it, a server streaming valid deltas forever fills the heap, since the answer is accumulated.
 */
public abstract class HttpChatStream extends AbstractChatStream {
  /** What each content event counts against the cap besides its characters (its share of the bookkeeping). */
  static final int EVENT_OVERHEAD = 64;

  /** The exchange the call went through, for classified failures. */
  protected final HttpExchange exchange;
  /** The open response whose body is read. */
  protected final OpenResponse open;
  /** The model id, for classified failures. */
  protected final String model;
  private long delivered;
  /** The stream returned its Completed event: the answer was read to its end. */
  private volatile boolean answered;

  /**
   * Starts reading an open 2xx response.
   *
   * @param exchange the exchange the call went through
   * @param model the model id
   * @param open the response
   */
  protected HttpChatStream(HttpExchange exchange, String model, OpenResponse open) {
    super(exchange.provider(), model);
    this.exchange = exchange;
    this.open = open;
    this.model = model;
  }

  /** {@return the response body} */
  protected final BufferedSource source() {
    return open.response().body().source();
  }

  /**
   * The next event, or null at the end of input; see {@link AbstractChatStream#readNext()}.
   *
   * @return the next event, or null at the end of input
   * @throws IOException if reading fails; classified by the caller
   */
  protected abstract StreamEvent nextEvent() throws IOException;

  @Override
  protected final StreamEvent readNext() {
    StreamEvent e;
    try {
      e = nextEvent();
    } catch (IOException ex) {
      throw exchange.ioFailure(ex, model, open.call(), isClosed());
    }
    if (e instanceof StreamEvent.Completed) answered = true;
    if (e != null && e.isContent()) {
      delivered += EVENT_OVERHEAD + size(e);
      if (delivered > exchange.maxBodyBytes()) {
        throw exchange.invalidResponse(
            model, "streamed answer exceeds the " + exchange.maxBodyBytes() + "-byte cap", null, open.meta());
      }
    }
    return e;
  }

  private static long size(StreamEvent e) {
    if (e instanceof StreamEvent.TextDelta) return ((StreamEvent.TextDelta) e).text().length();
    if (e instanceof StreamEvent.ReasoningDelta) return ((StreamEvent.ReasoningDelta) e).text().length();
    if (e instanceof StreamEvent.ToolCallDelta) {
      StreamEvent.ToolCallDelta d = (StreamEvent.ToolCallDelta) e;
      return (long) d.id().length() + d.name().length() + d.argumentsDelta().length();
    }
    if (e instanceof StreamEvent.ToolCallComplete) {
      ToolCall c = ((StreamEvent.ToolCallComplete) e).call();
      return (long) c.id().length() + c.name().length() + c.argumentsJson().length();
    }
    return 0;
  }

  /**
   * A stream that delivered its answer releases the connection to the pool ({@link OpenResponse#release()}); one
   * closed early, by its caller or by a failure, cancels the call ({@link OpenResponse#close()}).
   */
  @Override
  protected final void closeSource() {
    if (answered) open.release();
    else open.close();
  }
}
