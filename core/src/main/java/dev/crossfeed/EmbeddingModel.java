package dev.crossfeed;

import java.util.List;

/**
 * A text embedding model.
 *
 * <pre>{@code
 * float[] v = embeddings.embed("hello");
 * }</pre>
 *
 * <p>Implementations are thread-safe and make one HTTP attempt per call. The lifecycle is that of
 * {@link ChatModel}: {@link #close()} releases what the library created, never what the caller passed in.
 */
public interface EmbeddingModel extends AutoCloseable {

  /**
   * Embeds each input, in order.
   *
   * @param inputs the texts to embed
   * @return one vector per input, in input order, with usage
   * @throws ChatModelException on any failure, classified
   */
  EmbeddingResponse embed(List<String> inputs);

  /**
   * Embeds one input.
   *
   * @param input the text to embed
   * @return its vector
   * @throws ChatModelException on any failure, classified
   */
  default float[] embed(String input) {
    return embed(List.of(input)).vectors().get(0);
  }

  /** {@return what this model is: provider, id, limits, prices} */
  ModelInfo info();

  /**
   * Releases what the library created for this model, never a client the caller passed in; see
   * {@link ChatModel#close()}. Idempotent, never throws. The default does nothing.
   */
  @Override
  default void close() {}
}
