package dev.crossfeed.springai;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.Generation;

/**
 * Crossfeed answers to Spring AI responses: one generation with the text and tool calls, the finish reason as the
 * name of Crossfeed's {@link dev.crossfeed.FinishReason}, usage, the answering model, the provider request id, and
 * under {@value #PROVIDER} and {@value #ROUTE_TRACE} who answered and how the route got there.
 */
final class Answers {
  static final String PROVIDER = "crossfeed.provider";
  static final String ROUTE_TRACE = "crossfeed.routeTrace";
  static final String REASONING = "reasoning";

  private Answers() {}

  static org.springframework.ai.chat.model.ChatResponse toSpringAi(ChatResponse r) {
    return toSpringAi(r, r.text());
  }

  /** A response of {@code r} with {@code text} as its text (the final chunk of a stream carries none). */
  private static org.springframework.ai.chat.model.ChatResponse toSpringAi(ChatResponse r, String text) {
    List<AssistantMessage.ToolCall> calls = new ArrayList<>(r.toolCalls().size());
    for (ToolCall c : r.toolCalls()) calls.add(new AssistantMessage.ToolCall(c.id(), "function", c.name(), c.argumentsJson()));
    Map<String, Object> properties = new LinkedHashMap<>();
    if (!r.reasoning().isEmpty()) properties.put(REASONING, r.reasoning());
    AssistantMessage message = AssistantMessage.builder().content(text).toolCalls(calls).properties(properties).build();
    Generation generation =
        new Generation(message, ChatGenerationMetadata.builder().finishReason(r.finishReason().name()).build());
    ChatResponseMetadata.Builder metadata =
        ChatResponseMetadata.builder()
            .model(r.model())
            .usage(
                new DefaultUsage(
                    clamp(r.usage().inputTokens()), clamp(r.usage().outputTokens()), clamp(r.usage().totalTokens()), r.usage()))
            .keyValue(PROVIDER, r.provider())
            .keyValue(ROUTE_TRACE, r.routeTrace());
    r.requestId().ifPresent(metadata::id);
    return org.springframework.ai.chat.model.ChatResponse.builder().generations(List.of(generation)).metadata(metadata.build()).build();
  }

  /**
   * The Spring AI chunk for a stream event, or null for events Spring AI has no chunk for: text deltas become text
   * chunks; the completed answer becomes a last chunk without text (the text came in the chunks) but with the tool
   * calls, finish reason and usage. Tool-call fragments and reasoning deltas are not emitted on their own.
   */
  static org.springframework.ai.chat.model.ChatResponse chunk(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta) {
      return new org.springframework.ai.chat.model.ChatResponse(
          List.of(new Generation(new AssistantMessage(((StreamEvent.TextDelta) event).text()))));
    }
    if (event instanceof StreamEvent.Completed) return toSpringAi(((StreamEvent.Completed) event).response(), "");
    return null;
  }

  private static int clamp(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }
}
