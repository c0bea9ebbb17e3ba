package dev.crossfeed.springai;

import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Spring AI prompt to Crossfeed request. What a route cannot carry (top-k, penalties, non-image media, unknown
 * message types) fails with an {@link IllegalArgumentException} naming it instead of being dropped silently.
 */
final class Prompts {
  private Prompts() {}

  static ChatRequest toCrossfeed(Prompt prompt, List<ToolDefinition> tools) {
    ChatRequest.Builder b = ChatRequest.builder();
    for (Message m : prompt.getInstructions()) message(b, m);
    ChatOptions o = prompt.getOptions();
    if (o != null) {
      if (o.getTopK() != null) throw unsupported("topK");
      if (o.getFrequencyPenalty() != null) throw unsupported("frequencyPenalty");
      if (o.getPresencePenalty() != null) throw unsupported("presencePenalty");
      b.model(o.getModel());
      b.temperature(o.getTemperature());
      b.topP(o.getTopP());
      b.maxOutputTokens(o.getMaxTokens());
      if (o.getStopSequences() != null) b.stop(o.getStopSequences());
    }
    for (ToolDefinition t : tools) b.tool(ToolSpec.of(t.name(), t.description(), t.inputSchema()));
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("Crossfeed cannot send this prompt: " + e.getMessage(), e);
    }
  }

  private static void message(ChatRequest.Builder b, Message m) {
    if (m instanceof SystemMessage) {
      b.system(text(m.getText()));
    } else if (m instanceof UserMessage) {
      b.message(user((UserMessage) m));
    } else if (m instanceof AssistantMessage) {
      AssistantMessage a = (AssistantMessage) m;
      List<ToolCall> calls = new ArrayList<>();
      for (AssistantMessage.ToolCall c : a.getToolCalls()) calls.add(new ToolCall(text(c.id()), c.name(), c.arguments()));
      b.message(dev.crossfeed.Message.assistant(a.getText(), calls));
    } else if (m instanceof ToolResponseMessage) {
      for (ToolResponseMessage.ToolResponse r : ((ToolResponseMessage) m).getResponses()) {
        b.message(dev.crossfeed.Message.toolResult(text(r.id()), text(r.name()), text(r.responseData())));
      }
    } else {
      throw new IllegalArgumentException("Crossfeed cannot send a " + m.getMessageType() + " message (" + m.getClass().getName() + ")");
    }
  }

  private static dev.crossfeed.Message user(UserMessage m) {
    List<ContentPart> parts = new ArrayList<>();
    if (m.getText() != null && !m.getText().isEmpty()) parts.add(ContentPart.text(m.getText()));
    for (Media media : m.getMedia()) parts.add(image(media));
    if (parts.isEmpty()) parts.add(ContentPart.text(""));
    return dev.crossfeed.Message.user(parts.toArray(new ContentPart[0]));
  }

  private static ContentPart image(Media media) {
    String type = media.getMimeType() == null ? "" : media.getMimeType().toString();
    if (!type.startsWith("image/")) throw new IllegalArgumentException("Crossfeed sends image media only, not " + type);
    Object data = media.getData();
    if (data instanceof byte[]) return ContentPart.imageBytes((byte[]) data, type);
    if (data instanceof String) return ContentPart.imageUrl((String) data);
    throw new IllegalArgumentException("image media holds a " + (data == null ? "null" : data.getClass().getName()));
  }

  private static IllegalArgumentException unsupported(String option) {
    return new IllegalArgumentException(
        "Crossfeed routes do not support the " + option + " option (models of a route may be of any provider)");
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
