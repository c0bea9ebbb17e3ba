package dev.crossfeed.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import okio.Okio;

/**
 * Turns rendered answers into mockwebserver3 responses. Streams are written by a socket handler in HTTP/1.1
 * chunked encoding, one flushed chunk per frame, so a client sees each frame as it is written and a cut is a
 * truncated chunked body (an I/O error on the client), not a clean end.
 */
final class WireWriter {
  /** How a written body ends. */
  enum Ending {
    COMPLETE,
    CUT,
    STALL
  }

  private final Consumer<Duration> staller;
  private final java.util.function.Function<WireFrame, byte[]> frameBytes;

  /**
   * @param staller waits up to the given time, returning early when the server closes
   * @param frameBytes the bytes of a stream frame on the wire
   */
  WireWriter(Consumer<Duration> staller, java.util.function.Function<WireFrame, byte[]> frameBytes) {
    this.staller = staller;
    this.frameBytes = frameBytes;
  }

  /** A complete, fixed-length answer. */
  MockResponse complete(WireResponse wire, Map<String, String> extraHeaders) {
    MockResponse.Builder b = head(wire.status(), wire.contentType(), wire.headers(), extraHeaders);
    return b.body(wire.body()).build();
  }

  /** A complete, fixed-length 200 whose body is these bytes (a stream sent with a {@code Content-Length}). */
  MockResponse complete(String contentType, byte[] body, Map<String, String> extraHeaders) {
    return head(200, contentType, Map.of(), extraHeaders).body(new okio.Buffer().write(body)).build();
  }

  /** A fixed-length answer of which only the first half is written before the connection ends. */
  MockResponse partial(WireResponse wire, Map<String, String> extraHeaders, Ending ending, Duration stall) {
    byte[] bytes = wire.body().getBytes(StandardCharsets.UTF_8);
    int half = Math.max(1, bytes.length / 2);
    MockResponse.Builder b = head(wire.status(), wire.contentType(), wire.headers(), extraHeaders);
    b.setHeader("Content-Length", bytes.length);
    b.socketHandler(
        socket -> {
          try {
            BufferedSink sink = Okio.buffer(socket.getSink());
            sink.write(bytes, 0, Math.min(half, bytes.length));
            sink.flush();
            if (ending == Ending.STALL) staller.accept(stall);
          } catch (IOException e) {
            // The client went away: nothing more to write.
          }
        });
    return b.onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  /** A streamed answer: status 200, chunked, one chunk per frame, then the ending. */
  MockResponse stream(
      String contentType, List<WireFrame> frames, Map<String, String> headers, Ending ending, Duration stall) {
    MockResponse.Builder b = head(200, contentType, Map.of(), headers);
    b.removeHeader("Content-Length");
    b.setHeader("Transfer-Encoding", "chunked");
    b.socketHandler(
        socket -> {
          try {
            BufferedSink sink = Okio.buffer(socket.getSink());
            for (WireFrame f : frames) {
              byte[] data = frameBytes.apply(f);
              if (data.length == 0) continue;
              sink.writeUtf8(Integer.toHexString(data.length)).writeUtf8("\r\n");
              sink.write(data).writeUtf8("\r\n");
              sink.flush();
            }
            if (ending == Ending.COMPLETE) {
              sink.writeUtf8("0\r\n\r\n");
              sink.flush();
            } else if (ending == Ending.STALL) {
              staller.accept(stall);
            }
          } catch (IOException e) {
            // The client went away: nothing more to write.
          }
        });
    if (ending != Ending.COMPLETE) b.onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE);
    return b.build();
  }

  /** No answer at all: the connection is closed before a status line is written. */
  MockResponse disconnect() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  private static MockResponse.Builder head(
      int status, String contentType, Map<String, String> wireHeaders, Map<String, String> extraHeaders) {
    MockResponse.Builder b = new MockResponse.Builder().code(status);
    b.setHeader("Content-Type", contentType);
    wireHeaders.forEach(b::setHeader);
    extraHeaders.forEach(b::setHeader);
    return b;
  }
}
