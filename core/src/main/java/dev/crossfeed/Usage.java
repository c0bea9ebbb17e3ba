package dev.crossfeed;

/**
 * Token usage of one call. Cached input tokens are part of {@code inputTokens}; reasoning tokens are part of
 * {@code outputTokens} (as OpenAI reports them; providers that report otherwise are normalised).
 *
 * @param inputTokens prompt tokens, including cached ones
 * @param outputTokens completion tokens, including reasoning ones
 * @param cachedInputTokens prompt tokens served from the provider's cache
 * @param reasoningTokens completion tokens spent on reasoning
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
  /** No usage reported. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  /**
   * Checks no count is negative.
   *
   * @param inputTokens prompt tokens, including cached ones
   * @param outputTokens completion tokens, including reasoning ones
   * @param cachedInputTokens prompt tokens served from the cache
   * @param reasoningTokens completion tokens spent on reasoning
   */
  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }

  /**
   * Usage with only input and output counts.
   *
   * @param inputTokens prompt tokens
   * @param outputTokens completion tokens
   * @return the usage
   */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0);
  }

  /** {@return input plus output tokens} */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /**
   * Field-wise sum, e.g. over the attempts of a routed call.
   *
   * @param other the usage to add
   * @return the sum
   */
  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedInputTokens + other.cachedInputTokens,
        reasoningTokens + other.reasoningTokens);
  }
}
