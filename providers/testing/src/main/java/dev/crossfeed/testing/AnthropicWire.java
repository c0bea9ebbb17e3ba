package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Renders Anthropic Messages API bodies and events (reference: anthropic-messages.md). */
final class AnthropicWire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DEFAULT_MODEL = "claude-sonnet-4-5";

  private AnthropicWire() {}

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String model(FakeResponse r, FakeRequest req) {
    return r.model().orElse(req.model().isEmpty() ? DEFAULT_MODEL : req.model());
  }

  /** The non-streaming {@code message} object: thinking, text and tool_use blocks, stop reason, usage. */
  static String message(FakeResponse r, FakeRequest req) {
    ObjectNode root = head(r, req);
    ArrayNode content = root.putArray("content");
    if (!r.reasoning().isEmpty()) {
      content.addObject().put("type", "thinking").put("thinking", r.reasoning()).put("signature", signature(req));
    }
    if (!r.text().isEmpty()) content.addObject().put("type", "text").put("text", r.text());
    for (ToolCall c : r.toolCalls()) {
      ObjectNode use = content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name());
      use.set("input", input(c.argumentsJson()));
    }
    root.put("stop_reason", stopReason(r.finishReason()));
    root.putNull("stop_sequence");
    root.set("usage", usage(r.usage(), r.usage().outputTokens()));
    return write(root);
  }

  /**
   * The event stream of §4.2: {@code message_start}; per block {@code content_block_start}, deltas,
   * {@code content_block_stop} (thinking with a closing {@code signature_delta}, text, then tool_use blocks whose
   * input arrives as an empty first fragment and then several {@code partial_json} pieces); a {@code ping} after
   * the first block start; {@code message_delta} with the stop reason and cumulative usage; {@code message_stop}.
   * Deltas and tool_use starts are content frames.
   */
  static List<WireFrame> events(FakeResponse r, FakeRequest req) {
    List<WireFrame> frames = new ArrayList<>();
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode message = head(r, req);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", usage(r.usage(), 1));
    start.set("message", message);
    frames.add(WireFrame.control(event(start)));
    int index = 0;
    if (!r.reasoning().isEmpty()) {
      frames.add(WireFrame.control(blockStart(index, JSON.createObjectNode().put("type", "thinking").put("thinking", "").put("signature", ""))));
      frames.add(WireFrame.control(event(JSON.createObjectNode().put("type", "ping"))));
      for (String part : FakeResponse.text(r.reasoning()).chunks()) {
        frames.add(WireFrame.content(delta(index, JSON.createObjectNode().put("type", "thinking_delta").put("thinking", part))));
      }
      frames.add(WireFrame.control(delta(index, JSON.createObjectNode().put("type", "signature_delta").put("signature", signature(req)))));
      frames.add(WireFrame.control(blockStop(index++)));
    }
    if (!r.text().isEmpty() || (r.toolCalls().isEmpty() && r.reasoning().isEmpty())) {
      frames.add(WireFrame.control(blockStart(index, JSON.createObjectNode().put("type", "text").put("text", ""))));
      if (index == 0) frames.add(WireFrame.control(event(JSON.createObjectNode().put("type", "ping"))));
      for (String part : r.chunks()) {
        frames.add(WireFrame.content(delta(index, JSON.createObjectNode().put("type", "text_delta").put("text", part))));
      }
      frames.add(WireFrame.control(blockStop(index++)));
    }
    for (ToolCall c : r.toolCalls()) {
      ObjectNode shell = JSON.createObjectNode().put("type", "tool_use").put("id", c.id()).put("name", c.name());
      shell.putObject("input");
      frames.add(WireFrame.content(blockStart(index, shell)));
      frames.add(WireFrame.control(delta(index, JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", ""))));
      String args = write(input(c.argumentsJson()));
      for (String part : fragments(args.equals("{}") ? "" : args)) {
        frames.add(WireFrame.content(delta(index, JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", part))));
      }
      frames.add(WireFrame.control(blockStop(index++)));
    }
    ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
    end.putObject("delta").put("stop_reason", stopReason(r.finishReason())).putNull("stop_sequence");
    end.set("usage", usage(r.usage(), r.usage().outputTokens()));
    frames.add(WireFrame.control(event(end)));
    frames.add(WireFrame.control(event(JSON.createObjectNode().put("type", "message_stop"))));
    return frames;
  }

  /** One SSE event: {@code event: <type>} then {@code data: <json>} and a blank line. */
  static String event(ObjectNode data) {
    return "event: " + data.path("type").asText() + "\ndata: " + write(data) + "\n\n";
  }

  private static String blockStart(int index, ObjectNode block) {
    ObjectNode e = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
    e.set("content_block", block);
    return event(e);
  }

  private static String delta(int index, ObjectNode delta) {
    ObjectNode e = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
    e.set("delta", delta);
    return event(e);
  }

  private static String blockStop(int index) {
    return event(JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
  }

  private static ObjectNode head(FakeResponse r, FakeRequest req) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "msg_fake_" + req.number());
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", model(r, req));
    return root;
  }

  private static String signature(FakeRequest req) {
    return "EqQBCkYIBxgCKkA" + req.number() + "fakeSignature";
  }

  /**
   * Anthropic usage for a neutral one: {@code input_tokens} are the uncached ones, the cached ones are
   * {@code cache_read_input_tokens} (the client adds them back); reasoning goes to
   * {@code output_tokens_details.thinking_tokens} when non-zero.
   */
  static ObjectNode usage(Usage u, long outputTokens) {
    ObjectNode n = JSON.createObjectNode();
    long cached = Math.min(u.cachedInputTokens(), u.inputTokens());
    n.put("input_tokens", u.inputTokens() - cached);
    n.put("cache_creation_input_tokens", 0);
    n.put("cache_read_input_tokens", cached);
    n.put("output_tokens", outputTokens);
    if (u.reasoningTokens() > 0) n.putObject("output_tokens_details").put("thinking_tokens", u.reasoningTokens());
    n.put("service_tier", "standard");
    return n;
  }

  static String stopReason(FinishReason reason) {
    switch (reason) {
      case LENGTH:
        return "max_tokens";
      case TOOL_CALLS:
        return "tool_use";
      case CONTENT_FILTERED:
        return "refusal";
      case CONTEXT_LENGTH_EXCEEDED:
        return "model_context_window_exceeded";
      case OTHER:
        return "pause_turn";
      default:
        return "end_turn";
    }
  }

  /** A tool call's arguments as the {@code input} object ({@code {}} when not a JSON object). */
  static JsonNode input(String argumentsJson) {
    try {
      JsonNode n = JSON.readTree(argumentsJson);
      return n != null && n.isObject() ? n : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  /** Input JSON split in three fragments (fewer when short), so a client must concatenate them. */
  static List<String> fragments(String args) {
    List<String> out = new ArrayList<>();
    if (args.isEmpty()) return out;
    int n = Math.min(3, args.length());
    int step = (args.length() + n - 1) / n;
    for (int i = 0; i < args.length(); i += step) out.add(args.substring(i, Math.min(args.length(), i + step)));
    return out;
  }

  /** The error type and typical message of a failure, per §5.2/§5.3. */
  static String[] error(Failure failure, String model) {
    switch (failure) {
      case RATE_LIMITED:
        return new String[] {"rate_limit_error", "This request would exceed the rate limit for your organization of "
            + "30,000 input tokens per minute. Please reduce the prompt length or the maximum tokens requested, or try "
            + "again later."};
      case QUOTA_EXHAUSTED:
        return new String[] {"billing_error", "Your credit balance is too low to access the Anthropic API. Please go to "
            + "Plans & Billing to upgrade or purchase credits."};
      case OVERLOADED:
        return new String[] {"overloaded_error", "Overloaded"};
      case AUTHENTICATION:
        return new String[] {"authentication_error", "invalid x-api-key"};
      case PERMISSION:
        return new String[] {"permission_error", "Your API key does not have permission to use the specified resource."};
      case MODEL_NOT_FOUND:
        return new String[] {"not_found_error", "model: " + model};
      case CONTEXT_LENGTH_EXCEEDED:
        return new String[] {"invalid_request_error", "prompt is too long: 208656 tokens > 200000 maximum"};
      case INVALID_REQUEST:
        return new String[] {"invalid_request_error", "messages: text content blocks must be non-empty"};
      case TIMEOUT:
        return new String[] {"timeout_error", "Request timed out"};
      default:
        return new String[] {"api_error", "Internal server error"};
    }
  }

  /** {@code {"type":"error","error":{"type","message"},"request_id"}}; no request id for in-stream errors. */
  static String errorBody(String type, String message, String requestId) {
    ObjectNode root = JSON.createObjectNode().put("type", "error");
    root.putObject("error").put("type", type).put("message", message);
    if (requestId != null) root.put("request_id", requestId);
    return write(root);
  }
}
