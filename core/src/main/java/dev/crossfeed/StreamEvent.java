package dev.crossfeed;

import java.util.Objects;

/**
 * One event of a streamed answer. Content events ({@link TextDelta}, {@link ToolCallDelta},
 * {@link ToolCallComplete}, {@link ReasoningDelta}) carry part of the answer; once one reached the caller a
 * router no longer fails over. A stream ends with exactly one {@link Completed}.
 */
public sealed interface StreamEvent
    permits StreamEvent.TextDelta,
        StreamEvent.ToolCallDelta,
        StreamEvent.ToolCallComplete,
        StreamEvent.ReasoningDelta,
        StreamEvent.UsageUpdate,
        StreamEvent.Completed {

  /** {@return true for events that carry part of the answer} */
  default boolean isContent() {
    return !(this instanceof UsageUpdate) && !(this instanceof Completed);
  }

  /** A piece of answer text. */
  record TextDelta(String text) implements StreamEvent {
    /**
     * Checks the text is there.
     *
     * @param text the piece of text
     */
    public TextDelta {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /**
   * A fragment of a tool call being streamed. {@code id} and {@code name} are set on the first fragment of a
   * call (empty strings on later ones); {@code argumentsDelta} is appended in order.
   *
   * @param index position of the call in the answer, from 0
   */
  record ToolCallDelta(int index, String id, String name, String argumentsDelta) implements StreamEvent {
    /**
     * Null strings become empty.
     *
     * @param index position of the call in the answer
     * @param id the call id, on the first fragment
     * @param name the tool name, on the first fragment
     * @param argumentsDelta the next piece of the arguments JSON
     */
    public ToolCallDelta {
      id = id == null ? "" : id;
      name = name == null ? "" : name;
      argumentsDelta = argumentsDelta == null ? "" : argumentsDelta;
    }
  }

  /** A tool call whose arguments are complete. */
  record ToolCallComplete(int index, ToolCall call) implements StreamEvent {
    /**
     * Checks the call is there.
     *
     * @param index position of the call in the answer
     * @param call the whole call
     */
    public ToolCallComplete {
      Objects.requireNonNull(call, "call == null");
    }
  }

  /** A piece of reasoning/thinking text. */
  record ReasoningDelta(String text) implements StreamEvent {
    /**
     * Checks the text is there.
     *
     * @param text the piece of reasoning
     */
    public ReasoningDelta {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /** Usage so far (providers may send it more than once; the last wins). */
  record UsageUpdate(Usage usage) implements StreamEvent {
    /**
     * Checks the usage is there.
     *
     * @param usage the usage so far
     */
    public UsageUpdate {
      Objects.requireNonNull(usage, "usage == null");
    }
  }

  /** The end of the stream, with the whole answer assembled. */
  record Completed(ChatResponse response) implements StreamEvent {
    /**
     * Checks the response is there.
     *
     * @param response the whole answer
     */
    public Completed {
      Objects.requireNonNull(response, "response == null");
    }
  }
}
