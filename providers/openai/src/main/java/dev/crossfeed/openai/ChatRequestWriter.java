package dev.crossfeed.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ChatRequest} as a Chat Completions JSON body with a streaming generator: only fields the caller
 * set (several hosts reject unknown or null fields), the host's token-limit field and system role, and the
 * request's extra fields last, replacing any field of the same name. Stateless.
 */
final class ChatRequestWriter {
  private ChatRequestWriter() {}

  /**
   * The body for one call.
   *
   * @throws ChatModelException {@link Failure#INVALID_REQUEST} for what the host cannot take (an image URL on
   *     Ollama) or a tool schema that is not JSON
   */
  static byte[] write(ChatRequest request, String model, boolean stream, HostClient host) {
    Map<String, Object> extra = request.extraFields();
    if (request.stop().size() > host.maxStopSequences() && !extra.containsKey("stop")) {
      throw invalid(host, "stop: " + host.providerId + " accepts at most " + host.maxStopSequences()
          + " stop sequences, the request has " + request.stop().size());
    }
    for (Object v : extra.values()) {
      if (v instanceof Map) return merged(request, model, stream, host); // objects merge into ours: the tree path
    }
    return write(request, model, stream, host, extra);
  }

  /** Our body as a tree with the extra fields merged by {@link Json#mergeExtraFields}'s rule. */
  private static byte[] merged(ChatRequest request, String model, boolean stream, HostClient host) {
    try {
      ObjectNode body = (ObjectNode) Json.readTree(write(request, model, stream, host, Map.of()));
      Json.mergeExtraFields(body, request.extraFields());
      return Json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write request body", e);
    }
  }

  private static byte[] write(ChatRequest request, String model, boolean stream, HostClient host, Map<String, Object> extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.createGenerator(out)) {
      g.writeStartObject();
      if (!extra.containsKey("model")) g.writeStringField("model", model);
      if (!extra.containsKey("messages")) writeMessages(g, request.messages(), model, host);
      if (request.temperature().isPresent() && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", request.temperature().getAsDouble());
      }
      if (request.topP().isPresent() && !extra.containsKey("top_p")) g.writeNumberField("top_p", request.topP().getAsDouble());
      String tokenField = host.useMaxCompletionTokens(model) ? "max_completion_tokens" : "max_tokens";
      if (request.maxOutputTokens().isPresent() && !extra.containsKey(tokenField)) {
        g.writeNumberField(tokenField, request.maxOutputTokens().getAsInt());
      }
      if (!request.stop().isEmpty() && !extra.containsKey("stop")) {
        g.writeArrayFieldStart("stop");
        for (String s : request.stop()) g.writeString(s);
        g.writeEndArray();
      }
      if (!request.tools().isEmpty() && !extra.containsKey("tools")) writeTools(g, request.tools());
      if (request.toolChoice().isPresent() && !extra.containsKey("tool_choice")) writeToolChoice(g, request.toolChoice().get());
      if (request.responseFormat().type() != ResponseFormat.Type.TEXT && !extra.containsKey("response_format")) {
        writeResponseFormat(g, request.responseFormat());
      }
      if (stream) {
        if (!extra.containsKey("stream")) g.writeBooleanField("stream", true);
        if (host.streamUsage() && !extra.containsKey("stream_options")) {
          g.writeObjectFieldStart("stream_options");
          g.writeBooleanField("include_usage", true);
          g.writeEndObject();
        }
      }
      for (Map.Entry<String, Object> e : extra.entrySet()) {
        g.writeFieldName(e.getKey());
        Json.writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } catch (ChatModelException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write request body", e);
    }
    return out.toByteArray();
  }

