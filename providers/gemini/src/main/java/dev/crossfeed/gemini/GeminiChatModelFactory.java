package dev.crossfeed.gemini;

import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates Gemini models for provider id {@code gemini} from a {@link ProviderConfig}; registered with
 * {@link java.util.ServiceLoader}. Options: for chat {@code includeThoughts} ({@code true}/{@code false}); for
 * embeddings {@code taskType}, {@code outputDimensionality} and {@code maxBatchSize}. Unknown options are
 * rejected by name.
 */
public final class GeminiChatModelFactory implements ChatModelFactory {
  private static final Set<String> CHAT_OPTIONS = Set.of("includeThoughts");
  private static final Set<String> EMBEDDING_OPTIONS = Set.of("taskType", "outputDimensionality", "maxBatchSize");

  /** For {@link java.util.ServiceLoader}. */
  public GeminiChatModelFactory() {}

  @Override
  public Set<String> providerIds() {
    return Set.of(GeminiChatModel.PROVIDER);
  }

  @Override
  public ChatModel chatModel(ProviderConfig config) {
    check(config, CHAT_OPTIONS);
    GeminiChatModel.Builder b = GeminiChatModel.builder();
    apply(config, b);
    String thoughts = config.options().get("includeThoughts");
    if (thoughts != null) b.includeThoughts(bool("includeThoughts", thoughts));
    return build(() -> b.build());
  }

  @Override
  public Optional<EmbeddingModel> embeddingModel(ProviderConfig config) {
    check(config, EMBEDDING_OPTIONS);
    GeminiEmbeddingModel.Builder b = GeminiEmbeddingModel.builder();
    apply(config, b);
    Map<String, String> o = config.options();
    if (o.containsKey("taskType")) b.taskType(o.get("taskType").strip().toUpperCase(Locale.ROOT));
    if (o.containsKey("outputDimensionality")) b.outputDimensionality(integer("outputDimensionality", o.get("outputDimensionality")));
    if (o.containsKey("maxBatchSize")) b.maxBatchSize(integer("maxBatchSize", o.get("maxBatchSize")));
    return Optional.of(build(() -> b.build()));
  }

  private static void check(ProviderConfig config, Set<String> known) {
    if (!GeminiChatModel.PROVIDER.equals(config.provider())) {
      throw new IllegalArgumentException("not a gemini config: provider " + config.provider());
    }
    Set<String> unknown = new TreeSet<>(config.options().keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("gemini: unknown option(s) " + unknown + "; known: " + new TreeSet<>(known));
    }
    if (config.apiKey().isEmpty()) throw new IllegalArgumentException("gemini: apiKey is required");
  }

  private static void apply(ProviderConfig config, GeminiBuilder<?> b) {
    b.apiKey(config.apiKey().orElseThrow());
    b.model(config.model());
    config.baseUrl().ifPresent(b::baseUrl);
    config.timeout().ifPresent(b::timeout);
    b.allowInsecureHttp(config.allowInsecureHttp());
    config.infoOverride().ifPresent(b::modelInfo);
  }

  private static <T> T build(java.util.function.Supplier<T> builder) {
    try {
      return builder.get();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static boolean bool(String name, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true")) return true;
    if (v.equals("false")) return false;
    throw new IllegalArgumentException("gemini: option " + name + " must be true or false: " + value);
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("gemini: option " + name + " must be an integer: " + value);
    }
  }
}
