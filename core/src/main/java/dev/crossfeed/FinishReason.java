package dev.crossfeed;

/** Why the model stopped, in one enum across providers. */
public enum FinishReason {
  /** Natural end of turn or a stop sequence. */
  STOP,
  /** The output token limit was reached. */
  LENGTH,
  /** The model asked for tool calls. */
  TOOL_CALLS,
  /** The provider filtered or refused the content (OpenAI {@code content_filter}, Anthropic {@code refusal}, Gemini SAFETY family). */
  CONTENT_FILTERED,
  /** The model ran out of context window while answering (Anthropic {@code model_context_window_exceeded}). */
  CONTEXT_LENGTH_EXCEEDED,
  /** Anything else the provider reported (e.g. Anthropic {@code pause_turn}, Ollama {@code load}). */
  OTHER
}
