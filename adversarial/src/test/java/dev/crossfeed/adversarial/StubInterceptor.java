package dev.crossfeed.adversarial;

import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An in-process server: an OkHttp application interceptor that answers every call with the bytes set last, without
 * a socket, so the real provider parsers can be fed thousands of inputs per second. Set a body, then call.
 */
final class StubInterceptor implements Interceptor {
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile byte[] body = new byte[0];
  private final AtomicLong calls = new AtomicLong();

  /** A client that never opens a connection: every call is answered by {@code stub}. */
  static OkHttpClient client(StubInterceptor stub) {
    return new OkHttpClient.Builder().addInterceptor(stub).build();
  }

  void answer(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  long calls() {
    return calls.get();
  }

  @Override
  public Response intercept(Chain chain) {
    calls.incrementAndGet();
    return new Response.Builder()
        .request(chain.request())
        .protocol(Protocol.HTTP_1_1)
        .code(status)
        .message("stub")
        .header("Content-Type", contentType)
        .body(ResponseBody.create(body, MediaType.get(contentType)))
        .build();
  }
}
