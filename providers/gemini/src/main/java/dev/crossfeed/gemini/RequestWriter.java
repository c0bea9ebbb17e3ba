package dev.crossfeed.gemini;

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

/**
 * Writes a {@link ChatRequest} as a Gemini {@code generateContent} body (gemini-generate-content.md §3):
 * system messages go to {@code systemInstruction}; user and tool-result turns are role {@code user}, assistant
 * turns role {@code model}; consecutive tool results share one {@code user} content of {@code functionResponse}
 * parts (matched to their calls by name: Gemini's Developer API has no call ids); tools are declared with
 * {@code parametersJsonSchema} and structured output uses {@code responseJsonSchema}, both plain JSON Schema,
 * which is what {@link ToolSpec} and {@link ResponseFormat} carry. Stateless apart from the signature cache.
 */
final class RequestWriter {
  private final ThoughtSignatures signatures;
  private final boolean includeThoughts;

  RequestWriter(ThoughtSignatures signatures, boolean includeThoughts) {
    this.signatures = signatures;
    this.includeThoughts = includeThoughts;
  }

  /**
   * The JSON body.
   *
   * @throws ChatModelException INVALID_REQUEST for what Gemini cannot take (image URLs it cannot fetch,
   *     arguments or schemas that are not JSON objects)
   */
  ObjectNode write(ChatRequest request, String model) {
    ObjectNode root = Json.objectNode();
    ArrayNode system = Json.arrayNode();
    ArrayNode contents = root.putArray("contents");
    ArrayNode toolResults = null;
    for (Message m : request.messages()) {
      if (m instanceof Message.System) {
        system.addObject().put("text", ((Message.System) m).text());
        continue;
      }
      if (m instanceof Message.ToolResult) {
        if (toolResults == null) toolResults = content(contents, "user");
        toolResult(toolResults.addObject(), (Message.ToolResult) m);
        continue;
      }
      toolResults = null;
      if (m instanceof Message.User) {
        ArrayNode parts = content(contents, "user");
        for (ContentPart p : ((Message.User) m).parts()) part(parts.addObject(), p, model);
      } else {
        Message.Assistant a = (Message.Assistant) m;
        if (a.text().isEmpty() && a.toolCalls().isEmpty()) continue; // Gemini rejects empty parts
        ArrayNode parts = content(contents, "model");
        if (!a.text().isEmpty()) parts.addObject().put("text", a.text());
        boolean first = true;
        for (ToolCall c : a.toolCalls()) {
          functionCall(parts.addObject(), c, model, first);
          first = false;
        }
      }
    }
    if (!system.isEmpty()) root.putObject("systemInstruction").set("parts", system);
    tools(root, request, model);
    generationConfig(root, request, model);
    Json.mergeExtraFields(root, request.extraFields());
    return root;
  }

  private static ArrayNode content(ArrayNode contents, String role) {
    ObjectNode c = contents.addObject();
    c.put("role", role);
    return c.putArray("parts");
  }

