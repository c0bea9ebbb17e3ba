package dev.crossfeed.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ResponseMeta;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns {@code GenerateContentResponse} objects (one for {@code generateContent}, one per SSE event for
 * {@code streamGenerateContent}) into {@link StreamEvent}s, and remembers what the final response needs: the
 * finish reason, {@code responseId}, {@code modelVersion}. Sync and stream calls share it, so both see the same
 * text, tool calls and call ids. Only the first candidate is read. One instance per call; not thread-safe.
 *
 * <p>Call ids: Gemini's Developer API gives function calls no id, so a call without one gets
 * {@code gc_<responseId>_<index>} (letters, digits, {@code _} and {@code -}, at most 40 characters, so any
 * provider accepts it when a router replays the conversation elsewhere). The same response always yields the
 * same ids.
 */
final class ChunkParser {
  private final String requestedModel;
  private final ThoughtSignatures signatures;
  private String responseId = "";
  private String modelVersion = "";
  private String finishRaw;
  private String blockReason;
  private boolean sawCandidate;
  private int nextCallIndex;
  private boolean sawToolCall;
  private PartialFunctionCall partial;
  private String fallbackIdStem;

  ChunkParser(String requestedModel, ThoughtSignatures signatures) {
    this.requestedModel = requestedModel;
    this.signatures = signatures;
  }

  /** Adds one response object, appending the events it carries to {@code out}. */
  void accept(JsonNode chunk, List<StreamEvent> out) {
    String id = chunk.path("responseId").asText("");
    if (!id.isEmpty()) responseId = id;
    String version = chunk.path("modelVersion").asText("");
    if (!version.isEmpty()) modelVersion = version;
    String block = chunk.path("promptFeedback").path("blockReason").asText("");
    if (!block.isEmpty()) blockReason = block;
    JsonNode candidate = chunk.path("candidates").path(0);
    if (candidate.isObject()) {
      sawCandidate = true;
      for (JsonNode part : candidate.path("content").path("parts")) part(part, out);
      String finish = candidate.path("finishReason").asText("");
      if (!finish.isEmpty()) {
        finishRaw = finish;
        closePartial(out);
      }
    }
    Usage usage = usage(chunk.get("usageMetadata"));
    if (usage != null) out.add(new StreamEvent.UsageUpdate(usage));
  }

  private void part(JsonNode part, List<StreamEvent> out) {
    JsonNode text = part.get("text");
    if (text != null && text.isTextual()) {
      String t = text.asText();
      if (t.isEmpty()) return;
      out.add(part.path("thought").asBoolean(false) ? new StreamEvent.ReasoningDelta(t) : new StreamEvent.TextDelta(t));
      return;
    }
    JsonNode fc = part.get("functionCall");
    if (fc == null || !fc.isObject()) return; // executableCode, inlineData output, ...: not modelled
    String name = fc.path("name").asText("");
    boolean willContinue = fc.path("willContinue").asBoolean(false);
    if (!name.isEmpty()) {
      closePartial(out);
      int index = nextCallIndex++;
      String callId = callId(fc, index);
      signatures.put(callId, part.path("thoughtSignature").asText(null));
      sawToolCall = true;
      if (willContinue || fc.has("partialArgs")) {
        partial = new PartialFunctionCall(index, callId, name);
        out.add(new StreamEvent.ToolCallDelta(index, callId, name, ""));
        partial.apply(fc.get("partialArgs"));
        if (!willContinue) closePartial(out);
        return;
      }
      JsonNode args = fc.get("args");
      String json = args != null && args.isObject() ? args.toString() : "{}";
      out.add(new StreamEvent.ToolCallDelta(index, callId, name, json));
      out.add(new StreamEvent.ToolCallComplete(index, new ToolCall(callId, name, json)));
      return;
    }
    if (partial != null) {
      partial.apply(fc.get("partialArgs"));
      if (!willContinue) closePartial(out);
    }
  }

