package dev.crossfeed.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.Message;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.http.Json;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps a provider-neutral {@link ChatRequest} to a Messages API request body. Stateless, thread-safe. */
final class RequestMapper {
  private static final Logger log = LoggerFactory.getLogger(RequestMapper.class);
  /** Name of the forced tool that carries a JSON answer when the model has no native structured output. */
  static final String JSON_TOOL = "json_response";

  static final String JSON_ONLY = "Respond with a single JSON object only, with no text before or after it.";

  private static final MediaType JSON = MediaType.get("application/json");

  private final Integer defaultMaxTokens;
  private final Integer thinkingBudget;

  RequestMapper(Integer defaultMaxTokens, Integer thinkingBudget) {
    this.defaultMaxTokens = defaultMaxTokens;
    this.thinkingBudget = thinkingBudget;
  }

  /** A mapped request: its body, and the name of the forced JSON tool when the schema fallback is in use. */
  record Mapped(RequestBody body, String jsonTool) {}

  Mapped map(ChatRequest request, String model, ModelInfo info, boolean stream) {
    ObjectNode root = tree(request, model, info, stream);
    String jsonTool = usesJsonTool(request, info) ? JSON_TOOL : null;
    try {
      return new Mapped(RequestBody.create(Json.writeValueAsBytes(root), JSON), jsonTool);
    } catch (JsonProcessingException e) {
      throw invalid(model, "request cannot be serialised: " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON body as a tree (visible for tests). */
  ObjectNode tree(ChatRequest request, String model, ModelInfo info, boolean stream) {
    ObjectNode root = Json.objectNode();
    root.put("model", model);
    root.put("max_tokens", maxTokens(request, info));
    List<String> system = new ArrayList<>();
    for (Message m : request.messages()) {
      if (m instanceof Message.System) system.add(((Message.System) m).text());
    }
    root.set("messages", MessageMapper.messages(request.messages(), model));

    boolean thinking = thinkingBudget != null;
    ResponseFormat format = request.responseFormat();
    boolean forcedJsonTool = false;
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      String schema = format.schemaJson().orElseThrow();
      if (info.supports(Capability.JSON_SCHEMA)) {
        ObjectNode f = root.putObject("output_config").putObject("format");
        f.put("type", "json_schema");
        f.set("schema", parseObject(schema, "response schema", model));
      } else if (usesJsonTool(request, info)) {
        log.debug("{} lacks JSON_SCHEMA: the schema is carried by the forced tool {}", model, JSON_TOOL);
        forcedJsonTool = true;
      } else {
        log.debug("{} lacks JSON_SCHEMA: the schema is put in the system prompt", model);
        system.add(JSON_ONLY + " It must match this JSON schema:\n" + schema);
      }
    } else if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      system.add(JSON_ONLY);
    }
    if (system.size() == 1) {
      root.put("system", system.get(0));
    } else if (system.size() > 1) {
      ArrayNode blocks = root.putArray("system");
      for (String s : system) blocks.addObject().put("type", "text").put("text", s);
    }

    if (request.temperature().isPresent()) {
      double t = request.temperature().getAsDouble();
      if (t > 1.0) log.debug("temperature {} is above Anthropic's maximum; sending 1.0", t);
      root.put("temperature", Math.min(t, 1.0));
    }
    request.topP().ifPresent(p -> root.put("top_p", p));
    if (!request.stop().isEmpty()) {
      ArrayNode stop = root.putArray("stop_sequences");
      request.stop().forEach(stop::add);
    }
    if (stream) root.put("stream", true);
    if (forcedJsonTool) {
      ObjectNode tool = root.putArray("tools").addObject();
      tool.put("name", JSON_TOOL);
      tool.put("description", "Give the answer as this tool's input, which follows the required JSON schema.");
      tool.set("input_schema", parseObject(format.schemaJson().orElseThrow(), "response schema", model));
      root.putObject("tool_choice").put("type", "tool").put("name", JSON_TOOL);
    } else if (!request.tools().isEmpty()) {
      ArrayNode tools = root.putArray("tools");
      for (ToolSpec t : request.tools()) {
        ObjectNode tool = tools.addObject();
        tool.put("name", t.name());
        if (!t.description().isEmpty()) tool.put("description", t.description());
        tool.set("input_schema", parseObject(t.parametersJsonSchema(), "schema of tool " + t.name(), model));
      }
      request.toolChoice().ifPresent(c -> root.set("tool_choice", toolChoice(c)));
    }
    if (thinking) root.putObject("thinking").put("type", "enabled").put("budget_tokens", thinkingBudget);
    Json.mergeExtraFields(root, request.extraFields());
    return root;
  }

  /** True when a JSON schema is requested from a model without native structured output and a tool can carry it. */
  private boolean usesJsonTool(ChatRequest request, ModelInfo info) {
    return request.responseFormat().type() == ResponseFormat.Type.JSON_SCHEMA
        && !info.supports(Capability.JSON_SCHEMA)
        && request.tools().isEmpty()
        && thinkingBudget == null;
  }

  private int maxTokens(ChatRequest request, ModelInfo info) {
    if (request.maxOutputTokens().isPresent()) return request.maxOutputTokens().getAsInt();
    if (defaultMaxTokens != null) return defaultMaxTokens + (thinkingBudget == null ? 0 : thinkingBudget);
    int max = AnthropicChatModel.DEFAULT_MAX_TOKENS + (thinkingBudget == null ? 0 : thinkingBudget);
    if (info.maxOutputTokens().isPresent()) max = Math.min(max, info.maxOutputTokens().getAsInt());
    return max;
  }

  private static ObjectNode toolChoice(ToolChoice choice) {
    ObjectNode c = Json.objectNode();
    switch (choice.mode()) {
      case NONE:
        return c.put("type", "none");
      case REQUIRED:
        return c.put("type", "any");
      case SPECIFIC:
        return c.put("type", "tool").put("name", choice.toolName().orElseThrow());
      default:
        return c.put("type", "auto");
    }
  }

  static ObjectNode parseObject(String json, String what, String model) {
    JsonNode node;
    try {
      node = Json.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(model, what + " is not valid JSON", e);
    }
    if (node == null || !node.isObject()) throw invalid(model, what + " is not a JSON object", null);
    return (ObjectNode) node;
  }

  static ChatModelException invalid(String model, String detail, Throwable cause) {
    return ChatModelException.builder(Failure.INVALID_REQUEST)
        .provider(AnthropicChatModel.PROVIDER)
        .model(model)
        .detail(detail)
        .cause(cause)
        .build();
  }

  /** Maps messages: text, images, tool calls and tool results. */
  static final class MessageMapper {
    private MessageMapper() {}

    static ArrayNode messages(List<Message> messages, String model) {
      ArrayNode out = Json.arrayNode();
      ArrayNode toolTurn = null; // the user turn collecting consecutive tool results
      for (Message m : messages) {
        if (m instanceof Message.System) continue;
        if (m instanceof Message.ToolResult) {
          Message.ToolResult r = (Message.ToolResult) m;
          if (toolTurn == null) toolTurn = turn(out, "user");
          toolTurn.addObject().put("type", "tool_result").put("tool_use_id", r.toolCallId()).put("content", r.content());
        } else if (m instanceof Message.User) {
          Message.User u = (Message.User) m;
          if (toolTurn != null) {
            // tool results first, then the user's own content, in the same turn
            for (ContentPart p : u.parts()) toolTurn.add(part(p, model));
            toolTurn = null;
          } else if (u.parts().size() == 1 && u.parts().get(0) instanceof ContentPart.Text) {
            out.addObject().put("role", "user").put("content", ((ContentPart.Text) u.parts().get(0)).text());
          } else {
            ArrayNode content = turn(out, "user");
            for (ContentPart p : u.parts()) content.add(part(p, model));
          }
        } else {
          toolTurn = null;
          Message.Assistant a = (Message.Assistant) m;
          if (a.text().isEmpty() && a.toolCalls().isEmpty()) continue; // an empty turn carries nothing
          if (a.toolCalls().isEmpty()) {
            out.addObject().put("role", "assistant").put("content", a.text());
            continue;
          }
          ArrayNode content = turn(out, "assistant");
          if (!a.text().isEmpty()) content.addObject().put("type", "text").put("text", a.text());
          for (ToolCall c : a.toolCalls()) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name());
            use.set("input", parseObject(c.argumentsJson(), "arguments of tool call " + c.id(), model));
          }
        }
      }
      return out;
    }

