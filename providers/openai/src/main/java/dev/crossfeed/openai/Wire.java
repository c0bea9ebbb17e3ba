package dev.crossfeed.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.FinishReason;
import dev.crossfeed.Usage;
import java.security.SecureRandom;

/**
 * Readers for the pieces of a Chat Completions answer that every host spells a little differently: usage
 * (OpenAI details, DeepSeek cache-hit counts, Groq's {@code x_groq}), finish reasons, reasoning fields, content
 * that is a string or (Mistral Magistral) an array of thinking/text parts, and tool-call arguments.
 */
final class Wire {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Wire() {}

  /** The text of a field, or "" when missing, null or not a scalar. */
  static String text(JsonNode node, String field) {
    if (node == null) return "";
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
  }

  /** Usage from a {@code usage} object, or null when absent. */
  static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) return null;
    long input = count(usage, "prompt_tokens");
    long output = count(usage, "completion_tokens");
    long cached = count(usage.get("prompt_tokens_details"), "cached_tokens");
    if (cached == 0) cached = count(usage, "prompt_cache_hit_tokens");
    long reasoning = count(usage.get("completion_tokens_details"), "reasoning_tokens");
    return new Usage(input, output, cached, reasoning);
  }

  /** Usage of a chunk or body: top-level {@code usage}, else Groq's {@code x_groq.usage}; null when neither. */
  static Usage usageOf(JsonNode root) {
    Usage u = usage(root.get("usage"));
    if (u == null) {
      JsonNode groq = root.get("x_groq");
      if (groq != null) u = usage(groq.get("usage"));
    }
    return u;
  }

  private static long count(JsonNode node, String field) {
    if (node == null) return 0;
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? Math.max(0, v.asLong()) : 0;
  }

  /** Maps a {@code finish_reason}; null when absent. Error-like reasons are the caller's to reject first. */
  static FinishReason finishReason(String reason) {
    switch (reason) {
      case "":
        return null;
      case "stop":
      case "eos":
      case "end_turn":
        return FinishReason.STOP;
      case "length":
      case "max_tokens":
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      case "content_filter":
        return FinishReason.CONTENT_FILTERED;
      case "model_length":
        return FinishReason.CONTEXT_LENGTH_EXCEEDED;
      default:
        return FinishReason.OTHER;
    }
  }

  /** True for finish reasons that mean the host failed (Mistral/OpenRouter {@code error}, DeepSeek overload). */
  static boolean isErrorFinish(String reason) {
    return reason.equals("error") || reason.equals("insufficient_system_resource");
  }

  /**
   * True when Azure's per-choice {@code content_filter_results} marks any category {@code filtered: true} (the
   * annotation that accompanies, or in async-filter streams follows, filtered output).
   */
  static boolean filteredByAzure(JsonNode choice) {
    JsonNode results = choice.get("content_filter_results");
    if (results == null || !results.isObject()) return false;
    for (JsonNode category : results) {
      if (category.path("filtered").asBoolean(false)) return true;
    }
    return false;
  }

  /** Reasoning text of a message or delta: {@code reasoning_content} (DeepSeek, older vLLM) or {@code reasoning}. */
  static String reasoning(JsonNode messageOrDelta) {
    String r = text(messageOrDelta, "reasoning_content");
    return r.isEmpty() ? text(messageOrDelta, "reasoning") : r;
  }

  /**
   * Splits {@code content} into answer text and reasoning: a string is text; an array (Mistral) holds
   * {@code {"type":"text","text"}} and {@code {"type":"thinking","thinking":[{"type":"text","text"}]}} parts.
   */
  static void content(JsonNode content, StringBuilder text, StringBuilder reasoning) {
    if (content == null || content.isNull()) return;
    if (content.isTextual()) {
      text.append(content.asText());
      return;
    }
    if (!content.isArray()) return;
    for (JsonNode part : content) {
      String type = text(part, "type");
      if (type.equals("thinking")) {
        JsonNode thinking = part.get("thinking");
        if (thinking != null && thinking.isTextual()) reasoning.append(thinking.asText());
        else if (thinking != null && thinking.isArray()) for (JsonNode t : thinking) reasoning.append(text(t, "text"));
      } else if (type.equals("text") || type.isEmpty()) {
        text.append(text(part, "text"));
      }
    }
  }

  /** Tool-call arguments as a string: usually a JSON string, some hosts send an object. */
  static String arguments(JsonNode function) {
    if (function == null) return "";
    JsonNode a = function.get("arguments");
    if (a == null || a.isNull()) return "";
    return a.isContainerNode() ? a.toString() : a.asText();
  }

  /** A call id for hosts that send none: 9 alphanumerics, the only form Mistral accepts back. */
  static String syntheticCallId() {
    char[] id = new char[9];
    for (int i = 0; i < id.length; i++) id[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
    return new String(id);
  }
}
