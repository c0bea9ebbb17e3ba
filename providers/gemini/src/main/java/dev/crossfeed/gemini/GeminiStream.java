package dev.crossfeed.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.HttpChatStream;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.OpenResponse;
import dev.crossfeed.http.ResponseMeta;
import dev.crossfeed.http.SseEvent;
import dev.crossfeed.http.SseReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code streamGenerateContent?alt=sse} (§5): data-only SSE events, each a whole
 * {@code GenerateContentResponse}, separated by {@code \r\n\r\n} or {@code \n\n}, with no terminator: the body
 * just ends. So a body that ends after a chunk with a {@code finishReason} (or a prompt {@code blockReason}) is
 * complete, and one that ends without is a cut stream. Error objects inside the 200 stream are recognised both
 * as {@code data:} payloads and as raw JSON written without the prefix, possibly over several lines (buffered
 * until the braces balance, up to {@value #MAX_RAW} characters), and also inside a one-element array.
 * Memory stays constant besides the answer itself (held once, in the base class's accumulator): each event is
 * parsed and dropped.
 */
final class GeminiStream extends HttpChatStream {
  private static final Logger log = LoggerFactory.getLogger(GeminiStream.class);
  static final int MAX_RAW = 1 << 20;

  private final SseReader reader;
  private final ChunkParser parser;
  private final ModelInfo info;
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
  private final List<StreamEvent> scratch = new ArrayList<>();
  private final RawJson raw = new RawJson(MAX_RAW);
  private boolean done;
  /** The body ended complete: the Completed goes out once the events queued before it were delivered. */
  private boolean completing;
  /** An error read after events still queued: thrown once the caller has them (they may be content). */
  private RuntimeException pending;

  GeminiStream(HttpExchange exchange, String model, OpenResponse open, ChunkParser parser, ModelInfo info) {
    super(exchange, model, open);
    this.reader = new SseReader(source());
    this.parser = parser;
    this.info = info;
  }

  @Override
  protected StreamEvent nextEvent() throws IOException {
    while (true) {
      StreamEvent e = queue.poll();
      if (e != null) return e;
      if (pending != null) throw pending;
      if (completing) {
        completing = false;
        // built from the base class's accumulator, which now holds every event: the answer is kept once
        return new StreamEvent.Completed(parser.response(accumulator(), meta(), info));
      }
      if (done) return null;
      SseEvent event;
      try {
        event = reader.next();
      } catch (IOException ex) {
        if (!parser.finished() || isClosed()) throw ex;
        log.debug("gemini stream failed after its finish chunk; completing: {}", ex.toString());
        event = null;
      }
      if (event == null) {
        if (!parser.finished()) return null; // cut: no finish reason before the end
        complete();
        continue;
      }
      // data first: an error written right after a chunk, without a blank line, lands in the same event
      String data = event.data().strip();
      if (!data.isEmpty() && !data.equals("[DONE]")) handle(data);
      if (!event.unprefixed().isEmpty() && pending == null) {
        for (String line : event.unprefixed().split("\n", -1)) {
          String json = raw.append(line);
          if (json == RawJson.OVERFLOW) {
            pending = exchange.invalidResponse(model, "unprefixed stream data over " + MAX_RAW + " characters", null, meta());
            break;
          }
          if (json != null) handle(json);
          if (pending != null) break;
        }
      }
    }
  }

  /** Parses one JSON value; a failure is kept in {@link #pending} so events queued before it go out first. */
  private void handle(String json) {
    try {
      parse(json);
    } catch (RuntimeException ex) {
      pending = ex;
    }
  }

  private void parse(String json) {
    JsonNode node;
    try {
      node = Json.readTree(json);
    } catch (IOException | RuntimeException ex) {
      throw exchange.invalidResponse(model, "unparseable stream chunk (" + ex.getClass().getSimpleName() + ")", ex, meta());
    }
    if (node == null) return;
    if (node.isArray()) {
      if (node.size() == 0) return;
      node = node.get(0);
    }
    if (node.has("error")) throw exchange.error(0, ErrorBodies.parse(node), meta(), model);
    if (!node.isObject()) {
      throw exchange.invalidResponse(model, "stream chunk is not a JSON object", null, meta());
    }
    scratch.clear();
    parser.accept(node, scratch);
    enqueue();
  }

  private void complete() {
    done = true;
    scratch.clear();
    parser.finish(scratch);
    enqueue();
    completing = true;
  }

  /** Queues the parsed events. */
  private void enqueue() {
    queue.addAll(scratch);
  }

  /** The response's meta with the {@code responseId} seen so far as request id (Gemini sends no header). */
  private ResponseMeta meta() {
    ResponseMeta m = open.meta();
    String id = parser.responseId().isEmpty() ? m.requestId() : parser.responseId();
    return new ResponseMeta(m.status(), id, m.rateLimits(), Optional.empty());
  }
}