  private static void writeMessages(JsonGenerator g, List<Message> messages, String model, HostClient host)
      throws IOException {
    String systemRole = host.useDeveloperRole(model) ? "developer" : "system";
    g.writeArrayFieldStart("messages");
    for (Message m : messages) {
      g.writeStartObject();
      if (m instanceof Message.System) {
        g.writeStringField("role", systemRole);
        g.writeStringField("content", ((Message.System) m).text());
      } else if (m instanceof Message.User) {
        g.writeStringField("role", "user");
        writeUserContent(g, (Message.User) m, host);
      } else if (m instanceof Message.Assistant) {
        writeAssistant(g, (Message.Assistant) m);
      } else {
        Message.ToolResult t = (Message.ToolResult) m;
        g.writeStringField("role", "tool");
        g.writeStringField("tool_call_id", t.toolCallId());
        if (host.host.toolResultsCarryName()) g.writeStringField("name", t.toolName());
        g.writeStringField("content", t.content());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeUserContent(JsonGenerator g, Message.User user, HostClient host) throws IOException {
    List<ContentPart> parts = user.parts();
    if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text) {
      g.writeStringField("content", ((ContentPart.Text) parts.get(0)).text());
      return;
    }
    g.writeArrayFieldStart("content");
    for (ContentPart p : parts) {
      g.writeStartObject();
      if (p instanceof ContentPart.Text) {
        g.writeStringField("type", "text");
        g.writeStringField("text", ((ContentPart.Text) p).text());
      } else {
        ContentPart.Image image = (ContentPart.Image) p;
        String url = image.toUrl();
        if (!host.host.acceptsImageUrls() && !url.regionMatches(true, 0, "data:", 0, 5)) {
          throw invalid(host, "images by URL are not supported by " + host.providerId + "; send the image bytes");
        }
        g.writeStringField("type", "image_url");
        g.writeObjectFieldStart("image_url");
        g.writeStringField("url", url);
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeAssistant(JsonGenerator g, Message.Assistant a) throws IOException {
    g.writeStringField("role", "assistant");
    if (a.text().isEmpty() && !a.toolCalls().isEmpty()) g.writeNullField("content");
    else g.writeStringField("content", a.text());
    if (a.toolCalls().isEmpty()) return;
    g.writeArrayFieldStart("tool_calls");
    for (ToolCall c : a.toolCalls()) {
      g.writeStartObject();
      g.writeStringField("id", c.id());
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", c.name());
      g.writeStringField("arguments", c.argumentsJson());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeTools(JsonGenerator g, List<ToolSpec> tools) throws IOException {
    g.writeArrayFieldStart("tools");
    for (ToolSpec t : tools) {
      g.writeStartObject();
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", t.name());
      if (!t.description().isEmpty()) g.writeStringField("description", t.description());
      g.writeFieldName("parameters");
      g.writeTree(parseSchema(t.parametersJsonSchema(), "parameters of tool " + t.name()));
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    switch (choice.mode()) {
      case AUTO:
        g.writeStringField("tool_choice", "auto");
        break;
      case NONE:
        g.writeStringField("tool_choice", "none");
        break;
      case REQUIRED:
        g.writeStringField("tool_choice", "required");
        break;
      default:
        g.writeObjectFieldStart("tool_choice");
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", choice.toolName().orElseThrow());
        g.writeEndObject();
        g.writeEndObject();
    }
  }

  private static void writeResponseFormat(JsonGenerator g, ResponseFormat format) throws IOException {
    g.writeObjectFieldStart("response_format");
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      g.writeStringField("type", "json_object");
    } else {
      g.writeStringField("type", "json_schema");
      g.writeObjectFieldStart("json_schema");
      g.writeStringField("name", format.schemaName().orElse("response"));
      if (format.strict()) g.writeBooleanField("strict", true);
      g.writeFieldName("schema");
      g.writeTree(parseSchema(format.schemaJson().orElseThrow(), "response format schema"));
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** Parses a caller's schema so a broken one fails here, named, instead of as a garbled body on the wire. */
  private static JsonNode parseSchema(String json, String what) {
    try {
      JsonNode node = Json.readTree(json);
      if (node != null && node.isObject()) return node;
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw ChatModelException.builder(Failure.INVALID_REQUEST).detail(what + " is not a JSON object").build();
  }

  private static ChatModelException invalid(HostClient host, String detail) {
    return ChatModelException.builder(Failure.INVALID_REQUEST).provider(host.providerId).detail(detail).build();
  }
}
