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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Renders Bedrock Converse bodies and ConverseStream event-stream frames (reference: bedrock-converse.md). */
final class BedrockWire {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private BedrockWire() {}

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Converse answer of §3: reasoning, text and toolUse blocks, stopReason, usage, metrics. */
  static String converse(FakeResponse r) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode message = root.putObject("output").putObject("message").put("role", "assistant");
    ArrayNode content = message.putArray("content");
    if (!r.reasoning().isEmpty()) {
      content.addObject().putObject("reasoningContent").putObject("reasoningText")
          .put("text", r.reasoning()).put("signature", "ErcBCkgIfakeSignature");
    }
    if (!r.text().isEmpty()) content.addObject().put("text", r.text());
    for (ToolCall c : r.toolCalls()) {
      ObjectNode use = content.addObject().putObject("toolUse").put("toolUseId", c.id()).put("name", c.name());
      use.set("input", input(c.argumentsJson()));
    }
    root.put("stopReason", stopReason(r));
    root.set("usage", usage(r.usage()));
    root.putObject("metrics").put("latencyMs", 42);
    return write(root);
  }

  /**
   * The ConverseStream frames of §4.3: {@code messageStart}; reasoning deltas then one signature delta and a stop;
   * text deltas (no start event) and a stop; per tool call a {@code contentBlockStart}, its input in string
   * fragments and a stop; {@code messageStop}; {@code metadata} with usage. Every payload carries the {@code p}
   * padding. Deltas and tool starts are content frames; control frames are written in two HTTP chunks each, so a
   * client must join frames across reads.
   */
  static List<WireFrame> stream(FakeResponse r) {
    List<WireFrame> frames = new ArrayList<>();
    control(frames, "messageStart", pad(JSON.createObjectNode().put("role", "assistant"), 0));
    int index = 0;
    int n = 1;
    if (!r.reasoning().isEmpty()) {
      for (String part : FakeResponse.text(r.reasoning()).chunks()) {
        ObjectNode e = block(index);
        e.putObject("delta").putObject("reasoningContent").put("text", part);
        frames.add(content("contentBlockDelta", pad(e, n++)));
      }
      ObjectNode sig = block(index);
      sig.putObject("delta").putObject("reasoningContent").put("signature", "Eu0CCkgIfakeSignature");
      control(frames, "contentBlockDelta", pad(sig, n++));
      control(frames, "contentBlockStop", pad(block(index++), n++));
    }
    if (!r.text().isEmpty()) {
      for (String part : r.chunks()) {
        ObjectNode e = block(index);
        e.putObject("delta").put("text", part);
        frames.add(content("contentBlockDelta", pad(e, n++)));
      }
      control(frames, "contentBlockStop", pad(block(index++), n++));
    }
    for (ToolCall c : r.toolCalls()) {
      ObjectNode start = block(index);
      start.putObject("start").putObject("toolUse").put("name", c.name()).put("toolUseId", c.id());
      frames.add(content("contentBlockStart", pad(start, n++)));
      String args = write(input(c.argumentsJson()));
      for (String part : fragments(args.equals("{}") ? "" : args)) {
        ObjectNode e = block(index);
        e.putObject("delta").putObject("toolUse").put("input", part);
        frames.add(content("contentBlockDelta", pad(e, n++)));
      }
      control(frames, "contentBlockStop", pad(block(index++), n++));
    }
    control(frames, "messageStop", pad(JSON.createObjectNode().put("stopReason", stopReason(r)), n++));
    ObjectNode meta = JSON.createObjectNode();
    meta.putObject("metrics").put("latencyMs", 42);
    meta.set("usage", usage(r.usage()));
    control(frames, "metadata", pad(meta, n));
    return frames;
  }

  /** An in-stream exception frame for {@code failure} (§4.1): {@code :exception-type} and {@code {"message"}}. */
  static WireFrame exception(Failure failure) {
    String[] e = error(failure);
    String type = Character.toLowerCase(e[0].charAt(0)) + e[0].substring(1);
    return WireFrame.control(latin1(EventStreamFrames.exception(type, message(e[1]))));
  }

  /** {@code {"message":"..."}}. */
  static String message(String text) {
    return write(JSON.createObjectNode().put("message", text));
  }

  /** The error code and typical message of a failure (§6). */
  static String[] error(Failure failure) {
    switch (failure) {
      case RATE_LIMITED:
        return new String[] {"ThrottlingException", "Too many tokens, please wait before trying again."};
      case QUOTA_EXHAUSTED:
        return new String[] {"ThrottlingException", "Too many tokens per day, please wait before trying again."};
      case OVERLOADED:
        return new String[] {"ServiceUnavailableException", "Bedrock is unable to process your request."};
      case TIMEOUT:
        return new String[] {"ModelTimeoutException", "Model has timed out in processing the request."};
      case AUTHENTICATION:
        return new String[] {"UnrecognizedClientException", "The security token included in the request is invalid."};
      case PERMISSION:
        return new String[] {"AccessDeniedException", "You don't have access to the model with the specified model ID."};
      case MODEL_NOT_FOUND:
        return new String[] {"ResourceNotFoundException", "Could not resolve the foundation model from the provided model identifier."};
      case CONTEXT_LENGTH_EXCEEDED:
        return new String[] {"ValidationException", "The model returned the following errors: prompt is too long: 227255 tokens > 200000 maximum"};
      case INVALID_REQUEST:
        return new String[] {"ValidationException", "The toolConfig field must be defined when using toolUse and toolResult content blocks."};
      default:
        return new String[] {"InternalServerException", "The server encountered an internal error."};
    }
  }

  static int status(Failure failure) {
    switch (failure) {
      case RATE_LIMITED:
      case QUOTA_EXHAUSTED:
        return 429;
      case OVERLOADED:
        return 503;
      case TIMEOUT:
        return 408;
      case AUTHENTICATION:
      case PERMISSION:
        return 403;
      case MODEL_NOT_FOUND:
        return 404;
      case CONTEXT_LENGTH_EXCEEDED:
      case INVALID_REQUEST:
        return 400;
      default:
        return 500;
    }
  }

  static String stopReason(FakeResponse r) {
    FinishReason f = r.finishReason();
    switch (f) {
      case LENGTH:
        return "max_tokens";
      case TOOL_CALLS:
        return "tool_use";
      case CONTENT_FILTERED:
        return "content_filtered";
      case CONTEXT_LENGTH_EXCEEDED:
        return "model_context_window_exceeded";
      case OTHER:
        return "malformed_model_output";
      default:
        return "end_turn";
    }
  }

  /** Bedrock usage for a neutral one: {@code inputTokens} excludes the cached (cache-read) part. */
  static ObjectNode usage(Usage u) {
    long cached = Math.min(u.cachedInputTokens(), u.inputTokens());
    ObjectNode n = JSON.createObjectNode();
    n.put("inputTokens", u.inputTokens() - cached);
    n.put("outputTokens", u.outputTokens());
    n.put("totalTokens", u.inputTokens() + u.outputTokens());
    n.put("cacheReadInputTokens", cached);
    n.put("cacheWriteInputTokens", 0);
    return n;
  }

  static JsonNode input(String argumentsJson) {
    try {
      JsonNode n = JSON.readTree(argumentsJson);
      return n != null && n.isObject() ? n : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  /** Bytes carried in a {@link WireFrame}'s text, one char per byte ({@link FakeBedrockServer} writes them back). */
  static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static List<String> fragments(String args) {
    List<String> out = new ArrayList<>();
    if (args.isEmpty()) return out;
    int step = Math.max(1, (args.length() + 2) / 3);
    for (int i = 0; i < args.length(); i += step) out.add(args.substring(i, Math.min(args.length(), i + step)));
    return out;
  }

  private static ObjectNode block(int index) {
    return JSON.createObjectNode().put("contentBlockIndex", index);
  }

  private static ObjectNode pad(ObjectNode payload, int n) {
    return payload.put("p", PAD.substring(0, 1 + (n * 7) % PAD.length()));
  }

  private static WireFrame content(String type, ObjectNode payload) {
    return WireFrame.content(latin1(EventStreamFrames.event(type, write(payload))));
  }

  /** A control frame written in two pieces (two HTTP chunks). */
  private static void control(List<WireFrame> frames, String type, ObjectNode payload) {
    byte[] bytes = EventStreamFrames.event(type, write(payload));
    int half = bytes.length / 2;
    frames.add(WireFrame.control(latin1(Arrays.copyOfRange(bytes, 0, half))));
    frames.add(WireFrame.control(latin1(Arrays.copyOfRange(bytes, half, bytes.length))));
  }
}
