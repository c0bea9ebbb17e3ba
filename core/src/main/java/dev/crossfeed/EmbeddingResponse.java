package dev.crossfeed;

import java.util.List;
import java.util.Objects;

/**
 * Embedding vectors, one per input in input order, with usage.
 *
 * @param vectors one vector per input (arrays are not copied; do not modify them)
 * @param usage input tokens counted by the provider, where reported
 * @param model the model that answered
 */
public record EmbeddingResponse(List<float[]> vectors, Usage usage, String model) {
  /**
   * Copies the list of vectors (not the arrays) and checks nothing is missing.
   *
   * @param vectors one vector per input
   * @param usage input tokens counted by the provider
   * @param model the model that answered
   */
  public EmbeddingResponse {
    vectors = List.copyOf(vectors);
    Objects.requireNonNull(usage, "usage == null");
    Objects.requireNonNull(model, "model == null");
  }
}
