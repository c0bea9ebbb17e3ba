package dev.crossfeed;

import java.util.List;

/**
 * A text embedding model.
 *
 * <pre>{@code
 * float[] v = embeddings.embed("hello");
 * }</pre>
 *
 * <p>Implementations are thread-safe and make one HTTP attempt per call.
 */
public interface EmbeddingModel {

  /**
   * Embeds each input, in order.
   *
   * @throws ChatModelException on any failure, classified
   */
  EmbeddingResponse embed(List<String> inputs);

  /** Embeds one input. */
  default float[] embed(String input) {
    return embed(List.of(input)).vectors().get(0);
  }

  ModelInfo info();
}
