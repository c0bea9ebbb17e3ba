package dev.crossfeed.ollama;

import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.http.RetryAfter;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates {@link OllamaChatModel}s and {@link OllamaEmbeddingModel}s for provider id {@code ollama}, so routing
 * configs can name Ollama without a compile-time dependency. Registered through {@code META-INF/services}.
 *
 * <p>No API key is required (local servers have none); give one for hosted Ollama. Options: {@code numCtx}
 * (context window to allocate, an integer), {@code keepAlive} (how long the model stays loaded, e.g. {@code 5m},
 * {@code 30s}) and, for embeddings, {@code dimensions}. Any other option fails with an
 * {@link IllegalArgumentException} naming it. Stateless and thread-safe.
 */
public final class OllamaChatModelFactory implements ChatModelFactory {
  private static final Set<String> OPTIONS = Set.of("numCtx", "keepAlive", "dimensions");

  /** For {@link java.util.ServiceLoader}. */
  public OllamaChatModelFactory() {}

  @Override
  public Set<String> providerIds() {
    return Set.of(OllamaEndpoint.PROVIDER);
  }

  @Override
  public ChatModel chatModel(ProviderConfig config) {
    check(config);
    OllamaChatModel.Builder b = OllamaChatModel.builder().model(config.model());
    config.apiKey().ifPresent(b::apiKey);
    config.baseUrl().ifPresent(b::baseUrl);
    config.timeout().ifPresent(b::timeout);
    config.infoOverride().ifPresent(b::modelInfo);
    b.allowInsecureHttp(config.allowInsecureHttp());
    Map<String, String> o = config.options();
    if (o.containsKey("numCtx")) b.numCtx(positiveInt(o.get("numCtx"), "numCtx"));
    if (o.containsKey("keepAlive")) b.keepAlive(duration(o.get("keepAlive")));
    return b.build();
  }

  @Override
  public Optional<EmbeddingModel> embeddingModel(ProviderConfig config) {
    check(config);
    OllamaEmbeddingModel.Builder b = OllamaEmbeddingModel.builder().model(config.model());
    config.apiKey().ifPresent(b::apiKey);
    config.baseUrl().ifPresent(b::baseUrl);
    config.timeout().ifPresent(b::timeout);
    config.infoOverride().ifPresent(b::modelInfo);
    b.allowInsecureHttp(config.allowInsecureHttp());
    String dims = config.options().get("dimensions");
    if (dims != null) b.dimensions(positiveInt(dims, "dimensions"));
    return Optional.of(b.build());
  }

  private static void check(ProviderConfig config) {
    if (!config.provider().equals(OllamaEndpoint.PROVIDER)) {
      throw new IllegalArgumentException("provider " + config.provider() + " is not handled by the Ollama factory");
    }
    if (config.model().isBlank()) throw new IllegalArgumentException("ollama: model is required");
    TreeSet<String> unknown = new TreeSet<>(config.options().keySet());
    unknown.removeAll(OPTIONS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("ollama: unknown options " + unknown + "; known: " + new TreeSet<>(OPTIONS));
    }
  }

  private static int positiveInt(String value, String name) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("ollama: option " + name + " must be a positive integer: " + value);
  }

  private static Duration duration(String value) {
    String v = value.strip();
    if (v.startsWith("-")) return Duration.ofSeconds(-1);
    return RetryAfter.goDuration(v)
        .orElseThrow(() -> new IllegalArgumentException("ollama: option keepAlive is not a duration like 5m or 30s: " + value));
  }
}