  private void closePartial(List<StreamEvent> out) {
    if (partial == null) return;
    PartialFunctionCall p = partial;
    partial = null;
    String json = p.argumentsJson();
    out.add(new StreamEvent.ToolCallDelta(p.index, "", "", json));
    out.add(new StreamEvent.ToolCallComplete(p.index, new ToolCall(p.id, p.name, json)));
  }

  private String callId(JsonNode fc, int index) {
    String given = fc.path("id").asText("");
    if (!given.isEmpty()) return given;
    String stem = responseId.replaceAll("[^A-Za-z0-9_-]", "");
    if (stem.isEmpty()) {
      if (fallbackIdStem == null) fallbackIdStem = Long.toHexString(ThreadLocalRandom.current().nextLong());
      stem = fallbackIdStem;
    }
    if (stem.length() > 30) stem = stem.substring(0, 30);
    return "gc_" + stem + "_" + index;
  }

  /**
   * Usage from {@code usageMetadata}, or null when it has no counts (Vertex's intermediate chunks carry only
   * {@code trafficType}). Input is {@code promptTokenCount} (which includes cached content) plus
   * {@code toolUsePromptTokenCount}; output is {@code candidatesTokenCount + thoughtsTokenCount}, because
   * Gemini's candidate count excludes thinking tokens while ours includes them; reasoning is
   * {@code thoughtsTokenCount}; cached is {@code cachedContentTokenCount}.
   */
  static Usage usage(JsonNode m) {
    if (m == null || !m.isObject()) return null;
    if (!m.has("promptTokenCount") && !m.has("candidatesTokenCount") && !m.has("thoughtsTokenCount")
        && !m.has("totalTokenCount")) {
      return null;
    }
    long input = count(m, "promptTokenCount") + count(m, "toolUsePromptTokenCount");
    long thoughts = count(m, "thoughtsTokenCount");
    long output = count(m, "candidatesTokenCount") + thoughts;
    long cached = Math.min(count(m, "cachedContentTokenCount"), input);
    return new Usage(input, output, cached, thoughts);
  }

  private static long count(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v != null && v.canConvertToLong() ? Math.max(0, v.asLong()) : 0;
  }

  /** True once a finish reason or a prompt block was seen: the answer is complete. */
  boolean finished() {
    return finishRaw != null || blockReason != null;
  }

  /** True if any candidate was seen. */
  boolean sawCandidate() {
    return sawCandidate;
  }

  /** Closes a call still being streamed (for a response that ends without closing it). */
  void finish(List<StreamEvent> out) {
    closePartial(out);
  }

  /** Our finish reason for what was seen; STOP when no reason was given. */
  FinishReason finishReason() {
    if (finishRaw == null && blockReason != null) return FinishReason.CONTENT_FILTERED;
    return map(finishRaw == null ? "STOP" : finishRaw, sawToolCall);
  }

  /** Maps a Gemini {@code finishReason} (§4.1). */
  static FinishReason map(String finishReason, boolean toolCalls) {
    switch (finishReason.toUpperCase(Locale.ROOT)) {
      case "STOP":
        return toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
      case "MAX_TOKENS":
        return FinishReason.LENGTH;
      case "SAFETY":
      case "RECITATION":
      case "BLOCKLIST":
      case "PROHIBITED_CONTENT":
      case "SPII":
      case "IMAGE_SAFETY":
      case "IMAGE_PROHIBITED_CONTENT":
      case "IMAGE_RECITATION":
        return FinishReason.CONTENT_FILTERED;
      default: // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, LANGUAGE, OTHER, ...
        return FinishReason.OTHER;
    }
  }

  /** The final response from the accumulated events. */
  ChatResponse response(StreamAccumulator acc, ResponseMeta meta, ModelInfo info) {
    Usage usage = acc.usage();
    return acc.toResponse(finishReason())
        .provider(GeminiChatModel.PROVIDER)
        .model(modelVersion.isEmpty() ? requestedModel : modelVersion)
        .requestId(responseId.isEmpty() ? meta.requestId() : responseId)
        .rateLimits(meta.rateLimits())
        .cost(info.costOf(usage).orElse(null))
        .build();
  }

  /** The {@code responseId} seen so far, else empty. */
  String responseId() {
    return responseId;
  }
}
