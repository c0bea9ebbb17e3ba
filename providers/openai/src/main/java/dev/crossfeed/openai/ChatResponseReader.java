package dev.crossfeed.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.ResponseMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a non-streaming {@code chat.completion} body. Tolerates what compatible hosts do: leading blank lines
 * (DeepSeek keep-alives), content as an array (Mistral), tool calls without {@code type} or {@code id}, an
 * {@code error} object on a 200 (LM Studio, OpenRouter). A refusal ({@code message.refusal}) becomes the text
 * with {@link FinishReason#CONTENT_FILTERED}.
 */
final class ChatResponseReader {
  private ChatResponseReader() {}

  static ChatResponse read(byte[] body, ResponseMeta meta, CallContext ctx) throws IOException {
    return read(Json.readTree(body), meta, ctx);
  }

  static ChatResponse read(JsonNode root, ResponseMeta meta, CallContext ctx) {
    if (root == null || !root.isObject()) {
      throw ctx.host.http.invalidResponse(ctx.model, "response body is not a JSON object", null, meta);
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) throw ctx.error(root, meta);
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw ctx.host.http.invalidResponse(ctx.model, "response has no choices", null, meta);
    }
    JsonNode choice = firstChoice(choices);
    JsonNode message = choice.get("message");
    if (message == null || !message.isObject()) {
      throw ctx.host.http.invalidResponse(ctx.model, "response choice has no message", null, meta);
    }
    String reason = Wire.text(choice, "finish_reason");
    if (Wire.isErrorFinish(reason)) throw ctx.errorFinish(reason, meta);

    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder(Wire.reasoning(message));
    Wire.content(message.get("content"), text, reasoning);
    List<ToolCall> calls = toolCalls(message.get("tool_calls"));
    FinishReason finish = Wire.finishReason(reason);
    String refusal = Wire.text(message, "refusal");
    if (!refusal.isEmpty()) {
      if (text.length() == 0) text.append(refusal);
      finish = FinishReason.CONTENT_FILTERED;
    }
    if (finish == null || (finish == FinishReason.STOP && !calls.isEmpty())) {
      finish = calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    }
    if (Wire.filteredByAzure(choice)) finish = FinishReason.CONTENT_FILTERED;
    Usage usage = Wire.usageOf(root);
    ChatResponse.Builder b =
        ChatResponse.builder().text(text.toString()).reasoning(reasoning.toString()).toolCalls(calls).finishReason(finish);
    return ctx.finish(b, usage == null ? Usage.ZERO : usage, Wire.text(root, "model"), CallContext.bodyRequestId(root), meta);
  }

  /** The choice with index 0 (we never ask for more than one), else the first. */
  static JsonNode firstChoice(JsonNode choices) {
    for (JsonNode c : choices) {
      JsonNode i = c.get("index");
      if (i == null || i.asInt(0) == 0) return c;
    }
    return choices.get(0);
  }

  private static List<ToolCall> toolCalls(JsonNode array) {
    if (array == null || !array.isArray() || array.isEmpty()) return List.of();
    List<ToolCall> calls = new ArrayList<>(array.size());
    for (JsonNode c : array) {
      JsonNode fn = c.get("function");
      String name = Wire.text(fn, "name");
      if (name.isEmpty()) continue;
      String id = Wire.text(c, "id");
      calls.add(new ToolCall(id.isEmpty() ? Wire.syntheticCallId() : id, name, Wire.arguments(fn)));
    }
    return calls;
  }
}