  private static void part(ObjectNode out, ContentPart p, String model) {
    if (p instanceof ContentPart.Text) {
      out.put("text", ((ContentPart.Text) p).text());
      return;
    }
    ContentPart.Image image = (ContentPart.Image) p;
    if (image.base64().isPresent()) {
      inline(out, image.mediaType().orElseThrow(), image.base64().get());
      return;
    }
    String url = image.url().orElseThrow();
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      int comma = url.indexOf(',');
      String meta = comma < 0 ? "" : url.substring(5, comma);
      if (comma < 0 || !meta.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw invalid(model, "image data: URL must be base64-encoded (data:<type>;base64,<data>)");
      }
      String data = url.substring(comma + 1);
      try {
        Base64.getDecoder().decode(data);
      } catch (IllegalArgumentException e) {
        throw invalid(model, "image data: URL holds invalid base64");
      }
      inline(out, meta.substring(0, meta.length() - 7), data);
    } else if (isFileUri(lower)) {
      ObjectNode file = out.putObject("fileData");
      String type = mediaTypeOf(lower);
      if (type != null) file.put("mimeType", type);
      file.put("fileUri", url);
    } else {
      throw invalid(model, "Gemini cannot fetch image URLs; send the image inline (ContentPart.imageBytes or a"
          + " data: URL) or upload it with the Gemini Files API and pass the file URI");
    }
  }

  private static void inline(ObjectNode out, String mediaType, String base64) {
    ObjectNode d = out.putObject("inlineData");
    d.put("mimeType", mediaType);
    d.put("data", base64);
  }

  /** URIs Gemini itself can read: Files API uploads and (on Vertex) Cloud Storage objects. */
  static boolean isFileUri(String lowerUrl) {
    return (lowerUrl.startsWith("https://generativelanguage.googleapis.com/") && lowerUrl.contains("/files/"))
        || lowerUrl.startsWith("gs://");
  }

  private static String mediaTypeOf(String lowerUrl) {
    String path = lowerUrl.replaceAll("[?#].*$", "");
    if (path.endsWith(".png")) return "image/png";
    if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
    if (path.endsWith(".webp")) return "image/webp";
    if (path.endsWith(".gif")) return "image/gif";
    if (path.endsWith(".heic")) return "image/heic";
    if (path.endsWith(".heif")) return "image/heif";
    return null;
  }

  private void functionCall(ObjectNode out, ToolCall c, String model, boolean firstOfTurn) {
    ObjectNode fc = out.putObject("functionCall");
    fc.put("name", c.name());
    fc.set("args", object(c.argumentsJson(), model, "arguments of tool call " + c.id()));
    String signature = signatures.get(c.id());
    if (signature == null && firstOfTurn && requiresSignatures(model)) signature = ThoughtSignatures.SKIP_VALIDATOR;
    if (signature != null) out.put("thoughtSignature", signature);
  }

  /** Gemini 3 models reject replayed function calls without a thought signature. */
  static boolean requiresSignatures(String model) {
    return model.startsWith("gemini-3");
  }

  private static void toolResult(ObjectNode out, Message.ToolResult r) {
    ObjectNode fr = out.putObject("functionResponse");
    fr.put("name", r.toolName());
    JsonNode parsed = tryParse(r.content());
    if (parsed != null && parsed.isObject()) fr.set("response", parsed);
    else fr.putObject("response").put("content", r.content());
  }

  private static void tools(ObjectNode root, ChatRequest request, String model) {
    if (request.tools().isEmpty()) return;
    ArrayNode decls = root.putArray("tools").addObject().putArray("functionDeclarations");
    for (ToolSpec t : request.tools()) {
      ObjectNode d = decls.addObject();
      d.put("name", t.name());
      if (!t.description().isEmpty()) d.put("description", t.description());
      d.set("parametersJsonSchema", object(t.parametersJsonSchema(), model, "parameters schema of tool " + t.name()));
    }
    if (request.toolChoice().isEmpty()) return;
    ToolChoice choice = request.toolChoice().get();
    ObjectNode config = root.putObject("toolConfig").putObject("functionCallingConfig");
    switch (choice.mode()) {
      case NONE:
        config.put("mode", "NONE");
        break;
      case REQUIRED:
        config.put("mode", "ANY");
        break;
      case SPECIFIC:
        config.put("mode", "ANY");
        config.putArray("allowedFunctionNames").add(choice.toolName().orElseThrow());
        break;
      default:
        config.put("mode", "AUTO");
    }
  }

  private void generationConfig(ObjectNode root, ChatRequest request, String model) {
    ObjectNode g = Json.objectNode();
    request.temperature().ifPresent(v -> g.put("temperature", v));
    request.topP().ifPresent(v -> g.put("topP", v));
    request.maxOutputTokens().ifPresent(v -> g.put("maxOutputTokens", v));
    if (!request.stop().isEmpty()) {
      ArrayNode stops = g.putArray("stopSequences");
      request.stop().forEach(stops::add);
    }
    ResponseFormat format = request.responseFormat();
    if (format.type() != ResponseFormat.Type.TEXT) g.put("responseMimeType", "application/json");
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      g.set("responseJsonSchema", object(format.schemaJson().orElseThrow(), model, "response JSON schema"));
    }
    if (includeThoughts) g.putObject("thinkingConfig").put("includeThoughts", true);
    if (!g.isEmpty()) root.set("generationConfig", g);
  }

  private static JsonNode object(String json, String model, String what) {
    JsonNode node = tryParse(json);
    if (node == null || !node.isObject()) throw invalid(model, what + " is not a JSON object");
    return node;
  }

  private static JsonNode tryParse(String json) {
    try {
      return Json.readTree(json);
    } catch (Exception e) {
      return null;
    }
  }

  static ChatModelException invalid(String model, String detail) {
    return ChatModelException.builder(Failure.INVALID_REQUEST)
        .provider(GeminiChatModel.PROVIDER)
        .model(model)
        .detail(detail)
        .build();
  }
}
