package dev.crossfeed.testing;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.util.ArrayList;
import java.util.List;

/** Turns scripted answers into complete responses and into stream events, and streams back into responses. */
final class ScriptedAnswers {
  private ScriptedAnswers() {}

  /** Fills what a real provider would: provider, model, request id, estimated usage, cost. */
  static ChatResponse complete(ScriptedCall call, ChatResponse r, boolean explicitUsage) {
    ChatResponse.Builder b = r.newBuilder();
    if (r.provider().isEmpty()) b.provider(call.info.provider());
    if (r.model().isEmpty()) b.model(call.modelId());
    if (r.requestId().isEmpty()) b.requestId("scripted-" + call.number);
    Usage usage = explicitUsage ? r.usage() : estimate(call, r);
    b.usage(usage);
    if (r.cost().isEmpty()) b.cost(call.info.costOf(usage).orElse(null));
    return b.build();
  }

  /** Input from the request's size estimate, output about one token per four characters produced. */
  static Usage estimate(ScriptedCall call, ChatResponse r) {
    long chars = r.text().length() + r.reasoning().length();
    for (ToolCall c : r.toolCalls()) chars += c.name().length() + c.argumentsJson().length();
    return Usage.of(Math.max(1, call.request.estimatedInputTokens()), Math.max(1, (chars + 3) / 4));
  }

  /** The events a provider would stream for a complete response, ending with {@code Completed}. */
  static List<StreamEvent> eventsOf(ChatResponse r) {
    List<StreamEvent> events = new ArrayList<>();
    for (String chunk : chunks(r.reasoning())) events.add(new StreamEvent.ReasoningDelta(chunk));
    for (String chunk : chunks(r.text())) events.add(new StreamEvent.TextDelta(chunk));
    List<ToolCall> calls = r.toolCalls();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      String args = c.argumentsJson();
      int half = args.length() / 2;
      events.add(new StreamEvent.ToolCallDelta(i, c.id(), c.name(), args.substring(0, half)));
      events.add(new StreamEvent.ToolCallDelta(i, "", "", args.substring(half)));
      events.add(new StreamEvent.ToolCallComplete(i, c));
    }
    events.add(new StreamEvent.UsageUpdate(r.usage()));
    events.add(new StreamEvent.Completed(r));
    return events;
  }

  /**
   * The scripted events up to and including a {@code Completed}; one is added (assembled from the events) when
   * missing.
   */
  static List<StreamEvent> completeStream(ScriptedCall call, List<StreamEvent> scripted) {
    List<StreamEvent> events = new ArrayList<>();
    StreamAccumulator acc = new StreamAccumulator();
    boolean sawUsage = false;
    for (StreamEvent e : scripted) {
      if (e instanceof StreamEvent.Completed) {
        ChatResponse done = ((StreamEvent.Completed) e).response();
        events.add(new StreamEvent.Completed(complete(call, done, true)));
        return events;
      }
      if (e instanceof StreamEvent.UsageUpdate) sawUsage = true;
      acc.accept(e);
      events.add(e);
    }
    FinishReason reason = acc.toolCalls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    events.add(new StreamEvent.Completed(complete(call, acc.toResponse(reason).build(), sawUsage)));
    return events;
  }

  /** The response a scripted stream assembles to, for the non-streaming paths. */
  static ChatResponse assemble(ScriptedCall call, List<StreamEvent> scripted) {
    List<StreamEvent> events = completeStream(call, scripted);
    return ((StreamEvent.Completed) events.get(events.size() - 1)).response();
  }

  /** Splits text after each whitespace run, so a stream has several deltas that concatenate to the text. */
  static List<String> chunks(String text) {
    if (text.isEmpty()) return List.of();
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    out.add(text.substring(start));
    return out;
  }
}
