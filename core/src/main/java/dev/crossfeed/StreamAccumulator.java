package dev.crossfeed;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Assembles {@link StreamEvent}s into a {@link ChatResponse}: concatenates text and reasoning, assembles tool
 * calls from their fragments by index, keeps the last usage. Useful to get the partial answer of a stream that
 * broke, or to build the final response in a provider. Not thread-safe.
 */
public final class StreamAccumulator {
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  private final TreeMap<Integer, PendingCall> calls = new TreeMap<>();
  private Usage usage = Usage.ZERO;
  private boolean sawContent;
  private ChatResponse completed;

  private static final class PendingCall {
    String id = "";
    String name = "";
    final StringBuilder args = new StringBuilder();
    ToolCall complete;
  }

  /**
   * Adds one event.
   *
   * @param event the next event of the stream
   */
  public void accept(StreamEvent event) {
    if (event.isContent()) sawContent = true;
    if (event instanceof StreamEvent.TextDelta) {
      text.append(((StreamEvent.TextDelta) event).text());
    } else if (event instanceof StreamEvent.ReasoningDelta) {
      reasoning.append(((StreamEvent.ReasoningDelta) event).text());
    } else if (event instanceof StreamEvent.ToolCallDelta) {
      StreamEvent.ToolCallDelta d = (StreamEvent.ToolCallDelta) event;
      PendingCall c = calls.computeIfAbsent(d.index(), i -> new PendingCall());
      if (!d.id().isEmpty()) c.id = d.id();
      if (!d.name().isEmpty()) c.name = d.name();
      c.args.append(d.argumentsDelta());
    } else if (event instanceof StreamEvent.ToolCallComplete) {
      StreamEvent.ToolCallComplete d = (StreamEvent.ToolCallComplete) event;
      calls.computeIfAbsent(d.index(), i -> new PendingCall()).complete = d.call();
    } else if (event instanceof StreamEvent.UsageUpdate) {
      usage = ((StreamEvent.UsageUpdate) event).usage();
    } else if (event instanceof StreamEvent.Completed) {
      completed = ((StreamEvent.Completed) event).response();
    }
  }

  /** {@return true once any content event was accepted} */
  public boolean sawContent() {
    return sawContent;
  }

  /** {@return the text deltas so far, joined} */
  public String text() {
    return text.toString();
  }

  /** {@return the last usage reported, or {@link Usage#ZERO}} */
  public Usage usage() {
    return usage;
  }

  /**
   * Tool calls so far: completed ones as given, pending ones from their fragments. A pending call whose fragments
   * never named a function is left out: it cannot be invoked, and non-streamed answers drop such calls too.
   *
   * @return the calls, in index order
   */
  public List<ToolCall> toolCalls() {
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (var e : calls.entrySet()) {
      PendingCall c = e.getValue();
      if (c.complete == null && c.name.isEmpty()) continue;
      out.add(c.complete != null ? c.complete : new ToolCall(c.id.isEmpty() ? "call_" + e.getKey() : c.id, c.name, c.args.toString()));
    }
    return out;
  }

  /** {@return the completed response if a {@link StreamEvent.Completed} was seen, else empty} */
  public java.util.Optional<ChatResponse> completed() {
    return java.util.Optional.ofNullable(completed);
  }

  /**
   * A response from what was accepted so far, with the given finish reason, for partial answers or for
   * providers that build their final response from the stream.
   *
   * @param finishReason why the answer ended
   * @return a builder with text, reasoning, tool calls and usage filled in
   */
  public ChatResponse.Builder toResponse(FinishReason finishReason) {
    return ChatResponse.builder()
        .text(text.toString())
        .reasoning(reasoning.toString())
        .toolCalls(toolCalls())
        .usage(usage)
        .finishReason(finishReason);
  }
}
