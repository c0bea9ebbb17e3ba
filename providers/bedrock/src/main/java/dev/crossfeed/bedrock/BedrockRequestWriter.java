package dev.crossfeed.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link ChatRequest} as a Converse / ConverseStream body (bedrock-converse.md §2; the same body serves
 * both, the path tells them apart):
 *
 * <ul>
 *   <li>System messages become the top-level {@code system} blocks (blank ones are dropped: Bedrock refuses them).
 *   <li>Turns alternate {@code user} / {@code assistant}: consecutive messages of one role are merged into one turn,
 *       tool results go first in the user turn that follows the tool calls ({@code toolResult} with the text
 *       content), assistant tool calls are {@code toolUse} blocks with their arguments as a JSON object.
 *   <li>Images are inline {@code image} blocks ({@code png}, {@code jpeg}, {@code gif}, {@code webp}) from bytes or
 *       a {@code data:} URL; {@code s3://} URLs become {@code s3Location}. Bedrock cannot fetch web URLs, so those
 *       and other formats are INVALID_REQUEST naming the problem.
 *   <li>{@code inferenceConfig}: {@code maxTokens}, {@code temperature} (Bedrock's range is 0–1: higher is
 *       INVALID_REQUEST rather than a silent change), {@code topP}, {@code stopSequences}.
 *   <li>{@code toolConfig}: {@code toolSpec}s with {@code inputSchema.json}; choice AUTO {@code auto}, REQUIRED
 *       {@code any}, a named tool {@code tool}. Bedrock has no "none": NONE sends no tools, unless the history holds
 *       tool blocks (Bedrock then requires {@code toolConfig}), in which case the tools are sent without a choice.
 *       When the history holds tool blocks but the request has no tools, minimal specs for the names used are sent.
 *   <li>JSON schema answers use {@code outputConfig.textFormat} (the schema travels as a JSON string); a JSON object
 *       answer adds a system instruction.
 *   <li>{@link ChatRequest#extraFields()} are deep-merged into the body last: objects merge key by key, any other
 *       value replaces ours. So {@code extraField("inferenceConfig", Map.of("maxTokens", 50))} keeps the
 *       temperature, and Bedrock's own fields ({@code additionalModelRequestFields}, {@code guardrailConfig},
 *       {@code performanceConfig}, ...) go in as given.
 * </ul>
 *
 * Stateless and thread-safe.
 */
final class BedrockRequestWriter {
  static final String JSON_ONLY = "Respond with a single JSON object only, with no text before or after it.";
  private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

  /** The body as bytes. */
  byte[] write(ChatRequest request, String model) {
    try {
      return Json.writeValueAsBytes(tree(request, model));
    } catch (JsonProcessingException e) {
      throw invalid(model, "request cannot be serialised: " + e.getOriginalMessage(), e);
    }
  }

  /** The body as a JSON tree (for tests). */
  ObjectNode tree(ChatRequest request, String model) {
    ObjectNode root = Json.objectNode();
    List<String> system = new ArrayList<>();
    for (Message m : request.messages()) {
      if (m instanceof Message.System && !((Message.System) m).text().isBlank()) system.add(((Message.System) m).text());
    }
    ResponseFormat format = request.responseFormat();
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) system.add(JSON_ONLY);
    if (!system.isEmpty()) {
      ArrayNode blocks = root.putArray("system");
      for (String s : system) blocks.addObject().put("text", s);
    }
    Set<String> usedTools = new LinkedHashSet<>();
    root.set("messages", messages(request.messages(), model, usedTools));

    ObjectNode inference = Json.objectNode();
    request.maxOutputTokens().ifPresent(n -> inference.put("maxTokens", n));
    if (request.temperature().isPresent()) {
      double t = request.temperature().getAsDouble();
      if (t > 1.0) throw invalid(model, "temperature " + t + " is outside Bedrock's range 0..1");
      inference.put("temperature", t);
    }
    request.topP().ifPresent(p -> inference.put("topP", p));
    if (!request.stop().isEmpty()) {
      ArrayNode stop = inference.putArray("stopSequences");
      request.stop().forEach(stop::add);
    }
    if (!inference.isEmpty()) root.set("inferenceConfig", inference);

    ObjectNode toolConfig = toolConfig(request, model, usedTools);
    if (toolConfig != null) root.set("toolConfig", toolConfig);

    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      ObjectNode schema = parseObject(format.schemaJson().orElseThrow(), "response schema", model);
      ObjectNode json = root.putObject("outputConfig").putObject("textFormat").put("type", "json_schema")
          .putObject("structure").putObject("jsonSchema");
      json.put("schema", schema.toString());
      format.schemaName().ifPresent(n -> json.put("name", n));
    }
    for (Map.Entry<String, Object> e : request.extraFields().entrySet()) {
      merge(root, e.getKey(), Json.valueToTree(e.getValue()));
    }
    return root;
  }

  private static ObjectNode toolConfig(ChatRequest request, String model, Set<String> usedTools) {
    ToolChoice choice = request.toolChoice().orElse(null);
    boolean none = choice != null && choice.mode() == ToolChoice.Mode.NONE;
    if (request.tools().isEmpty() && usedTools.isEmpty()) return null;
    if (none && usedTools.isEmpty()) return null;
    ObjectNode config = Json.objectNode();
    ArrayNode tools = config.putArray("tools");
    if (request.tools().isEmpty()) {
      for (String name : usedTools) {
        ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", name);
        spec.putObject("inputSchema").putObject("json").put("type", "object").putObject("properties");
      }
      return config;
    }
    for (ToolSpec t : request.tools()) {
      ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", t.name());
      if (!t.description().isEmpty()) spec.put("description", t.description());
      spec.putObject("inputSchema").set("json", parseObject(t.parametersJsonSchema(), "schema of tool " + t.name(), model));
    }
    if (choice != null && !none) {
      ObjectNode c = config.putObject("toolChoice");
      switch (choice.mode()) {
        case REQUIRED:
          c.putObject("any");
          break;
        case SPECIFIC:
          c.putObject("tool").put("name", choice.toolName().orElseThrow());
          break;
        default:
          c.putObject("auto");
          break;
      }
    }
    return config;
  }

  private static ArrayNode messages(List<Message> messages, String model, Set<String> usedTools) {
    ArrayNode out = Json.arrayNode();
    String role = null;
    ArrayNode content = null;
    for (Message m : messages) {
      if (m instanceof Message.System) continue;
      String r = m instanceof Message.Assistant ? "assistant" : "user";
      List<ObjectNode> blocks = blocks(m, model, usedTools);
      if (blocks.isEmpty()) continue;
      if (!r.equals(role)) {
        role = r;
        content = out.addObject().put("role", r).putArray("content");
      }
      if (m instanceof Message.ToolResult) {
        // tool results lead their user turn, before any user text merged into it earlier
        int at = 0;
        while (at < content.size() && content.get(at).has("toolResult")) at++;
        content.insert(at, blocks.get(0));
      } else {
        content.addAll(blocks);
      }
    }
    return out;
  }

  private static List<ObjectNode> blocks(Message m, String model, Set<String> usedTools) {
    List<ObjectNode> out = new ArrayList<>();
    if (m instanceof Message.User) {
      for (ContentPart p : ((Message.User) m).parts()) {
        if (p instanceof ContentPart.Text) {
          String text = ((ContentPart.Text) p).text();
          if (!text.isEmpty()) out.add(Json.objectNode().put("text", text));
        } else {
          out.add(image((ContentPart.Image) p, model));
        }
      }
    } else if (m instanceof Message.Assistant) {
      Message.Assistant a = (Message.Assistant) m;
      if (!a.text().isBlank()) out.add(Json.objectNode().put("text", a.text()));
      for (ToolCall c : a.toolCalls()) {
        ObjectNode block = Json.objectNode();
        ObjectNode use = block.putObject("toolUse").put("toolUseId", c.id()).put("name", c.name());
        use.set("input", parseObject(c.argumentsJson(), "arguments of tool call " + c.id(), model));
        usedTools.add(c.name());
        out.add(block);
      }
    } else {
      Message.ToolResult r = (Message.ToolResult) m;
      ObjectNode block = Json.objectNode();
      ObjectNode result = block.putObject("toolResult").put("toolUseId", r.toolCallId());
      result.putArray("content").addObject().put("text", r.content().isEmpty() ? " " : r.content());
      if (!r.toolName().isEmpty()) usedTools.add(r.toolName());
      out.add(block);
    }
    return out;
  }

  private static ObjectNode image(ContentPart.Image image, String model) {
    String mediaType;
    String base64;
    ObjectNode block = Json.objectNode();
    ObjectNode img = block.putObject("image");
    String url = image.url().orElse(null);
    if (url == null) {
      mediaType = image.mediaType().orElseThrow();
      base64 = image.base64().orElseThrow();
    } else if (url.regionMatches(true, 0, "data:", 0, 5) && url.contains(";base64,")) {
      int comma = url.indexOf(";base64,");
      mediaType = url.substring(5, comma);
      base64 = url.substring(comma + 8);
      try {
        Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw invalid(model, "image data: URL is not valid base64");
      }
    } else if (url.regionMatches(true, 0, "s3://", 0, 5)) {
      String format = formatOf(url.substring(url.lastIndexOf('.') + 1), model, "image " + shorten(url));
      img.put("format", format);
      img.putObject("source").putObject("s3Location").put("uri", url);
      return block;
    } else {
      throw invalid(model, "Bedrock cannot fetch image URLs (" + shorten(url) + "); send the bytes or an s3:// URI");
    }
    String sub = mediaType.toLowerCase(Locale.ROOT).startsWith("image/") ? mediaType.substring(6) : mediaType;
    img.put("format", formatOf(sub, model, "image type " + mediaType));
    img.putObject("source").put("bytes", base64);
    return block;
  }

  private static String formatOf(String subtype, String model, String what) {
    String f = subtype.toLowerCase(Locale.ROOT);
    if (f.equals("jpg")) f = "jpeg";
    if (!IMAGE_FORMATS.contains(f)) throw invalid(model, what + " is not supported by Bedrock (png, jpeg, gif, webp)");
    return f;
  }

  private static String shorten(String url) {
    String s = url.replaceAll("[?#].*", "");
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  /** Deep merge of an extra field: objects into objects key by key, anything else replaces. */
  static void merge(ObjectNode target, String key, JsonNode value) {
    JsonNode existing = target.get(key);
    if (existing instanceof ObjectNode && value instanceof ObjectNode) {
      value.properties().forEach(e -> merge((ObjectNode) existing, e.getKey(), e.getValue()));
    } else {
      target.set(key, value);
    }
  }

  static ObjectNode parseObject(String json, String what, String model) {
    JsonNode node;
    try {
      node = Json.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(model, what + " is not valid JSON");
    }
    if (node == null || !node.isObject()) throw invalid(model, what + " is not a JSON object");
    return (ObjectNode) node;
  }

  static ChatModelException invalid(String model, String detail) {
    return invalid(model, detail, null);
  }

  static ChatModelException invalid(String model, String detail, Throwable cause) {
    return ChatModelException.builder(Failure.INVALID_REQUEST)
        .provider(BedrockIds.PROVIDER)
        .model(model)
        .detail(detail)
        .cause(cause)
        .build();
  }
}
