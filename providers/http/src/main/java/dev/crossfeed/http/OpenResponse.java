package dev.crossfeed.http;

import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A 2xx response whose body has not been read yet (a stream). The holder must end it exactly one way:
 * {@link #release()} once the answer was read to its end, so the connection goes back to the pool, or
 * {@link #close()} to abandon it. Whichever comes first wins; later calls do nothing.
 */
public final class OpenResponse implements AutoCloseable {
  private final Call call;
  private final Response response;
  private final ResponseMeta meta;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Runnable onEnd;

  /**
   * @param call the call, for cancellation
   * @param response the response, body unread
   * @param meta what the headers said
   */
  public OpenResponse(Call call, Response response, ResponseMeta meta) {
    this(call, response, meta, () -> {});
  }

  OpenResponse(Call call, Response response, ResponseMeta meta, Runnable onEnd) {
    this.call = call;
    this.response = response;
    this.meta = meta;
    this.onEnd = onEnd;
  }

  /** {@return the call, for cancellation and classification} */
  public Call call() {
    return call;
  }

  /** {@return the response; its body is the stream} */
  public Response response() {
    return response;
  }

  /** {@return what the headers said} */
  public ResponseMeta meta() {
    return meta;
  }

  /**
   * Ends a stream whose answer was read completely: closing the body lets OkHttp read what is left of it (the
   * last chunk's terminator, a {@code [DONE]} or trailing blank lines, waiting at most 100 ms) and return the
   * connection to the pool; a body that does not end in time costs only that connection. Call it from the
   * thread that reads the body.
   */
  public void release() {
    if (!ended.compareAndSet(false, true)) return;
    try {
      response.close();
    } catch (RuntimeException e) {
      call.cancel();
    } finally {
      onEnd.run();
    }
  }

  /**
   * Abandons the stream: cancels the call (the connection is not reused) and closes the body. Idempotent and never
   * throws, so it may be called from another thread while a read is blocked: closing then races with that read
   * (Okio reports "Unbalanced enter/exit" while discarding the rest of the body), but the cancel has already broken
   * the connection, so the reading thread fails with an I/O error, which releases the exchange.
   */
  @Override
  public void close() {
    if (!ended.compareAndSet(false, true)) return;
    call.cancel();
    ConnectionGuard.discard(call); // the body was not read to its end: the connection cannot be reused
    try {
      response.close();
    } catch (RuntimeException e) {
      // a concurrent read owns the source; the cancelled call frees it
    } finally {
      onEnd.run();
    }
  }
}
