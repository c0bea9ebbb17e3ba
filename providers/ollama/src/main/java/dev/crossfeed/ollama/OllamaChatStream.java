package dev.crossfeed.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.HttpChatStream;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.NdjsonReader;
import dev.crossfeed.http.OpenResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/**
 * Parses Ollama's NDJSON chat stream one line at a time: {@code message.thinking} and {@code message.content}
 * pieces, whole tool calls (a delta with the complete arguments, then the completed call), an {@code error} line
 * (classified, even after a 200), and the {@code done: true} line with usage and {@code done_reason}, which
 * completes the stream. Memory is bounded by the line cap plus the answer itself, held once (in the base class's accumulator).
 */
final class OllamaChatStream extends HttpChatStream {
  private final NdjsonReader reader;
  private final Function<ChatResponse.Builder, ChatResponse> finisher;
  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
  private String answeredModel;
  private int toolCalls;
  private boolean done;
  /** Set by the done line; the Completed goes out once the events queued before it (its content) were delivered. */
  private FinishReason finishReason;

  /** @param finisher adds provider, headers and cost to the assembled response */
  OllamaChatStream(
      HttpExchange exchange, String model, OpenResponse open, Function<ChatResponse.Builder, ChatResponse> finisher) {
    super(exchange, model, open);
    this.reader = new NdjsonReader(source());
    this.finisher = finisher;
    this.answeredModel = model;
  }

  @Override
  protected StreamEvent nextEvent() throws IOException {
    while (pending.isEmpty()) {
      if (finishReason != null) return completed();
      if (done) return null;
      String line = reader.next();
      if (line == null) return null; // cut before the done line: the base reports it
      onLine(line);
    }
    return pending.poll();
  }

  private void onLine(String line) {
    JsonNode node;
    try {
      node = Json.readTree(line);
    } catch (JsonProcessingException e) {
      throw exchange.invalidResponse(model, "malformed NDJSON line in the chat stream", e, open.meta());
    }
    if (node == null || !node.isObject()) {
      throw exchange.invalidResponse(model, "NDJSON line is not a JSON object", null, open.meta());
    }
    if (node.has("error")) throw exchange.error(0, ErrorBodies.parse(node), open.meta(), model);
    answeredModel = ChatResponseDecoder.model(node, answeredModel);
    JsonNode message = node.path("message");
    String thinking = ChatResponseDecoder.text(message, "thinking");
    if (!thinking.isEmpty()) emit(new StreamEvent.ReasoningDelta(thinking));
    String content = ChatResponseDecoder.text(message, "content");
    if (!content.isEmpty()) emit(new StreamEvent.TextDelta(content));
    List<ToolCall> calls = ChatResponseDecoder.toolCalls(message);
    for (ToolCall call : calls) {
      int index = toolCalls++;
      emit(new StreamEvent.ToolCallDelta(index, call.id(), call.name(), call.argumentsJson()));
      emit(new StreamEvent.ToolCallComplete(index, call));
    }
    if (node.path("done").asBoolean(false)) {
      done = true;
      if (ChatResponseDecoder.hasUsage(node)) emit(new StreamEvent.UsageUpdate(ChatResponseDecoder.usage(node)));
      finishReason = ChatResponseDecoder.finishReason(node, toolCalls > 0);
    }
  }

  /**
   * The final response, built from the base class's accumulator (the stream keeps no copy of the answer): called
   * with nothing queued, so the done line's own content is in it.
   */
  private StreamEvent completed() {
    FinishReason reason = finishReason;
    finishReason = null;
    ChatResponse.Builder response = accumulator().toResponse(reason).model(answeredModel);
    return new StreamEvent.Completed(finisher.apply(response));
  }

  private void emit(StreamEvent event) {
    pending.add(event);
  }
}