    private static ArrayNode turn(ArrayNode out, String role) {
      return out.addObject().put("role", role).putArray("content");
    }

    /** The image types the Messages API accepts inline; anything else it refuses with a 400. */
    private static final java.util.Set<String> IMAGE_TYPES = java.util.Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static String imageType(String mediaType, String model) {
      String t = mediaType.strip().toLowerCase(java.util.Locale.ROOT);
      if (!IMAGE_TYPES.contains(t)) {
        throw invalid(model, "image media type " + mediaType + " is not accepted by Anthropic (image/jpeg, image/png, "
            + "image/gif or image/webp)", null);
      }
      return t;
    }

    private static ObjectNode part(ContentPart p, String model) {
      ObjectNode block = Json.objectNode();
      if (p instanceof ContentPart.Text) {
        return block.put("type", "text").put("text", ((ContentPart.Text) p).text());
      }
      ContentPart.Image image = (ContentPart.Image) p;
      block.put("type", "image");
      ObjectNode source = block.putObject("source");
      String url = image.url().orElse(null);
      if (url == null) {
        source.put("type", "base64").put("media_type", imageType(image.mediaType().orElseThrow(), model))
            .put("data", image.base64().orElseThrow());
      } else if (url.regionMatches(true, 0, "data:", 0, 5) && url.contains(";base64,")) {
        int comma = url.indexOf(";base64,");
        source.put("type", "base64").put("media_type", imageType(url.substring(5, comma), model)).put("data", url.substring(comma + 8));
      } else {
        source.put("type", "url").put("url", url);
      }
      return block;
    }
  }
}
