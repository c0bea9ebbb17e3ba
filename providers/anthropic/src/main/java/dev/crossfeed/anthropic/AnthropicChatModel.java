package dev.crossfeed.anthropic;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelCatalog;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.Endpoint;
import dev.crossfeed.http.HeaderValues;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.OpenResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Anthropic's Claude models over the Messages API ({@code POST /v1/messages}), as a {@link ChatModel}.
 *
 * <pre>{@code
 * ChatModel claude = AnthropicChatModel.builder()
 *     .apiKey(ApiKey.fromEnv("ANTHROPIC_API_KEY"))
 *     .model("claude-sonnet-4-5")
 *     .build();
 * String answer = claude.chat("Say hi").text();
 * }</pre>
 *
 * <p>Mapping to the provider-neutral API:
 *
 * <ul>
 *   <li>System messages go to the top-level {@code system} field; tool results become {@code tool_result} blocks of
 *       a user turn (consecutive results, and a user message right after them, share one turn, as the API
 *       requires).
 *   <li>{@code max_tokens} is required by Anthropic. When a request sets no {@link ChatRequest#maxOutputTokens()},
 *       {@link Builder#defaultMaxTokens(int)} is sent: by default {@value #DEFAULT_MAX_TOKENS}, lowered to the
 *       model's output limit when {@link ModelInfo#maxOutputTokens()} is smaller (plus the thinking budget when
 *       thinking is on). A modest default keeps long prompts inside the context window of models that count
 *       {@code max_tokens} against it.
 *   <li>Temperatures above 1 (Anthropic's maximum) are sent as 1.
 *   <li>JSON-schema output uses {@code output_config.format}. For a model whose info lacks
 *       {@link Capability#JSON_SCHEMA} it falls back to a forced tool whose input schema is the requested one (its
 *       input is returned as the answer text), or, when the request has tools of its own or thinking is on, to
 *       the schema in the system prompt. Plain JSON mode ({@code JSON_OBJECT}) adds a JSON-only instruction to the
 *       system prompt: Anthropic has no JSON mode.
 *   <li>Thinking ({@link Builder#thinkingBudgetTokens(int)}) is returned as {@link ChatResponse#reasoning()} and
 *       streamed as reasoning events.
 *   <li>{@link dev.crossfeed.Usage#inputTokens()} is {@code input_tokens + cache_creation_input_tokens +
 *       cache_read_input_tokens} (every prompt token); {@code cache_read_input_tokens} are the cached ones.
 * </ul>
 *
 * <p>Anthropic has no embeddings API, so this module offers no {@link dev.crossfeed.EmbeddingModel}.
 *
 * <p>Thread-safe. Every call makes exactly one HTTP attempt: retries and fallbacks belong to a router.
 */
public final class AnthropicChatModel implements ChatModel {
  /** Provider id: {@code anthropic}. */
  public static final String PROVIDER = "anthropic";
  /** Default base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  /** The {@code anthropic-version} header sent. */
  public static final String API_VERSION = "2023-06-01";
  /** Default {@code max_tokens} when a request sets none. */
  public static final int DEFAULT_MAX_TOKENS = 4096;
  /** Default bound on one whole call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private final String model;
  private final HttpUrl messagesUrl;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final ModelInfo info;
  private final ModelInfo infoOverride;
  private final HttpExchange http;
  private final RequestMapper requests;

  private AnthropicChatModel(Builder b) {
    model = b.model;
    messagesUrl = messagesUrl(Endpoint.baseUrl(b.baseUrl, b.allowInsecureHttp));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-api-key", b.apiKey.reveal());
    h.put("anthropic-version", API_VERSION);
    h.putAll(b.headers);
    headers = Map.copyOf(h);
    timeout = b.timeout;
    infoOverride = b.modelInfo;
    info = resolveInfo(model, infoOverride);
    http =
        HttpExchange.builder(PROVIDER)
            .client(b.client)
            .apiKey(b.apiKey)
            .requestIdHeaders("request-id", "x-request-id")
            .clock(b.clock)
            .build();
    requests = new RequestMapper(b.defaultMaxTokens, b.thinkingBudgetTokens);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Call call = prepare(request, false);
    return http.execute(call.http, call.model, call.timeout, (body, meta) -> ResponseParser.parse(body, meta, call, http));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Call call;
    try {
      call = prepare(request, false);
    } catch (ChatModelException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.executeAsync(
        call.http, call.model, call.timeout, (body, meta) -> ResponseParser.parse(body, meta, call, http));
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    Call call = prepare(request, true);
    OpenResponse open = http.open(call.http, call.model, call.timeout);
    return new MessageStream(http, call, open);
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  private Call prepare(ChatRequest request, boolean stream) {
    String modelId = request.model().orElse(model);
    ModelInfo callInfo = modelId.equals(model) ? info : resolveInfo(modelId, null);
    RequestMapper.Mapped mapped = requests.map(request, modelId, callInfo, stream);
    Request.Builder rb = new Request.Builder().url(messagesUrl).post(mapped.body());
    headers.forEach(rb::header);
    if (stream) rb.header("accept", "text/event-stream");
    Duration t = request.timeout().orElse(timeout);
    return new Call(rb.build(), modelId, t, callInfo, mapped.jsonTool());
  }

  /** {@code <base>/v1/messages}; a base that already ends in {@code /v1} gets {@code /messages} only. */
  private static HttpUrl messagesUrl(HttpUrl base) {
    String last = "";
    for (String segment : base.pathSegments()) if (!segment.isEmpty()) last = segment;
    return Endpoint.resolve(base, last.equals("v1") ? "messages" : "v1/messages");
  }

  private static ModelInfo resolveInfo(String modelId, ModelInfo override) {
    ModelInfo defaults =
        ModelInfo.builder(PROVIDER, modelId)
            .capabilities(
                Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING, Capability.REASONING)
            .build();
    ModelInfo resolved = ModelCatalog.bundled().resolve(defaults);
    return override == null ? resolved : resolved.overriddenBy(override);
  }

  @Override
  public String toString() {
    return "AnthropicChatModel{model=" + model + ", url=" + messagesUrl.newBuilder().query(null).build() + '}';
  }

  /** What one call needs after mapping: the HTTP request and the facts its parsers use. */
  static final class Call {
    final Request http;
    final String model;
    final Duration timeout;
    final ModelInfo info;
    /** The synthetic tool carrying a JSON answer (schema fallback), or null. */
    final String jsonTool;

    Call(Request http, String model, Duration timeout, ModelInfo info, String jsonTool) {
      this.http = http;
      this.model = model;
      this.timeout = timeout;
      this.info = info;
      this.jsonTool = jsonTool;
    }
  }

  /**
   * Builds an {@link AnthropicChatModel}. Not thread-safe; the built model is immutable.
   *
   * <p>Required: {@link #apiKey(ApiKey)} and {@link #model(String)}.
   */
  public static final class Builder {
    private ApiKey apiKey;
    private String model;
    private String baseUrl = DEFAULT_BASE_URL;
    private OkHttpClient client;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean allowInsecureHttp;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private ModelInfo modelInfo;
    private Clock clock = Clock.systemUTC();
    private Integer defaultMaxTokens;
    private Integer thinkingBudgetTokens;

    private Builder() {}

    /** The API key, sent as {@code x-api-key}. */
    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    /** The model id, e.g. {@code claude-sonnet-4-5}; a request's {@link ChatRequest#model()} overrides it. */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model == null");
      if (model.isBlank()) throw new IllegalArgumentException("model is blank");
      this.model = model.strip();
      return this;
    }

    /**
     * Base URL, as for Anthropic's SDKs without {@code /v1} (a base ending in {@code /v1} is accepted too); default
     * {@value AnthropicChatModel#DEFAULT_BASE_URL}. Plain http only for loopback hosts unless {@link #allowInsecureHttp}.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      return this;
    }

    /** The client to share (its pool and dispatcher are reused); default the shared Crossfeed client. */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** Bound on one whole call, a streamed body included; default 120 s. A request's timeout overrides it. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
      this.timeout = timeout;
      return this;
    }

    /** Permit plain {@code http://} to a host that is not loopback (the key would travel in clear text). */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * A header sent on every request, e.g. {@code anthropic-beta}. Replaces a default of the same name
     * ({@code anthropic-version}); the key is set with {@link #apiKey} only.
     *
     * @throws IllegalArgumentException for {@code x-api-key} or a value with control characters
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      String n = name.strip().toLowerCase(Locale.ROOT);
      if (n.isEmpty() || !n.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException("invalid header name: " + name);
      }
      if (n.equals("x-api-key")) throw new IllegalArgumentException("set the key with apiKey(), not header()");
      headers.put(n, HeaderValues.check(n, value));
      return this;
    }

    /** Figures that override the bundled catalog's entry for this model (context window, prices, capabilities). */
    public Builder modelInfo(ModelInfo modelInfo) {
      this.modelInfo = Objects.requireNonNull(modelInfo, "modelInfo == null");
      return this;
    }

    /** Clock for rate-limit reset times; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * {@code max_tokens} for requests that set no {@link ChatRequest#maxOutputTokens()}. Default
     * {@value AnthropicChatModel#DEFAULT_MAX_TOKENS}, or the model's output limit if smaller.
     */
    public Builder defaultMaxTokens(int tokens) {
      if (tokens < 1) throw new IllegalArgumentException("defaultMaxTokens must be >= 1: " + tokens);
      this.defaultMaxTokens = tokens;
      return this;
    }

    /**
     * Turns on extended thinking with this budget ({@code thinking: {type: enabled, budget_tokens}}), at least
     * 1024. When a request sets no output cap, {@code max_tokens} becomes the budget plus the default answer
     * size. Thinking is returned as reasoning text. Anthropic then rejects a temperature other than 1 and a forced
     * tool choice; and since Crossfeed does not send earlier thinking blocks back, multi-turn tool use with
     * thinking on may be rejected by models that require them.
     */
    public Builder thinkingBudgetTokens(int tokens) {
      if (tokens < 1024) throw new IllegalArgumentException("thinkingBudgetTokens must be >= 1024: " + tokens);
      this.thinkingBudgetTokens = tokens;
      return this;
    }

    /**
     * @throws IllegalStateException naming a missing setting
     * @throws IllegalArgumentException for a bad base URL
     */
    public AnthropicChatModel build() {
      if (apiKey == null) throw new IllegalStateException("apiKey is required (Anthropic API key)");
      if (model == null) throw new IllegalStateException("model is required (e.g. claude-sonnet-4-5)");
      return new AnthropicChatModel(this);
    }
  }
}
