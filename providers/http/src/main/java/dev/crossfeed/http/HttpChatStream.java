package dev.crossfeed.http;

import dev.crossfeed.StreamEvent;
import dev.crossfeed.spi.AbstractChatStream;
import java.io.IOException;
import okio.BufferedSource;

/**
 * Base for streams over an HTTP response: subclasses parse events from {@link #source()} (usually through an
 * {@link SseReader} or {@link NdjsonReader}) in {@link #nextEvent()}; I/O failures are classified by the
 * exchange, and closing cancels the call and releases the connection.
 */
public abstract class HttpChatStream extends AbstractChatStream {
  protected final HttpExchange exchange;
  protected final OpenResponse open;
  protected final String model;

  protected HttpChatStream(HttpExchange exchange, String model, OpenResponse open) {
    super(exchange.provider(), model);
    this.exchange = exchange;
    this.open = open;
    this.model = model;
  }

  /** The response body. */
  protected final BufferedSource source() {
    return open.response().body().source();
  }

  /** The next event, or null at the end of input; see {@link AbstractChatStream#readNext()}. */
  protected abstract StreamEvent nextEvent() throws IOException;

  @Override
  protected final StreamEvent readNext() {
    try {
      return nextEvent();
    } catch (IOException e) {
      throw exchange.ioFailure(e, model, open.call(), isClosed());
    }
  }

  @Override
  protected final void closeSource() {
    open.close();
  }
}
