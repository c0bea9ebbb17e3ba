package dev.crossfeed.langchain4j;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;

/** Crossfeed response to LangChain4j response: the answer, who answered, usage and why it stopped. */
final class Responses {
  private Responses() {}

  static dev.langchain4j.model.chat.response.ChatResponse toLangChain4j(ChatResponse r) {
    List<ToolExecutionRequest> calls = new ArrayList<>(r.toolCalls().size());
    for (ToolCall c : r.toolCalls()) calls.add(toolExecutionRequest(c));
    AiMessage.Builder message = AiMessage.builder().toolExecutionRequests(calls);
    // LangChain4j's convention: an answer that only calls tools has no text (null), not an empty one.
    if (!r.text().isEmpty() || calls.isEmpty()) message.text(r.text());
    if (!r.reasoning().isEmpty()) message.thinking(r.reasoning());
    ChatResponseMetadata metadata =
        ChatResponseMetadata.builder()
            .id(r.requestId().orElse(null))
            .modelName(r.model().isEmpty() ? null : r.model())
            .tokenUsage(tokenUsage(r.usage()))
            .finishReason(finishReason(r.finishReason()))
            .build();
    return dev.langchain4j.model.chat.response.ChatResponse.builder().aiMessage(message.build()).metadata(metadata).build();
  }

  static ToolExecutionRequest toolExecutionRequest(ToolCall c) {
    return ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.argumentsJson()).build();
  }

  static TokenUsage tokenUsage(Usage u) {
    return new TokenUsage(clamp(u.inputTokens()), clamp(u.outputTokens()), clamp(u.totalTokens()));
  }

  static FinishReason finishReason(dev.crossfeed.FinishReason f) {
    switch (f) {
      case STOP:
        return FinishReason.STOP;
      case LENGTH:
      case CONTEXT_LENGTH_EXCEEDED:
        return FinishReason.LENGTH;
      case TOOL_CALLS:
        return FinishReason.TOOL_EXECUTION;
      case CONTENT_FILTERED:
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  private static int clamp(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }
}
