package dev.crossfeed.spi;

import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Creates models from {@link ProviderConfig}s, so a routing config can name a provider by id without a
 * compile-time dependency on its module. Provider modules register an implementation in
 * {@code META-INF/services/dev.crossfeed.spi.ChatModelFactory}.
 *
 * <pre>{@code
 * ChatModel m = ChatModelFactory.forProvider("groq").orElseThrow().chatModel(config);
 * }</pre>
 */
public interface ChatModelFactory {

  /** {@return the provider ids this factory handles, e.g. {@code openai}, {@code groq}} */
  Set<String> providerIds();

  /**
   * Creates a chat model.
   *
   * @param config the provider id, key, model and options from a config file
   * @return the model
   * @throws IllegalArgumentException naming the setting that is missing or wrong (never printing a key)
   */
  ChatModel chatModel(ProviderConfig config);

  /**
   * Creates an embedding model, or empty when the provider has none.
   *
   * @param config the provider id, key, model and options from a config file
   * @return the model, or empty (the default)
   */
  default Optional<EmbeddingModel> embeddingModel(ProviderConfig config) {
    return Optional.empty();
  }

  /**
   * The registered factory for a provider id, found with {@link ServiceLoader} on this class's loader.
   *
   * @param providerId e.g. {@code openai}
   * @return the first factory that handles it, or empty
   */
  static Optional<ChatModelFactory> forProvider(String providerId) {
    for (ChatModelFactory f : ServiceLoader.load(ChatModelFactory.class, ChatModelFactory.class.getClassLoader())) {
      if (f.providerIds().contains(providerId)) return Optional.of(f);
    }
    return Optional.empty();
  }
}
