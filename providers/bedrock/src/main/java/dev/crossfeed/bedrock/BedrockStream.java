package dev.crossfeed.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.http.ErrorInfo;
import dev.crossfeed.http.HttpChatStream;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.OpenResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a ConverseStream body (bedrock-converse.md §4): event-stream messages pulled from the connection as they
 * complete ({@link EventStreamReader}, both CRCs checked), each {@code event} handed to the {@link BedrockDecoder},
 * each {@code exception} frame (or unmodeled {@code error} frame) thrown classified by its type like an HTTP error.
 * There is no terminator: a body that ends after {@code messageStop} is complete (its {@code metadata} usage may
 * come before or after), one that ends before it is a cut stream, and one that ends inside a frame is
 * INVALID_RESPONSE. The base class turns failures after content into STREAM_INTERRUPTED with the partial answer.
 * Memory stays constant besides the answer (held once, in the base class's accumulator) and one frame.
 */
final class BedrockStream extends HttpChatStream {
  private final EventStreamReader reader;
  private final BedrockDecoder decoder;
  private final ModelInfo info;
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
  private final List<StreamEvent> scratch = new ArrayList<>();
  private boolean done;

  BedrockStream(HttpExchange exchange, String model, OpenResponse open, BedrockDecoder decoder, ModelInfo info) {
    super(exchange, model, open);
    this.reader = new EventStreamReader(source().inputStream(), new EventStreamDecoder());
    this.decoder = decoder;
    this.info = info;
  }

  @Override
  protected StreamEvent nextEvent() throws IOException {
    while (true) {
      StreamEvent e = queue.poll();
      if (e != null) return e;
      if (done) return null;
      EventStreamMessage m = reader.next();
      if (m == null) {
        done = true;
        if (!decoder.finished()) return null; // cut: the body ended before messageStop
        // built from the base class's accumulator, which holds every event by now: the answer is kept once
        return new StreamEvent.Completed(decoder.response(accumulator(), open.meta(), info));
      }
      handle(m);
    }
  }

  private void handle(EventStreamMessage m) {
    switch (m.messageType()) {
      case "event":
        JsonNode payload = json(m);
        scratch.clear();
        try {
          decoder.event(m.header(":event-type"), payload, scratch);
        } catch (IllegalArgumentException ex) {
          throw exchange.invalidResponse(model, "unusable stream event: " + ex.getMessage(), ex, open.meta());
        }
        queue.addAll(scratch);
        break;
      case "exception": {
        String code = m.header(":exception-type");
        JsonNode p = json(m);
        String message = p.path("message").asText(p.path("Message").asText(""));
        throw exchange.error(0, new ErrorInfo("", code, "", message, "", Optional.empty()), open.meta(), model);
      }
      case "error":
        throw exchange.error(0, new ErrorInfo("", m.header(":error-code"), "", m.header(":error-message"), "", Optional.empty()),
            open.meta(), model);
      default:
        throw exchange.invalidResponse(model, "event-stream message of unknown type '" + m.messageType() + "'", null, open.meta());
    }
  }

  private JsonNode json(EventStreamMessage m) {
    try {
      JsonNode node = Json.readTree(m.payload());
      if (node == null || !node.isObject()) throw new IOException("not a JSON object");
      return node;
    } catch (IOException | RuntimeException ex) {
      throw exchange.invalidResponse(model, "unparseable " + m.messageType() + " payload (" + ex.getClass().getSimpleName() + ")", ex,
          open.meta());
    }
  }
}
