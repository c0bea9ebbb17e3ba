package dev.crossfeed.bedrock;

import java.io.IOException;
import java.io.InputStream;

/**
 * Pulls event-stream messages from a body: reads whatever the connection has (at most {@value #CHUNK} bytes at a
 * time, blocking only when nothing is buffered), feeds the {@link EventStreamDecoder} and returns each whole message
 * as soon as its last byte arrived. At the end of the body a partial message is a
 * {@link dev.crossfeed.http.MalformedStreamException}. Not thread-safe.
 */
final class EventStreamReader {
  static final int CHUNK = 8192;

  private final InputStream in;
  private final EventStreamDecoder decoder;
  private final byte[] chunk = new byte[CHUNK];
  private boolean ended;

  EventStreamReader(InputStream in, EventStreamDecoder decoder) {
    this.in = in;
    this.decoder = decoder;
  }

  /** The next message, or null at a clean end of the body. */
  EventStreamMessage next() throws IOException {
    while (true) {
      EventStreamMessage m = decoder.next();
      if (m != null) return m;
      if (ended) return null;
      int n = in.read(chunk);
      if (n < 0) {
        ended = true;
        decoder.finish();
        return null;
      }
      decoder.feed(chunk, 0, n);
    }
  }
}
