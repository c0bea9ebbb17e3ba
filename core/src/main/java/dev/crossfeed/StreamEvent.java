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

  /** True for events that carry part of the answer. */
  default boolean isContent() {
    return !(this instanceof UsageUpdate) && !(this instanceof Completed);
  }

  /** A piece of answer text. */
  record TextDelta(String text) implements StreamEvent {
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
    public ToolCallDelta {
      id = id == null ? "" : id;
      name = name == null ? "" : name;
      argumentsDelta = argumentsDelta == null ? "" : argumentsDelta;
    }
  }

  /** A tool call whose arguments are complete. */
  record ToolCallComplete(int index, ToolCall call) implements StreamEvent {
    public ToolCallComplete {
      Objects.requireNonNull(call, "call == null");
    }
  }

  /** A piece of reasoning/thinking text. */
  record ReasoningDelta(String text) implements StreamEvent {
    public ReasoningDelta {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /** Usage so far (providers may send it more than once; the last wins). */
  record UsageUpdate(Usage usage) implements StreamEvent {
    public UsageUpdate {
      Objects.requireNonNull(usage, "usage == null");
    }
  }

  /** The end of the stream, with the whole answer assembled. */
  record Completed(ChatResponse response) implements StreamEvent {
    public Completed {
      Objects.requireNonNull(response, "response == null");
    }
  }
}
