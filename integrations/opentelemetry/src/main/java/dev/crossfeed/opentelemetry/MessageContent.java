package dev.crossfeed.opentelemetry;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Message;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolSpec;
import java.util.List;

/**
 * Writes prompts, answers, system instructions and tool definitions as the JSON the GenAI conventions define for
 * {@code gen_ai.input.messages}, {@code gen_ai.output.messages}, {@code gen_ai.system_instructions} and
 * {@code gen_ai.tool.definitions}. Only used when the user opted in to content capture.
 *
 * <p>Truncation keeps the JSON valid: each text value longer than the limit is cut and marked with {@code …}
 * rather than cutting the document. Image bytes are never written (only their media type); image URLs are,
 * except {@code data:} URLs, which are bytes too.
 */
final class MessageContent {
  private final int maxText;

  MessageContent(int maxText) {
    this.maxText = maxText;
  }

  /** The chat history without system messages (those are {@link #systemInstructions}); empty string if none. */
  String inputMessages(List<Message> messages) {
    StringBuilder json = new StringBuilder(256).append('[');
    boolean first = true;
    for (Message m : messages) {
      if (m instanceof Message.System) continue;
      if (!first) json.append(',');
      first = false;
      if (m instanceof Message.User) {
        json.append("{\"role\":\"user\",\"parts\":[");
        List<ContentPart> parts = ((Message.User) m).parts();
        for (int i = 0; i < parts.size(); i++) {
          if (i > 0) json.append(',');
          part(json, parts.get(i));
        }
        json.append("]}");
      } else if (m instanceof Message.Assistant) {
        Message.Assistant a = (Message.Assistant) m;
        json.append("{\"role\":\"assistant\",\"parts\":[");
        assistantParts(json, a.text(), a.toolCalls());
        json.append("]}");
      } else {
        Message.ToolResult t = (Message.ToolResult) m;
        json.append("{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":");
        string(json, t.toolCallId());
        json.append(",\"response\":");
        text(json, t.content());
        json.append("}]}");
      }
    }
    return json.append(']').toString();
  }

  /** The system messages as text parts; empty string if there are none. */
  String systemInstructions(List<Message> messages) {
    StringBuilder json = null;
    for (Message m : messages) {
      if (!(m instanceof Message.System)) continue;
      json = json == null ? new StringBuilder(128).append('[') : json.append(',');
      json.append("{\"type\":\"text\",\"content\":");
      text(json, ((Message.System) m).text());
      json.append('}');
    }
    return json == null ? "" : json.append(']').toString();
  }

  /** The answer as one assistant message with its finish reason. */
  String outputMessages(ChatResponse response) {
    StringBuilder json = new StringBuilder(256).append("[{\"role\":\"assistant\",\"parts\":[");
    assistantParts(json, response.text(), response.toolCalls());
    json.append("],\"finish_reason\":");
    string(json, GenAi.finishReason(response.finishReason()));
    return json.append("}]").toString();
  }

  /** The tools offered, without their parameter schemas (large, and optional in the conventions). */
  String toolDefinitions(List<ToolSpec> tools) {
    if (tools.isEmpty()) return "";
    StringBuilder json = new StringBuilder(128).append('[');
    for (int i = 0; i < tools.size(); i++) {
      if (i > 0) json.append(',');
      json.append("{\"type\":\"function\",\"name\":");
      string(json, tools.get(i).name());
      json.append(",\"description\":");
      text(json, tools.get(i).description());
      json.append('}');
    }
    return json.append(']').toString();
  }

  private void assistantParts(StringBuilder json, String text, List<ToolCall> toolCalls) {
    boolean first = true;
    if (!text.isEmpty()) {
      json.append("{\"type\":\"text\",\"content\":");
      text(json, text);
      json.append('}');
      first = false;
    }
    for (ToolCall call : toolCalls) {
      if (!first) json.append(',');
      first = false;
      json.append("{\"type\":\"tool_call\",\"id\":");
      string(json, call.id());
      json.append(",\"name\":");
      string(json, call.name());
      // the model wrote these arguments and they may not be valid JSON: carried as a string, never parsed
      json.append(",\"arguments\":");
      text(json, call.argumentsJson());
      json.append('}');
    }
  }

  private void part(StringBuilder json, ContentPart part) {
    if (part instanceof ContentPart.Text) {
      json.append("{\"type\":\"text\",\"content\":");
      text(json, ((ContentPart.Text) part).text());
      json.append('}');
      return;
    }
    ContentPart.Image image = (ContentPart.Image) part;
    String url = image.url().orElse(null);
    if (url != null && !url.startsWith("data:")) {
      json.append("{\"type\":\"uri\",\"modality\":\"image\",\"uri\":");
      text(json, url);
      json.append('}');
    } else {
      json.append("{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":");
      string(json, image.mediaType().orElse(url != null ? mediaTypeOf(url) : "image/*"));
      json.append('}');
    }
  }

  private static String mediaTypeOf(String dataUrl) {
    int end = dataUrl.indexOf(';');
    return end > 5 ? dataUrl.substring(5, end) : "image/*";
  }

  /** A user- or model-written text value, cut to the limit. */
  private void text(StringBuilder json, String value) {
    if (value.length() <= maxText) {
      string(json, value);
    } else {
      int end = maxText;
      if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) end--;
      string(json, value.substring(0, end) + "…");
    }
  }

  static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
