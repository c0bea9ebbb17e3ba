package dev.crossfeed.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads the parts of an {@code /api/chat} answer shared by whole responses and NDJSON lines: message text,
 * thinking, tool calls (object arguments to JSON strings, ids synthesised when absent), {@code done_reason} and
 * token counts. Stateless.
 */
final class ChatResponseDecoder {
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private ChatResponseDecoder() {}

  /** A whole non-streamed answer, without provider, cost and headers. */
  static ChatResponse.Builder decode(JsonNode root, String requestedModel) {
    JsonNode message = root.path("message");
    List<ToolCall> calls = toolCalls(message);
    return ChatResponse.builder()
        .text(text(message, "content"))
        .reasoning(text(message, "thinking"))
        .toolCalls(calls)
        .finishReason(finishReason(root, !calls.isEmpty()))
        .usage(usage(root))
        .model(model(root, requestedModel));
  }

  /** The tool calls on a message node, in order; empty when none. */
  static List<ToolCall> toolCalls(JsonNode message) {
    JsonNode calls = message.path("tool_calls");
    if (!calls.isArray() || calls.isEmpty()) return List.of();
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (JsonNode c : calls) {
      JsonNode fn = c.path("function");
      String name = text(fn, "name");
      if (name.isEmpty()) throw new IllegalArgumentException("tool call without a function name");
      String id = text(c, "id");
      out.add(new ToolCall(id.isEmpty() ? newCallId() : id, name, argumentsJson(fn.get("arguments"))));
    }
    return out;
  }

  /**
   * Ollama sends arguments as a JSON object; we hand them on as a JSON string ({@code {}} when absent). A string
   * (as some proxies send) is kept as it is.
   */
  static String argumentsJson(JsonNode args) {
    if (args == null || args.isNull() || args.isMissingNode()) return "{}";
    if (args.isTextual()) return args.asText().isBlank() ? "{}" : args.asText();
    try {
      return Json.writeValueAsString(args);
    } catch (Exception e) {
      throw new IllegalArgumentException("unwritable tool arguments", e);
    }
  }

  /**
   * {@code done_reason}: {@code stop} (or absent, on old servers) ends the turn, or means tool calls when there
   * were some; {@code length} is the token cap; {@code load}, {@code unload} and anything new are OTHER.
   */
  static FinishReason finishReason(JsonNode root, boolean hadToolCalls) {
    String reason = text(root, "done_reason");
    switch (reason) {
      case "":
      case "stop":
        return hadToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      default:
        return FinishReason.OTHER;
    }
  }

  /** {@code prompt_eval_count} in, {@code eval_count} out; Ollama reports no cached or reasoning counts. */
  static Usage usage(JsonNode root) {
    return Usage.of(count(root, "prompt_eval_count"), count(root, "eval_count"));
  }

  static boolean hasUsage(JsonNode root) {
    return root.has("prompt_eval_count") || root.has("eval_count");
  }

  static String model(JsonNode root, String fallback) {
    String m = text(root, "model");
    return m.isEmpty() ? fallback : m;
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isValueNode() || v.isNull() ? "" : v.asText();
  }

  private static long count(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.canConvertToLong()) return 0;
    return Math.max(0, v.asLong());
  }

  /** Like the server's own ids: {@code call_} and 8 random lowercase alphanumerics. */
  static String newCallId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) id[i] = ID_CHARS[r.nextInt(ID_CHARS.length)];
    return "call_" + new String(id);
  }
}
