package dev.crossfeed.openai;

import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates {@link OpenAiChatModel}s and {@link OpenAiEmbeddingModel}s from {@link ProviderConfig}s for the provider
 * ids {@code openai}, {@code azure-openai}, {@code mistral}, {@code groq}, {@code deepseek}, {@code openrouter},
 * {@code together}, {@code vllm}, {@code lmstudio} and {@code openai-compatible}. Registered for
 * {@link java.util.ServiceLoader}.
 *
 * <p>Options ({@link ProviderConfig#options()}):
 *
 * <ul>
 *   <li>{@code deployment}, {@code apiVersion}: Azure only. With {@code deployment} the classic URL
 *       {@code /openai/deployments/{deployment}/...?api-version=...} is used and {@code apiVersion} is required;
 *       without it the v1 API, with {@code model} as the deployment name. {@code baseUrl} is the resource endpoint.
 *   <li>{@code developerRole}, {@code maxCompletionTokens}, {@code streamUsage}: {@code true}/{@code false},
 *       see {@link OpenAiChatModel.Builder}.
 *   <li>{@code dimensions}: embeddings output size.
 *   <li>{@code providerId}: the provider id reported in answers (e.g. for an {@code openai-compatible} host).
 *   <li>{@code header.NAME}: a header sent on every call, e.g. {@code header.HTTP-Referer}.
 * </ul>
 */
public final class OpenAiModelFactory implements ChatModelFactory {
  private static final Map<String, OpenAiHost> HOSTS =
      Map.of(
          "openai", OpenAiHost.OPENAI,
          "azure-openai", OpenAiHost.AZURE,
          "mistral", OpenAiHost.MISTRAL,
          "groq", OpenAiHost.GROQ,
          "deepseek", OpenAiHost.DEEPSEEK,
          "openrouter", OpenAiHost.OPENROUTER,
          "together", OpenAiHost.TOGETHER,
          "vllm", OpenAiHost.VLLM,
          "lmstudio", OpenAiHost.LM_STUDIO,
          "openai-compatible", OpenAiHost.COMPATIBLE);
  private static final Set<String> OPTIONS =
      Set.of("deployment", "apiVersion", "developerRole", "maxCompletionTokens", "streamUsage", "dimensions", "providerId");

  /** For {@link java.util.ServiceLoader}. */
  public OpenAiModelFactory() {}

  @Override
  public Set<String> providerIds() {
    return HOSTS.keySet();
  }

  @Override
  public ChatModel chatModel(ProviderConfig config) {
    OpenAiHost host = host(config);
    checkOptions(config, host);
    OpenAiChatModel.Builder b = configure(OpenAiChatModel.builder(host), config, host);
    Map<String, String> o = config.options();
    if (o.containsKey("developerRole")) b.developerRole(bool(o, "developerRole"));
    if (o.containsKey("maxCompletionTokens")) b.maxCompletionTokens(bool(o, "maxCompletionTokens"));
    if (o.containsKey("streamUsage")) b.streamUsage(bool(o, "streamUsage"));
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(config.provider() + " model " + config.model() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<EmbeddingModel> embeddingModel(ProviderConfig config) {
    OpenAiHost host = host(config);
    checkOptions(config, host);
    if (!OpenAiEmbeddingModel.hasEmbeddings(host)) return Optional.empty();
    OpenAiEmbeddingModel.Builder b = configure(OpenAiEmbeddingModel.builder(host), config, host);
    String dims = config.options().get("dimensions");
    if (dims != null) {
      try {
        b.dimensions(Integer.valueOf(dims.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(config.provider() + " option dimensions is not a number: " + dims);
      }
    }
    try {
      return Optional.of(b.build());
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(config.provider() + " model " + config.model() + ": " + e.getMessage(), e);
    }
  }

  private static OpenAiHost host(ProviderConfig config) {
    OpenAiHost host = HOSTS.get(config.provider());
    if (host == null) throw new IllegalArgumentException("not an OpenAI-compatible provider id: " + config.provider());
    return host;
  }

  private static void checkOptions(ProviderConfig config, OpenAiHost host) {
    List<String> unknown = new ArrayList<>();
    for (String name : config.options().keySet()) {
      boolean azureOnly = name.equals("deployment") || name.equals("apiVersion");
      boolean known = OPTIONS.contains(name) || (name.startsWith("header.") && name.length() > 7);
      if (!known || (azureOnly && host != OpenAiHost.AZURE)) unknown.add(name);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown option(s) for provider " + config.provider() + ": " + new TreeSet<>(unknown) + "; known: " + new TreeSet<>(OPTIONS)
              + " (deployment and apiVersion only for azure-openai) and header.NAME");
    }
  }

  /** The common settings, validated as far as a config can be; the builder checks the rest. */
  private static <B extends OpenAiBuilder<B>> B configure(B b, ProviderConfig config, OpenAiHost host) {
    if (host.requiresApiKey() && config.apiKey().isEmpty() && !hasAuthHeader(config.options(), host)) {
      throw new IllegalArgumentException("provider " + config.provider() + " needs an apiKey");
    }
    if (host.defaultBaseUrl().isEmpty() && config.baseUrl().isEmpty()) {
      throw new IllegalArgumentException(
          "provider " + config.provider() + " needs a baseUrl" + (host == OpenAiHost.AZURE ? " (the resource endpoint)" : ""));
    }
    if (config.options().containsKey("deployment") && !config.options().containsKey("apiVersion")) {
      throw new IllegalArgumentException("provider " + config.provider() + ": option apiVersion is required with option deployment");
    }
    config.apiKey().ifPresent(b::apiKey);
    b.model(config.model());
    config.baseUrl().ifPresent(b::baseUrl);
    config.timeout().ifPresent(b::timeout);
    b.allowInsecureHttp(config.allowInsecureHttp());
    config.infoOverride().ifPresent(b::modelInfo);
    Map<String, String> o = config.options();
    for (Map.Entry<String, String> e : o.entrySet()) {
      if (e.getKey().startsWith("header.")) b.header(e.getKey().substring(7), e.getValue());
    }
    if (o.containsKey("providerId")) b.providerId(o.get("providerId"));
    if (o.containsKey("deployment")) b.azureDeployment(o.get("deployment"));
    if (o.containsKey("apiVersion")) b.azureApiVersion(o.get("apiVersion"));
    return b;
  }

  private static boolean hasAuthHeader(Map<String, String> options, OpenAiHost host) {
    for (String name : options.keySet()) {
      if (name.equalsIgnoreCase("header.authorization") || name.equalsIgnoreCase("header." + host.authHeader())) return true;
    }
    return false;
  }

  private static boolean bool(Map<String, String> options, String name) {
    String v = options.get(name).strip();
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException("option " + name + " must be true or false: " + v);
  }
}
