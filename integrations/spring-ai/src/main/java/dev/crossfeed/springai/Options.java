package dev.crossfeed.springai;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/** A prompt's options over the model's defaults, the way Spring AI's own chat models merge them. */
final class Options {
  private Options() {}

  static ToolCallingChatOptions merge(ChatOptions runtime, ToolCallingChatOptions defaults) {
    if (runtime == null) return defaults.copy();
    ToolCallingChatOptions.Builder b =
        ToolCallingChatOptions.builder()
            .model(pick(runtime.getModel(), defaults.getModel()))
            .temperature(pick(runtime.getTemperature(), defaults.getTemperature()))
            .topP(pick(runtime.getTopP(), defaults.getTopP()))
            .topK(pick(runtime.getTopK(), defaults.getTopK()))
            .maxTokens(pick(runtime.getMaxTokens(), defaults.getMaxTokens()))
            .frequencyPenalty(pick(runtime.getFrequencyPenalty(), defaults.getFrequencyPenalty()))
            .presencePenalty(pick(runtime.getPresencePenalty(), defaults.getPresencePenalty()))
            .stopSequences(pick(runtime.getStopSequences(), defaults.getStopSequences()));
    if (runtime instanceof ToolCallingChatOptions) {
      ToolCallingChatOptions t = (ToolCallingChatOptions) runtime;
      b.toolCallbacks(ToolCallingChatOptions.mergeToolCallbacks(orEmpty(t.getToolCallbacks()), orEmpty(defaults.getToolCallbacks())))
          .toolNames(ToolCallingChatOptions.mergeToolNames(orEmpty(t.getToolNames()), orEmpty(defaults.getToolNames())))
          .toolContext(ToolCallingChatOptions.mergeToolContext(orEmpty(t.getToolContext()), orEmpty(defaults.getToolContext())))
          .internalToolExecutionEnabled(pick(t.getInternalToolExecutionEnabled(), defaults.getInternalToolExecutionEnabled()));
    } else {
      b.toolCallbacks(orEmpty(defaults.getToolCallbacks()))
          .toolNames(orEmpty(defaults.getToolNames()))
          .toolContext(orEmpty(defaults.getToolContext()))
          .internalToolExecutionEnabled(defaults.getInternalToolExecutionEnabled());
    }
    return b.build();
  }

  private static <T> T pick(T runtime, T fallback) {
    return runtime != null ? runtime : fallback;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static <T> Set<T> orEmpty(Set<T> s) {
    return s == null ? Set.of() : s;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }
}
