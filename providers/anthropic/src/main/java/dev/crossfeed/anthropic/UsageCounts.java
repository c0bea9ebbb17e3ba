package dev.crossfeed.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.FinishReason;
import dev.crossfeed.Usage;

/**
 * Anthropic's usage counters, merged from {@code message_start} and the cumulative {@code message_delta} usage
 * (a field present later replaces the earlier value), and the stop-reason mapping. Not thread-safe.
 */
final class UsageCounts {
  private long input;
  private long cacheCreation;
  private long cacheRead;
  private long output;
  private long thinking;

  /** Takes every counter present in {@code usage}; absent ones keep their value. */
  UsageCounts merge(JsonNode usage) {
    if (usage == null || !usage.isObject()) return this;
    input = count(usage, "input_tokens", input);
    cacheCreation = count(usage, "cache_creation_input_tokens", cacheCreation);
    cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
    output = count(usage, "output_tokens", output);
    JsonNode details = usage.get("output_tokens_details");
    if (details != null) thinking = count(details, "thinking_tokens", thinking);
    return this;
  }

  /**
   * Input = uncached + cache writes + cache reads (every prompt token); cached = cache reads; output includes
   * thinking; reasoning = {@code output_tokens_details.thinking_tokens} when reported.
   */
  Usage toUsage() {
    return new Usage(input + cacheCreation + cacheRead, output, cacheRead, Math.min(thinking, output));
  }

  private static long count(JsonNode node, String field, long previous) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong() || v.asLong() < 0) return previous;
    return v.asLong();
  }

  /** Anthropic {@code stop_reason} to {@link FinishReason}; null or unknown is {@link FinishReason#OTHER}. */
  static FinishReason finishReason(String stopReason) {
    if (stopReason == null) return FinishReason.OTHER;
    switch (stopReason) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "max_tokens":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "refusal":
        return FinishReason.CONTENT_FILTERED;
      case "model_context_window_exceeded":
        return FinishReason.CONTEXT_LENGTH_EXCEEDED;
      default:
        return FinishReason.OTHER; // pause_turn and anything new
    }
  }
}
