package dev.crossfeed.anthropic;

import dev.crossfeed.ChatModel;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates {@link AnthropicChatModel}s for provider id {@code anthropic} from a {@link ProviderConfig}; registered
 * with {@link java.util.ServiceLoader}. Anthropic has no embeddings API, so {@link #embeddingModel} is empty.
 *
 * <p>Options (all optional): {@code defaultMaxTokens} (integer, see
 * {@link AnthropicChatModel.Builder#defaultMaxTokens(int)}), {@code thinkingBudgetTokens} (integer ≥ 1024),
 * {@code beta} (value of the {@code anthropic-beta} header), {@code version} (the {@code anthropic-version}
 * header). Unknown options are rejected.
 *
 * <p>Stateless and thread-safe.
 */
public final class AnthropicChatModelFactory implements ChatModelFactory {
  private static final Set<String> OPTIONS = Set.of("defaultMaxTokens", "thinkingBudgetTokens", "beta", "version");

  /** For {@link java.util.ServiceLoader}. */
  public AnthropicChatModelFactory() {}

  @Override
  public Set<String> providerIds() {
    return Set.of(AnthropicChatModel.PROVIDER);
  }

  /**
   * @throws IllegalArgumentException for a missing key, an unknown option or a bad option value
   */
  @Override
  public ChatModel chatModel(ProviderConfig config) {
    List<String> unknown = new ArrayList<>(new TreeSet<>(config.options().keySet()));
    unknown.removeAll(OPTIONS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown options for provider anthropic: " + unknown + " (known: "
          + new TreeSet<>(OPTIONS) + ")");
    }
    AnthropicChatModel.Builder b =
        AnthropicChatModel.builder()
            .apiKey(config.apiKey().orElseThrow(
                () -> new IllegalArgumentException("provider anthropic requires apiKey (model " + config.model() + ")")))
            .model(config.model())
            .allowInsecureHttp(config.allowInsecureHttp());
    config.baseUrl().ifPresent(b::baseUrl);
    config.timeout().ifPresent(b::timeout);
    config.infoOverride().ifPresent(b::modelInfo);
    Map<String, String> o = config.options();
    if (o.containsKey("defaultMaxTokens")) b.defaultMaxTokens(integer(o, "defaultMaxTokens"));
    if (o.containsKey("thinkingBudgetTokens")) b.thinkingBudgetTokens(integer(o, "thinkingBudgetTokens"));
    if (o.containsKey("beta")) b.header("anthropic-beta", o.get("beta"));
    if (o.containsKey("version")) b.header("anthropic-version", o.get("version"));
    return b.build();
  }

  private static int integer(Map<String, String> options, String name) {
    try {
      return Integer.parseInt(options.get(name).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + name + " of provider anthropic is not an integer: "
          + options.get(name));
    }
  }
}
