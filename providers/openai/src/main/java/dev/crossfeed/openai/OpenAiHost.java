package dev.crossfeed.openai;

import dev.crossfeed.Capability;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts that speak OpenAI's Chat Completions and Embeddings wire format, each with the differences Crossfeed
 * handles for it: default base URL, auth header, which token-limit field to send, whether
 * {@code stream_options.include_usage} is accepted, and so on. Pick one with
 * {@link OpenAiChatModel#builder(OpenAiHost)}; {@link #COMPATIBLE} covers any other host by base URL.
 *
 * <pre>{@code
 * ChatModel groq = OpenAiChatModel.builder(OpenAiHost.GROQ)
 *     .apiKey(ApiKey.fromEnv("GROQ_API_KEY")).model("llama-3.3-70b-versatile").build();
 * }</pre>
 */
public enum OpenAiHost {
  /** api.openai.com: {@code max_completion_tokens}; {@code developer} role for reasoning models (o1, o3, gpt-5…). */
  OPENAI("openai", "https://api.openai.com/v1", true),
  /**
   * Azure OpenAI: {@code api-key} header; base URL is the resource endpoint ({@code https://NAME.openai.azure.com});
   * v1 URLs ({@code /openai/v1/...}) by default, classic deployment URLs with {@code api-version} when a
   * deployment is set.
   */
  AZURE("azure-openai", null, true),
  /** Mistral: {@code max_tokens}, no {@code stream_options} (rejected with 422), tool results carry {@code name}. */
  MISTRAL("mistral", "https://api.mistral.ai/v1", true),
  /** Groq: tool calls streamed whole, usage also in {@code x_groq}, errors as {@code event: error} in streams. */
  GROQ("groq", "https://api.groq.com/openai/v1", true),
  /** DeepSeek: {@code reasoning_content}, cache-hit usage fields; no version segment in the URL. */
  DEEPSEEK("deepseek", "https://api.deepseek.com", true),
  /** OpenRouter: {@code vendor/model} ids, usage after the finish chunk, errors with numeric codes. */
  OPENROUTER("openrouter", "https://openrouter.ai/api/v1", true),
  /** Together AI. */
  TOGETHER("together", "https://api.together.xyz/v1", true),
  /** A self-hosted vLLM server; a key only if it was started with {@code --api-key}. */
  VLLM("vllm", "http://localhost:8000/v1", false),
  /** LM Studio's local server; no key by default. */
  LM_STUDIO("lmstudio", "http://localhost:1234/v1", false),
  /** Ollama's OpenAI layer ({@code /v1}): no key, images only inline (no image URLs). */
  OLLAMA("ollama", "http://localhost:11434/v1", false),
  /** Any other OpenAI-compatible server: base URL required, key optional, {@code max_tokens}. */
  COMPATIBLE("openai-compatible", null, false);

  private final String providerId;
  private final String defaultBaseUrl;
  private final boolean requiresApiKey;

  OpenAiHost(String providerId, String defaultBaseUrl, boolean requiresApiKey) {
    this.providerId = providerId;
    this.defaultBaseUrl = defaultBaseUrl;
    this.requiresApiKey = requiresApiKey;
  }

  /** {@return the provider id used in responses, exceptions and the model catalog, e.g. {@code groq}} */
  public String providerId() {
    return providerId;
  }

  /** {@return the base URL used when none is configured; empty for Azure and {@link #COMPATIBLE}} */
  public Optional<String> defaultBaseUrl() {
    return Optional.ofNullable(defaultBaseUrl);
  }

  /** {@return true when calls need an API key (local servers do not)} */
  public boolean requiresApiKey() {
    return requiresApiKey;
  }

  /** The header carrying the key: {@code api-key} on Azure, {@code Authorization} (Bearer) elsewhere. */
  String authHeader() {
    return this == AZURE ? "api-key" : "Authorization";
  }

  /** True when the host accepts {@code stream_options} (Mistral's strict schema rejects it). */
  boolean acceptsStreamOptions() {
    return this != MISTRAL;
  }

  /** True when the host wants {@code name} on tool-result messages (Mistral; Groq rejects it). */
  boolean toolResultsCarryName() {
    return this == MISTRAL;
  }

  /** True when the host can fetch images by URL (Ollama's layer takes only base64 data URLs). */
  boolean acceptsImageUrls() {
    return this != OLLAMA;
  }

  /** Capabilities assumed for a model the catalog does not know. */
  Set<Capability> defaultCapabilities() {
    switch (this) {
      case OPENAI:
      case AZURE:
        return EnumSet.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING);
      default:
        return EnumSet.of(Capability.TOOLS, Capability.STREAMING);
    }
  }
}
