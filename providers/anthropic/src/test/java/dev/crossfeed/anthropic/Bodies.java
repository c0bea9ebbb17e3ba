package dev.crossfeed.anthropic;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** Response bodies that misbehave: stall after a prefix, or write one endless line. */
final class Bodies {
  private Bodies() {}

  /**
   * Writes {@code prefix}, flushes, then holds the connection until {@code release} opens (or 20 s pass), so a
   * client deadline fires first. Release it after the test so the server thread ends.
   */
  static MockResponse stallAfter(String prefix, CountDownLatch release) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("content-type", "text/event-stream")
        .addHeader("request-id", "req_stall")
        .body(
            new MockResponseBody() {
              @Override
              public long getContentLength() {
                return -1;
              }

              @Override
              public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(prefix);
                sink.flush();
                try {
                  release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            })
        .build();
  }

  /** {@code prefix} then {@code filler} repeated up to {@code maxBytes} without a newline (the client gives up first). */
  static MockResponse endless(String prefix, byte filler, long maxBytes) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("content-type", "text/event-stream")
        .body(
            new MockResponseBody() {
              @Override
              public long getContentLength() {
                return -1;
              }

              @Override
              public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(prefix);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, filler);
                for (long written = 0; written < maxBytes; written += chunk.length) {
                  sink.write(chunk);
                  sink.flush();
                }
              }
            })
        .build();
  }
}
