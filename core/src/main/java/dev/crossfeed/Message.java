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

  /**
   * A system (developer) instruction.
   *
   * @param text the instruction
   * @return the message
   */
  static System system(String text) {
    return new System(text);
  }

  /**
   * A user turn of text.
   *
   * @param text what the user says
   * @return the message
   */
  static User user(String text) {
    return new User(List.of(ContentPart.text(text)));
  }

  /**
   * A user turn of text and image parts.
   *
   * @param parts the parts, in order, at least one
   * @return the message
   */
  static User user(ContentPart... parts) {
    return new User(List.of(parts));
  }

  /**
   * An earlier answer of the model, for multi-turn conversations.
   *
   * @param text what the model said
   * @return the message
   */
  static Assistant assistant(String text) {
    return new Assistant(text, List.of());
  }

  /**
   * An earlier answer of the model that called tools; send the {@link #toolResult results} after it.
   *
   * @param text what the model said, possibly empty
   * @param toolCalls the calls it made
   * @return the message
   */
  static Assistant assistant(String text, List<ToolCall> toolCalls) {
    return new Assistant(text, toolCalls);
  }

  /**
   * The result of running {@code toolName} for the call {@code toolCallId}.
   *
   * @param toolCallId the id of the {@link ToolCall} answered
   * @param toolName the tool that ran
   * @param content what it returned, usually JSON
   * @return the message
   */
  static ToolResult toolResult(String toolCallId, String toolName, String content) {
    return new ToolResult(toolCallId, toolName, content);
  }

  /** A system (developer) instruction. */
  record System(String text) implements Message {
    /**
     * Checks the text is there.
     *
     * @param text the instruction, not null
     */
    public System {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /** A user turn: one or more parts. */
  record User(List<ContentPart> parts) implements Message {
    /**
     * Copies the parts and checks there is at least one.
     *
     * @param parts the parts, in order
     */
    public User {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) throw new IllegalArgumentException("user message has no parts");
    }

    /** {@return the text parts joined, without images} */
    public String text() {
      StringBuilder s = new StringBuilder();
      for (ContentPart p : parts) {
        if (p instanceof ContentPart.Text) s.append(((ContentPart.Text) p).text());
      }
      return s.toString();
    }

    /** {@return true if any part is an image} */
    public boolean hasImages() {
      for (ContentPart p : parts) {
        if (p instanceof ContentPart.Image) return true;
      }
      return false;
    }
  }

  /** An assistant turn, as the model produced it: text (may be empty) and tool calls. */
  record Assistant(String text, List<ToolCall> toolCalls) implements Message {
    /**
     * Copies the tool calls; a null text becomes empty.
     *
     * @param text what the model said
     * @param toolCalls the calls it made
     */
    public Assistant {
      text = text == null ? "" : text;
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** The output of a tool call, sent back to the model. */
  record ToolResult(String toolCallId, String toolName, String content) implements Message {
    /**
     * Checks every field is there.
     *
     * @param toolCallId the id of the call answered
     * @param toolName the tool that ran
     * @param content what it returned
     */
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId == null");
      Objects.requireNonNull(toolName, "toolName == null");
      Objects.requireNonNull(content, "content == null");
    }
  }
}
