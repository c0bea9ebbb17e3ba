package dev.crossfeed.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
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
import java.util.HashMap;
import java.util.Map;

/**
 * Parses a Messages API event stream incrementally: {@code message_start}, {@code content_block_start/delta/stop}
 * (text, tool input JSON, thinking and signature deltas), cumulative {@code message_delta} usage, {@code ping},
 * {@code message_stop} and {@code error}. Unknown events and block types are ignored. Memory is bounded by the SSE
 * reader's limits plus the blocks still open, besides the answer itself (held once, in the base class's
 * accumulator).
 */
final class MessageStream extends HttpChatStream {
  private final SseReader sse;
  private final AnthropicChatModel.Call call;
  private final ResponseMeta meta;
  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
  private final UsageCounts usage = new UsageCounts();
  private final Map<Integer, Block> open = new HashMap<>();
  private int toolCount;
  private String stopReason;
  private String answeredModel;
  private boolean started;
  /** message_stop was read: the Completed goes out once the events queued before it were delivered. */
  private boolean stopped;

  /** A content block between its start and stop. */
  private static final class Block {
    final String type;
    int toolIndex = -1;
    String id = "";
    String name = "";
    String initialInput = "";
    boolean jsonAnswer;
    final StringBuilder json = new StringBuilder();

    Block(String type) {
      this.type = type;
    }
  }

  MessageStream(HttpExchange http, AnthropicChatModel.Call call, OpenResponse response) {
    super(http, call.model, response);
    this.sse = new SseReader(source());
    this.call = call;
    this.meta = response.meta();
    this.answeredModel = call.model;
  }

  @Override
  protected StreamEvent nextEvent() throws IOException {
    while (pending.isEmpty()) {
      if (stopped) return completed();
      SseEvent e = sse.next();
      if (e == null) return null; // the base reports a stream cut before message_stop
      handle(e);
    }
    return pending.poll();
  }

  private void handle(SseEvent e) {
    if (e.data().isEmpty()) {
      if (!e.unprefixed().isEmpty() && !started) notAStream(e.unprefixed());
      return;
    }
    JsonNode data = parse(e.data(), "unparseable stream event");
    String type = !e.event().isEmpty() ? e.event() : data.path("type").asText();
    switch (type) {
      case "message_start":
        started = true;
        JsonNode message = data.path("message");
        answeredModel = ResponseParser.textOr(message, "model", call.model);
        usage.merge(message.get("usage"));
        emit(new StreamEvent.UsageUpdate(usage.toUsage()));
        break;
      case "content_block_start":
        startBlock(data.path("index").asInt(), data.path("content_block"));
        break;
      case "content_block_delta":
        delta(data.path("index").asInt(), data.path("delta"));
        break;
      case "content_block_stop":
        stopBlock(open.remove(data.path("index").asInt()));
        break;
      case "message_delta":
        JsonNode reason = data.path("delta").path("stop_reason");
        if (reason.isTextual()) stopReason = reason.asText();
        usage.merge(data.get("usage"));
        emit(new StreamEvent.UsageUpdate(usage.toUsage()));
        break;
      case "message_stop":
        finish();
        break;
      case "error":
        throw exchange.error(0, ErrorBodies.parse(data), ResponseParser.withoutRetryHint(meta), model);
      default:
        break; // ping and event types added later
    }
  }

  private void startBlock(int index, JsonNode shell) {
    Block b = new Block(shell.path("type").asText());
    open.put(index, b);
    switch (b.type) {
      case "text":
        text(shell.path("text").asText());
        break;
      case "thinking":
        reasoning(shell.path("thinking").asText());
        break;
      case "tool_use":
        b.id = shell.path("id").asText();
        b.name = shell.path("name").asText();
        JsonNode input = shell.get("input");
        if (input != null && input.isObject() && !input.isEmpty()) b.initialInput = input.toString();
        if (b.name.equals(call.jsonTool)) {
          b.jsonAnswer = true;
        } else {
          b.toolIndex = toolCount++;
          emit(new StreamEvent.ToolCallDelta(b.toolIndex, b.id, b.name, ""));
        }
        break;
      default:
        break; // redacted_thinking arrives whole and is not shown; server tool blocks are skipped
    }
  }

