package dev.crossfeed.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.ResponseMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses a non-streaming Messages API response into a {@link ChatResponse}. */
final class ResponseParser {
  private ResponseParser() {}

  static ChatResponse parse(byte[] body, ResponseMeta meta, AnthropicChatModel.Call call, HttpExchange http)
      throws IOException {
    JsonNode root = Json.readTree(body);
    if (root == null || !root.isObject()) {
      throw http.invalidResponse(call.model, "response is not a JSON object", null, meta);
    }
    if ("error".equals(root.path("type").asText()) || root.path("error").isObject()) {
      // an error envelope with a 2xx status (seen behind proxies): classify by its type
      throw http.error(0, ErrorBodies.parse(root), withoutRetryHint(meta), call.model);
    }
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw http.invalidResponse(call.model, "response has no content array", null, meta);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text":
          text.append(block.path("text").asText());
          break;
        case "thinking":
          reasoning.append(block.path("thinking").asText());
          break;
        case "tool_use":
          String name = block.path("name").asText();
          String args = arguments(block.get("input"));
          if (name.equals(call.jsonTool)) text.append(args);
          else calls.add(new ToolCall(block.path("id").asText(), name, args));
          break;
        default:
          break; // redacted_thinking, server tool blocks, anything new
      }
    }
    Usage usage = new UsageCounts().merge(root.get("usage")).toUsage();
    FinishReason finish = UsageCounts.finishReason(root.path("stop_reason").asText(null));
    if (call.jsonTool != null && finish == FinishReason.TOOL_CALLS && calls.isEmpty()) finish = FinishReason.STOP;
    return ChatResponse.builder()
        .text(text.toString())
        .reasoning(reasoning.toString())
        .toolCalls(calls)
        .finishReason(finish)
        .usage(usage)
        .cost(call.info.costOf(usage).orElse(null))
        .provider(AnthropicChatModel.PROVIDER)
        .model(textOr(root, "model", call.model))
        .requestId(meta.requestId())
        .rateLimits(meta.rateLimits())
        .build();
  }

  static String textOr(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : fallback;
  }

  /** A tool call's {@code input} object as a compact JSON string, {@code {}} when absent or empty. */
  static String arguments(JsonNode input) throws JsonProcessingException {
    if (input == null || input.isNull() || (input.isObject() && input.isEmpty())) return "{}";
    return Json.writeValueAsString(input);
  }

  /** The meta without its retry hint: a retry-after header on a 200 is not about an error inside it. */
  static ResponseMeta withoutRetryHint(ResponseMeta meta) {
    return new ResponseMeta(meta.status(), meta.requestId(), meta.rateLimits(), Optional.empty());
  }
}
