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
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.HttpModelSettings;
import dev.crossfeed.http.OpenResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
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
  public static final Duration DEFAULT_TIMEOUT = HttpModelBuilder.DEFAULT_TIMEOUT;

  private final String model;
  private final HttpUrl messagesUrl;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final ModelInfo info;
  private final ModelInfo infoOverride;
  private final HttpExchange http;
  private final RequestMapper requests;

  private AnthropicChatModel(Builder b, HttpModelSettings s, ApiKey apiKey) {
    model = s.model().orElseThrow();
    messagesUrl = messagesUrl(s.checkedBaseUrl(DEFAULT_BASE_URL));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-api-key", apiKey.reveal());
    h.put("anthropic-version", API_VERSION);
    h.putAll(s.headers());
    headers = Map.copyOf(h);
    timeout = s.timeout();
    infoOverride = s.modelInfo().orElse(null);
    info = resolveInfo(model, infoOverride);
    http = s.exchange(PROVIDER).requestIdHeaders("request-id", "x-request-id").build();
    requests = new RequestMapper(b.defaultMaxTokens, b.thinkingBudgetTokens);
  }

  /** {@return a new builder; {@code apiKey} and {@code model} are required} */
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

  /**
   * Cancels this model's calls in flight and refuses new ones (they fail {@link dev.crossfeed.Failure#CANCELLED}).
   * The HTTP client is left open: it is the shared one or the one passed to the builder. Idempotent.
   */
  @Override
  public void close() {
    http.close();
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
   * <p>Required: {@link #apiKey(ApiKey)} (sent as {@code x-api-key}) and {@link #model(String)}, e.g.
   * {@code claude-sonnet-4-5}. The base URL is given as for Anthropic's SDKs, without {@code /v1} (a base ending in
   * {@code /v1} is accepted too); default {@value AnthropicChatModel#DEFAULT_BASE_URL}. A {@link #header} replaces a
   * default of the same name ({@code anthropic-version}, e.g. with {@code anthropic-beta} for betas); names are
   * sent in lower case, and {@code x-api-key} is refused there: the key is set with {@link #apiKey} only. The common
   * settings are described on {@link HttpModelBuilder}.
   */
  public static final class Builder extends HttpModelBuilder<Builder> {
  /** {@link #required} for the settings classes of this package. */
  static IllegalStateException missing(String what, String setting, String hint) {
    return required(what, setting, hint);
  }

    private Integer defaultMaxTokens;
    private Integer thinkingBudgetTokens;

    private Builder() {
      super(DEFAULT_BASE_URL);
    }

    /** Lower-cases the name and refuses {@code x-api-key}. */
    @Override
    protected String checkHeaderName(String name) {
      Objects.requireNonNull(name, "name == null");
      String n = name.strip().toLowerCase(Locale.ROOT);
      if (n.isEmpty() || !n.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException("invalid header name: " + name);
      }
      if (n.equals("x-api-key")) throw new IllegalArgumentException("set the key with apiKey(), not header()");
      return n;
    }

    /**
     * {@code max_tokens} for requests that set no {@link ChatRequest#maxOutputTokens()}. Default
     * {@value AnthropicChatModel#DEFAULT_MAX_TOKENS}, or the model's output limit if smaller.
     *
     * @param tokens the cap, at least 1
     * @return this builder
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
     *
     * @param tokens the budget
     * @return this builder
     */
    public Builder thinkingBudgetTokens(int tokens) {
      if (tokens < 1024) throw new IllegalArgumentException("thinkingBudgetTokens must be >= 1024: " + tokens);
      this.thinkingBudgetTokens = tokens;
      return this;
    }

    /**
     * @return the model
     * @throws IllegalStateException naming a missing setting
     * @throws IllegalArgumentException for a bad base URL
     */
    public AnthropicChatModel build() {
      HttpModelSettings s = settings();
      ApiKey key = s.apiKey().orElseThrow(() -> Builder.missing("AnthropicChatModel", "apiKey", ""));
      if (s.model().isEmpty()) throw Builder.missing("AnthropicChatModel", "model", "e.g. claude-sonnet-4-5");
      return new AnthropicChatModel(this, s, key);
    }
  }
}
