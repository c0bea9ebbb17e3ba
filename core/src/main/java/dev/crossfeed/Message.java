package dev.crossfeed;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation: system, user (text and images), assistant (text and tool calls) or a tool
 * result.
 *
 * <pre>{@code
 * List.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!"), Message.user("Bye"))
 * }</pre>
 */
public sealed interface Message
    permits Message.System, Message.User, Message.Assistant, Message.ToolResult {

  static System system(String text) {
    return new System(text);
  }

  static User user(String text) {
    return new User(List.of(ContentPart.text(text)));
  }

  static User user(ContentPart... parts) {
    return new User(List.of(parts));
  }

  static Assistant assistant(String text) {
    return new Assistant(text, List.of());
  }

  static Assistant assistant(String text, List<ToolCall> toolCalls) {
    return new Assistant(text, toolCalls);
  }

  /** The result of running {@code toolName} for the call {@code toolCallId}. */
  static ToolResult toolResult(String toolCallId, String toolName, String content) {
    return new ToolResult(toolCallId, toolName, content);
  }

  /** A system (developer) instruction. */
  record System(String text) implements Message {
    public System {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /** A user turn: one or more parts. */
  record User(List<ContentPart> parts) implements Message {
    public User {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) throw new IllegalArgumentException("user message has no parts");
    }

    /** The text parts joined, without images. */
    public String text() {
      StringBuilder s = new StringBuilder();
      for (ContentPart p : parts) {
        if (p instanceof ContentPart.Text) s.append(((ContentPart.Text) p).text());
      }
      return s.toString();
    }

    public boolean hasImages() {
      for (ContentPart p : parts) {
        if (p instanceof ContentPart.Image) return true;
      }
      return false;
    }
  }

  /** An assistant turn, as the model produced it: text (may be empty) and tool calls. */
  record Assistant(String text, List<ToolCall> toolCalls) implements Message {
    public Assistant {
      text = text == null ? "" : text;
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** The output of a tool call, sent back to the model. */
  record ToolResult(String toolCallId, String toolName, String content) implements Message {
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId == null");
      Objects.requireNonNull(toolName, "toolName == null");
      Objects.requireNonNull(content, "content == null");
    }
  }
}
