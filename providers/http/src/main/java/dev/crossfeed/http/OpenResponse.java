package dev.crossfeed.http;

import okhttp3.Call;
import okhttp3.Response;

/**
 * A 2xx response whose body has not been read yet (a stream). The holder must close it.
 *
 * @param call the call, for cancellation
 * @param response the response, body unread
 * @param meta what the headers said
 */
public record OpenResponse(Call call, Response response, ResponseMeta meta) implements AutoCloseable {
  /**
   * Cancels the call and closes the body. Idempotent and never throws, so it may be called from another thread
   * while a read is blocked: closing then races with that read (Okio reports "Unbalanced enter/exit" while
   * discarding the rest of the body), but the cancel has already broken the connection, so the reading thread
   * fails with an I/O error, which releases the exchange.
   */
  @Override
  public void close() {
    call.cancel();
    try {
      response.close();
    } catch (RuntimeException e) {
      // a concurrent read owns the source; the cancelled call frees it
    }
  }
}
