package dev.crossfeed.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.ResponseMeta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Converse answers into {@link StreamEvent}s, one decoder for both shapes so they cannot drift
 * (bedrock-converse.md §3, §4.3): a whole Converse body ({@link #converse}) is read block by block as if it had
 * been streamed, and ConverseStream events ({@link #event}) are read one by one. Text deltas become
 * {@link StreamEvent.TextDelta}, {@code reasoningContent} text {@link StreamEvent.ReasoningDelta} (its signature and
 * redacted content are kept, not surfaced: core has no field for them yet), {@code toolUse} blocks a first
 * {@link StreamEvent.ToolCallDelta} with id and name, input fragments, then a {@link StreamEvent.ToolCallComplete}
 * when the block stops (empty input is {@code {}}). {@code contentBlockIndex} counts every block, so tool calls get
 * their own index from 0. The padding key {@code p} and unknown keys are ignored.
 *
 * <p>Usage: {@code inputTokens} excludes cache reads and writes, so input = inputTokens + cacheRead + cacheWrite and
 * cached = cacheRead (the figures the other providers report). Finish reasons: {@code end_turn} and
 * {@code stop_sequence} STOP, {@code tool_use} TOOL_CALLS, {@code max_tokens} LENGTH, {@code guardrail_intervened} and
 * {@code content_filtered} CONTENT_FILTERED, {@code model_context_window_exceeded} CONTEXT_LENGTH_EXCEEDED, anything
 * else OTHER. Not thread-safe: one per call.
 */
final class BedrockDecoder {
  private final String requestedModel;
  private final Map<Integer, PendingTool> tools = new HashMap<>();
  private int nextToolIndex;
  private String stopReason;
  private Usage usage;
  private final StringBuilder signature = new StringBuilder();
  private boolean redacted;

  private static final class PendingTool {
    final int index;
    final String id;
    final String name;
    final StringBuilder input = new StringBuilder();

    PendingTool(int index, String id, String name) {
      this.index = index;
      this.id = id;
      this.name = name;
    }
  }

  BedrockDecoder(String requestedModel) {
    this.requestedModel = requestedModel;
  }

  /**
   * A whole Converse response body.
   *
   * @throws IllegalArgumentException when it lacks {@code output.message.content} or {@code stopReason}
   */
  void converse(JsonNode root, List<StreamEvent> out) {
    JsonNode content = root.path("output").path("message").path("content");
    if (!content.isArray()) throw new IllegalArgumentException("response has no output.message.content array");
    if (!root.path("stopReason").isTextual()) throw new IllegalArgumentException("response has no stopReason");
    int index = 0;
    for (JsonNode block : content) {
      if (block.has("toolUse")) {
        JsonNode use = block.get("toolUse");
        start(index, use, out);
        JsonNode input = use.path("input");
        if (!input.isMissingNode() && !input.isNull()) fragment(index, input.isTextual() ? input.asText() : input.toString(), out);
        stop(index, out);
      } else {
        delta(index, block, out);
      }
      index++;
    }
    stopReason = root.get("stopReason").asText();
    usage(root.path("usage"), out);
  }

  /**
   * One ConverseStream event, by its {@code :event-type}.
   *
   * @throws IllegalArgumentException for an event missing what its type requires
   */
  void event(String type, JsonNode payload, List<StreamEvent> out) {
    switch (type) {
      case "contentBlockStart": {
        JsonNode use = payload.path("start").path("toolUse");
        if (use.isObject()) start(index(payload), use, out);
        break;
      }
      case "contentBlockDelta":
        delta(index(payload), payload.path("delta"), out);
        break;
      case "contentBlockStop":
        stop(index(payload), out);
        break;
      case "messageStop":
        stopReason = payload.path("stopReason").asText("");
        break;
      case "metadata":
        usage(payload.path("usage"), out);
        break;
      default:
        break; // messageStart, and event types added later
    }
  }

  /** True once the answer's {@code stopReason} arrived. */
  boolean finished() {
    return stopReason != null;
  }

  /** True once usage arrived (the {@code metadata} event, last in recordings). */
  boolean sawUsage() {
    return usage != null;
  }

  /** The signature of the reasoning block, if one arrived (to send the reasoning back unmodified). */
  String reasoningSignature() {
    return signature.toString();
  }

  /** True if a reasoning block arrived redacted (encrypted, not shown). */
  boolean sawRedactedReasoning() {
    return redacted;
  }

  /** The answer assembled from what {@code acc} accepted, with this decoder's finish reason and the call's meta. */
  ChatResponse response(StreamAccumulator acc, ResponseMeta meta, ModelInfo info) {
    Usage u = acc.usage();
    return acc.toResponse(finishReason())
        .provider(BedrockIds.PROVIDER)
        .model(requestedModel)
        .requestId(meta.requestId().isEmpty() ? null : meta.requestId())
        .rateLimits(meta.rateLimits())
        .cost(info.costOf(u).orElse(null))
        .build();
  }

  FinishReason finishReason() {
    if (stopReason == null) return FinishReason.OTHER;
    switch (stopReason) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "max_tokens":
        return FinishReason.LENGTH;
      case "guardrail_intervened":
      case "content_filtered":
        return FinishReason.CONTENT_FILTERED;
      case "model_context_window_exceeded":
        return FinishReason.CONTEXT_LENGTH_EXCEEDED;
      default:
        return FinishReason.OTHER;
    }
  }

  private static int index(JsonNode payload) {
    JsonNode i = payload.path("contentBlockIndex");
    if (!i.canConvertToInt() || i.asInt() < 0) throw new IllegalArgumentException("event has no contentBlockIndex");
    return i.asInt();
  }

  private void start(int block, JsonNode use, List<StreamEvent> out) {
    String id = use.path("toolUseId").asText("");
    String name = use.path("name").asText("");
    if (name.isEmpty()) throw new IllegalArgumentException("toolUse block " + block + " has no name");
    if (tools.containsKey(block)) throw new IllegalArgumentException("toolUse block " + block + " started twice");
    PendingTool t = new PendingTool(nextToolIndex++, id.isEmpty() ? "tooluse_" + block : id, name);
    tools.put(block, t);
    out.add(new StreamEvent.ToolCallDelta(t.index, t.id, t.name, ""));
  }

  private void fragment(int block, String input, List<StreamEvent> out) {
    PendingTool t = tools.get(block);
    if (t == null) throw new IllegalArgumentException("toolUse input for block " + block + " before its start");
    if (input.isEmpty()) return;
    t.input.append(input);
    out.add(new StreamEvent.ToolCallDelta(t.index, "", "", input));
  }

  /** A text, reasoning or tool-input delta (or a whole non-tool block of a Converse body: the same shapes). */
  private void delta(int block, JsonNode delta, List<StreamEvent> out) {
    if (delta.has("text")) {
      String text = delta.get("text").asText("");
      if (!text.isEmpty()) out.add(new StreamEvent.TextDelta(text));
    } else if (delta.has("toolUse")) {
      JsonNode input = delta.get("toolUse").path("input");
      fragment(block, input.isTextual() ? input.asText() : input.isMissingNode() ? "" : input.toString(), out);
    } else if (delta.has("reasoningContent")) {
      JsonNode r = delta.get("reasoningContent");
      JsonNode text = r.has("reasoningText") ? r.get("reasoningText") : r; // whole blocks nest it, deltas do not
      String t = text.path("text").asText("");
      if (!t.isEmpty()) out.add(new StreamEvent.ReasoningDelta(t));
      String sig = text.path("signature").asText("");
      if (!sig.isEmpty()) signature.append(sig);
      if (r.has("redactedContent")) redacted = true;
    }
    // citations, images, guard content and blocks added later carry nothing the core API holds
  }

  private void stop(int block, List<StreamEvent> out) {
    PendingTool t = tools.remove(block);
    if (t == null) return; // text and reasoning blocks need no closing
    String args = t.input.toString().strip();
    if (args.isEmpty()) args = "{}";
    try {
      JsonNode parsed = Json.readTree(args);
      if (parsed == null || !parsed.isObject()) throw new IllegalArgumentException("toolUse input of " + t.name + " is not a JSON object");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("toolUse input of " + t.name + " is not valid JSON", e);
    }
    out.add(new StreamEvent.ToolCallComplete(t.index, new ToolCall(t.id, t.name, args)));
  }

  private void usage(JsonNode u, List<StreamEvent> out) {
    if (!u.isObject()) return;
    long input = count(u, "inputTokens");
    long output = count(u, "outputTokens");
    long read = count(u, "cacheReadInputTokens");
    long write = count(u, "cacheWriteInputTokens");
    usage = new Usage(input + read + write, output, read, 0);
    out.add(new StreamEvent.UsageUpdate(usage));
  }

  private static long count(JsonNode u, String field) {
    JsonNode n = u.path(field);
    return n.canConvertToLong() && n.asLong() > 0 ? n.asLong() : 0;
  }
}