  private void delta(int index, JsonNode delta) {
    String kind = delta.path("type").asText();
    Block b = open.get(index);
    if (b == null && !kind.equals("input_json_delta")) {
      b = new Block(kind.equals("thinking_delta") ? "thinking" : "text"); // a delta without its start: keep the content
      open.put(index, b);
    }
    switch (kind) {
      case "text_delta":
        text(delta.path("text").asText());
        break;
      case "thinking_delta":
        reasoning(delta.path("thinking").asText());
        break;
      case "input_json_delta":
        if (b == null || !b.type.equals("tool_use")) break;
        String part = delta.path("partial_json").asText();
        b.json.append(part);
        if (part.isEmpty()) break;
        if (b.jsonAnswer) text(part);
        else emit(new StreamEvent.ToolCallDelta(b.toolIndex, "", "", part));
        break;
      default:
        break; // signature_delta, citations_delta, anything new
    }
  }

  private void stopBlock(Block b) {
    if (b == null || !b.type.equals("tool_use")) return;
    if (b.jsonAnswer) {
      if (b.json.length() == 0) text(b.initialInput);
      return;
    }
    String raw = b.json.length() > 0 ? b.json.toString() : b.initialInput;
    emit(new StreamEvent.ToolCallComplete(b.toolIndex, new ToolCall(b.id, b.name, normalize(raw))));
  }

  private void finish() {
    // blocks the server never closed (should not happen) still count
    open.keySet().stream().sorted().toList().forEach(i -> stopBlock(open.remove(i)));
    stopped = true;
  }

  /**
   * The final response, built from the base class's accumulator (the stream keeps no copy of the answer):
   * called with nothing queued, so every event of the answer is in it.
   */
  private StreamEvent completed() {
    StreamAccumulator answer = accumulator();
    FinishReason reason = UsageCounts.finishReason(stopReason);
    if (call.jsonTool != null && reason == FinishReason.TOOL_CALLS && answer.toolCalls().isEmpty()) {
      reason = FinishReason.STOP;
    }
    ChatResponse response =
        answer
            .toResponse(reason)
            .usage(usage.toUsage())
            .cost(call.info.costOf(usage.toUsage()).orElse(null))
            .provider(AnthropicChatModel.PROVIDER)
            .model(answeredModel)
            .requestId(meta.requestId())
            .rateLimits(meta.rateLimits())
            .build();
    return new StreamEvent.Completed(response);
  }

  private void text(String s) {
    if (!s.isEmpty()) emit(new StreamEvent.TextDelta(s));
  }

  private void reasoning(String s) {
    if (!s.isEmpty()) emit(new StreamEvent.ReasoningDelta(s));
  }

  private void emit(StreamEvent e) {
    pending.add(e);
  }

  /** A body that is not an event stream: a JSON error envelope is classified, anything else is invalid. */
  private void notAStream(String body) {
    JsonNode node;
    try {
      node = Json.readTree(body);
    } catch (JsonProcessingException ex) {
      node = null;
    }
    if (node != null && node.isObject() && node.has("error")) {
      throw exchange.error(0, ErrorBodies.parse(node), ResponseParser.withoutRetryHint(meta), model);
    }
    throw exchange.invalidResponse(model, "response is not an Anthropic event stream", null, meta);
  }

  private JsonNode parse(String json, String what) {
    try {
      JsonNode node = Json.readTree(json);
      if (node != null && node.isObject()) return node;
      throw exchange.invalidResponse(model, what + ": not a JSON object", null, meta);
    } catch (JsonProcessingException ex) {
      throw exchange.invalidResponse(model, what + " (" + ex.getClass().getSimpleName() + ")", ex, meta);
    }
  }

  /**
   * Streamed tool input as compact JSON, like the non-streaming path; {@code {}} when empty. Input that does not
   * parse (cut by {@code max_tokens}) is passed on as received.
   */
  static String normalize(String raw) {
    if (raw.isBlank()) return "{}";
    try {
      JsonNode n = Json.readTree(raw);
      if (n != null && n.isObject()) return ResponseParser.arguments(n);
    } catch (JsonProcessingException e) {
      // fall through
    }
    return raw;
  }
}
