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
  /** Cancels the call and closes the body. Idempotent. */
  @Override
  public void close() {
    call.cancel();
    response.close();
  }
}
