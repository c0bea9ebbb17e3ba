package dev.crossfeed.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.Message;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.http.Json;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link ChatRequest} into the body of {@code POST /api/chat}: messages with string content and raw
 * base64 {@code images}, tools, {@code format}, sampling settings under {@code options}, then extra fields.
 * Stateless.
 */
final class ChatRequestEncoder {
  private final String provider;
  private final Map<String, Object> defaultOptions;
  private final String keepAlive;

  /**
   * @param defaultOptions {@code options} entries sent with every request (e.g. {@code num_ctx}), overridden by
   *     the request's own settings
   * @param keepAlive the {@code keep_alive} value, or null to leave the server default
   */
  ChatRequestEncoder(String provider, Map<String, Object> defaultOptions, String keepAlive) {
    this.provider = provider;
    this.defaultOptions = Map.copyOf(defaultOptions);
    this.keepAlive = keepAlive;
  }

  /**
   * @throws ChatModelException {@link Failure#INVALID_REQUEST} for what Ollama cannot take: image URLs, a
   *     required or specific tool choice, unparseable schemas or tool arguments
   */
  ObjectNode encode(ChatRequest request, String model, boolean stream) {
    ObjectNode body = Json.objectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (Message m : request.messages()) messages.add(message(m, model));
    body.put("stream", stream);
    if (!request.tools().isEmpty() && !toolsOff(request, model)) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec t : request.tools()) {
        ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
        fn.put("name", t.name());
        fn.put("description", t.description());
        fn.set("parameters", parseObject(t.parametersJsonSchema(), "parameters schema of tool " + t.name(), model));
      }
    }
    ResponseFormat format = request.responseFormat();
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      body.put("format", "json");
    } else if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      body.set("format", parseObject(format.schemaJson().orElseThrow(), "response format schema", model));
    }
    ObjectNode options = Json.objectNode();
    for (Map.Entry<String, Object> e : defaultOptions.entrySet()) options.set(e.getKey(), Json.valueToTree(e.getValue()));
    request.temperature().ifPresent(t -> options.put("temperature", t));
    request.topP().ifPresent(p -> options.put("top_p", p));
    request.maxOutputTokens().ifPresent(n -> options.put("num_predict", n));
    if (!request.stop().isEmpty()) {
      ArrayNode stop = options.putArray("stop");
      request.stop().forEach(stop::add);
    }
    if (!options.isEmpty()) body.set("options", options);
    if (keepAlive != null) body.put("keep_alive", keepAlive);
    Json.mergeExtraFields(body, request.extraFields());
    return body;
  }

  /** Ollama has no tool_choice: NONE leaves the tools out; REQUIRED and SPECIFIC cannot be honoured. */
  private boolean toolsOff(ChatRequest request, String model) {
    if (request.toolChoice().isEmpty()) return false;
    ToolChoice.Mode mode = request.toolChoice().get().mode();
    if (mode == ToolChoice.Mode.NONE) return true;
    if (mode == ToolChoice.Mode.AUTO) return false;
    throw invalid(
        model,
        "Ollama has no tool_choice, so tool choice " + mode.name().toLowerCase(Locale.ROOT)
            + " cannot be enforced; use AUTO (or NONE) with Ollama");
  }

  private ObjectNode message(Message m, String model) {
    ObjectNode node = Json.objectNode();
    if (m instanceof Message.System) {
      node.put("role", "system").put("content", ((Message.System) m).text());
    } else if (m instanceof Message.User) {
      node.put("role", "user");
      StringBuilder text = new StringBuilder();
      ArrayNode images = null;
      for (ContentPart p : ((Message.User) m).parts()) {
        if (p instanceof ContentPart.Text) {
          if (text.length() > 0) text.append('\n');
          text.append(((ContentPart.Text) p).text());
        } else {
          if (images == null) images = Json.arrayNode();
          images.add(base64Of((ContentPart.Image) p, model));
        }
      }
      node.put("content", text.toString());
      if (images != null) node.set("images", images);
    } else if (m instanceof Message.Assistant) {
      Message.Assistant a = (Message.Assistant) m;
      node.put("role", "assistant").put("content", a.text());
      if (!a.toolCalls().isEmpty()) {
        ArrayNode calls = node.putArray("tool_calls");
        for (ToolCall c : a.toolCalls()) {
          ObjectNode call = calls.addObject();
          call.put("id", c.id());
          ObjectNode fn = call.putObject("function");
          fn.put("name", c.name());
          fn.set("arguments", parseObject(c.argumentsJson(), "arguments of tool call " + c.id(), model));
        }
      }
    } else {
      Message.ToolResult r = (Message.ToolResult) m;
      node.put("role", "tool").put("content", r.content()).put("tool_name", r.toolName()).put("tool_call_id", r.toolCallId());
    }
    return node;
  }

  /** Raw base64 of an inline image or a {@code data:...;base64,} URL; remote URLs are refused, never fetched. */
  private String base64Of(ContentPart.Image image, String model) {
    if (image.base64().isPresent()) return image.base64().get();
    String url = image.url().orElseThrow();
    if (url.regionMatches(true, 0, "data:", 0, 5)) {
      int comma = url.indexOf(',');
      String meta = comma < 0 ? "" : url.substring(5, comma).toLowerCase(Locale.ROOT);
      if (comma > 0 && meta.endsWith(";base64")) {
        String data = url.substring(comma + 1).strip();
        try {
          Base64.getDecoder().decode(data);
          return data;
        } catch (IllegalArgumentException e) {
          throw invalid(model, "image data: URL holds invalid base64");
        }
      }
      throw invalid(model, "image data: URL must be base64-encoded for Ollama");
    }
    throw invalid(
        model,
        "Ollama accepts only inline images (bytes or base64 data: URLs); it cannot fetch image URLs, and "
            + "Crossfeed does not fetch them for it");
  }

  private JsonNode parseObject(String json, String what, String model) {
    JsonNode node;
    try {
      node = Json.readTree(json);
    } catch (Exception e) {
      throw invalid(model, what + " is not valid JSON");
    }
    if (node == null || !node.isObject()) throw invalid(model, what + " is not a JSON object");
    return node;
  }

  private ChatModelException invalid(String model, String detail) {
    return ChatModelException.builder(Failure.INVALID_REQUEST).provider(provider).model(model).detail(detail).build();
  }
}
