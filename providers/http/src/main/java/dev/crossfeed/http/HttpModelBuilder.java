package dev.crossfeed.http;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ModelInfo;
import java.time.Clock;
import dev.crossfeed.spi.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Base of the provider model builders: the settings every HTTP provider takes (API key, model, base URL, client,
 * timeout, insecure http, extra headers, model info override, clock), validated in the setters the same way for
 * every provider. A provider's builder extends it with itself as {@code B}, so every setter returns that builder,
 * adds its own settings, and reads the common ones as one {@link HttpModelSettings} value when it builds:
 *
 * <pre>{@code
 * public static final class Builder extends HttpModelBuilder<Builder> {
 *   private Builder() {
 *     super(DEFAULT_BASE_URL);
 *   }
 *
 *   public AcmeChatModel build() {
 *     HttpModelSettings s = settings();
 *     if (s.model().isEmpty()) throw required("AcmeChatModel", "model", "e.g. acme-large");
 *     return new AcmeChatModel(s, this);
 *   }
 * }
 * }</pre>
 *
 * <p>Which settings are required (a hosted service needs a key, a local server does not) is the provider's to check
 * in {@code build()}, with a message naming what is missing. A provider with stricter rules for model ids or header
 * names overrides {@link #checkModel} or {@link #checkHeaderName}.
 *
 * <p>Builders are not thread-safe; the models they build are immutable.
 *
 * @param <B> the provider's builder type
 */
public abstract class HttpModelBuilder<B extends HttpModelBuilder<B>> {
  /** Default bound on one whole call: 120 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private ApiKey apiKey;
  private String model;
  private final String defaultBaseUrl;
  private String baseUrl;
  private OkHttpClient client;
  private Duration timeout = DEFAULT_TIMEOUT;
  private boolean allowInsecureHttp;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private ModelInfo modelInfo;
  private Clock clock = Clock.systemUTC();

  /** @param defaultBaseUrl the provider's base URL, or null when it has none or resolves it when building */
  protected HttpModelBuilder(String defaultBaseUrl) {
    this.defaultBaseUrl = defaultBaseUrl;
    this.baseUrl = defaultBaseUrl;
  }

  /**
   * The base URL used unless {@link #baseUrl} sets another: the provider's public endpoint (e.g.
   * {@code https://api.anthropic.com}), or empty where there is none and {@link #baseUrl} is required (Azure, a
   * generic OpenAI-compatible host). The one place every provider exposes its default.
   *
   * @return the URL used when {@link #baseUrl} is not set, or empty when the host has none (it must be set)
   */
  public Optional<String> defaultBaseUrl() {
    return Optional.ofNullable(defaultBaseUrl);
  }

  /**
   * The message every provider's {@code build()} uses for a missing setting: {@code "<what>: <setting> is
   * required"}, e.g. {@code "AnthropicChatModel: apiKey is required"}, with an optional hint after it.
   *
   * @param what what is missing, e.g. {@code an API key}
   * @param setting the builder method that sets it
   * @param hint how to get it, appended to the message
   * @return the exception to throw from {@code build()}
   */
  protected static IllegalStateException required(String what, String setting, String hint) {
    return new IllegalStateException(what + ": " + setting + " is required" + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"));
  }

  /**
   * The API key, sent the provider's way (a bearer token, {@code x-api-key}, {@code x-goog-api-key}…). Hosted
   * services require one; the provider's {@code build()} says when it is missing. The key never appears in a
   * {@code toString()}, an exception message or a log line.
   *
   * @param apiKey the key
   * @return this builder
   * @throws NullPointerException for null
   */
  public B apiKey(ApiKey apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
    return self();
  }

  /**
   * The model id, e.g. {@code gpt-4o-mini} or {@code claude-sonnet-4-5}; surrounding whitespace is removed. A chat
   * request's {@link dev.crossfeed.ChatRequest#model()} overrides it for that call. Required.
   *
   * @param model the model id
   * @return this builder
   * @throws NullPointerException for null
   * @throws IllegalArgumentException for a blank id, or one the provider's rules refuse
   */
  public B model(String model) {
    Objects.requireNonNull(model, "model == null");
    this.model = checkModel(model);
    return self();
  }

  /**
   * The API root the provider's paths are appended to; default {@link #defaultBaseUrl()}, and null restores that
   * default (so a value read from optional configuration can be passed as is). {@code https} is always allowed,
   * plain {@code http} only to loopback hosts unless {@link #allowInsecureHttp}. The URL is checked when the model
   * is built.
   *
   * @param baseUrl the URL; null means the default
   * @return this builder
   */
  public B baseUrl(String baseUrl) {
    this.baseUrl = baseUrl == null ? defaultBaseUrl : baseUrl;
    return self();
  }

  /**
   * The client to share (its connection pool and dispatcher are reused); default {@link HttpClients#shared()}.
   * Never build one client per call. Redirects and silent connection retries are turned off on a client derived
   * from it ({@link HttpClients#forProviders}).
   *
   * @param client the client to derive from
   * @return this builder
   * @throws NullPointerException for null
   */
  public B client(OkHttpClient client) {
    this.client = Objects.requireNonNull(client, "client == null");
    return self();
  }

  /**
   * Bound on one whole call, a streamed body included (for embeddings, the whole {@code embed} call); default
   * 120 s. A chat request's {@link dev.crossfeed.ChatRequest#timeout()} overrides it for that call. Beyond 100 years
   * it is clamped to 100 years ({@link Durations#MAX}).
   *
   * @param timeout the whole-call bound
   * @return this builder
   * @throws NullPointerException for null
   * @throws IllegalArgumentException for zero or a negative duration
   */
  public B timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
    this.timeout = Durations.clamp(timeout);
    return self();
  }

  /**
   * Permits plain {@code http://} to a host that is not loopback (the key would travel in clear text). Default false.
   *
   * @param allow true to permit it
   * @return this builder
   */
  public B allowInsecureHttp(boolean allow) {
    this.allowInsecureHttp = allow;
    return self();
  }

  /**
   * A header sent on every call, e.g. {@code OpenAI-Organization}, {@code anthropic-beta} or a gateway's routing
   * header; it replaces an earlier one of the same name. Set the key with {@link #apiKey}, not as a header (some
   * providers refuse their key header here). Values are never echoed in messages.
   *
   * @param name the header's name
   * @param value its value
   * @return this builder
   * @throws NullPointerException for a null name or value
   * @throws IllegalArgumentException for an invalid name, or a value with CR, LF or other control characters
   */
  public B header(String name, String value) {
    String n = checkHeaderName(name);
    headers.put(n, HeaderValues.check(n, value));
    return self();
  }

  /**
   * Figures that override the bundled catalog's entry for this model (prices, context window, output limit,
   * capabilities).
   *
   * @param modelInfo the figures
   * @return this builder
   * @throws NullPointerException for null
   */
  public B modelInfo(ModelInfo modelInfo) {
    this.modelInfo = Objects.requireNonNull(modelInfo, "modelInfo == null");
    return self();
  }

  /**
   * The clock for Retry-After dates and rate-limit reset times; default the system UTC clock.
   *
   * @param clock the clock
   * @return this builder
   * @throws NullPointerException for null
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    return self();
  }

  /**
   * Checks a model id given to {@link #model} (never null) and returns the id to keep. By default refuses a blank
   * id and strips whitespace; a provider with its own id syntax overrides it.
   *
   * @param model the model id as given
   * @return the model id
   * @throws IllegalArgumentException naming what is wrong
   */
  protected String checkModel(String model) {
    if (model.isBlank()) throw new IllegalArgumentException("model is blank");
    return model.strip();
  }

  /**
   * Checks a header name given to {@link #header} (possibly null) and returns the name to send. By default a
   * non-blank name of visible ASCII characters other than {@code :}; a provider that normalizes names or reserves
   * its key header overrides it.
   *
   * @param name the header name as given
   * @return the name
   * @throws NullPointerException for null
   * @throws IllegalArgumentException naming what is wrong (the name, never a value)
   */
  protected String checkHeaderName(String name) {
    Objects.requireNonNull(name, "header name == null");
    if (name.isBlank()) throw new IllegalArgumentException("header name is blank");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ':') throw new IllegalArgumentException("header name has an illegal character: " + name);
    }
    return name;
  }

  /** {@return the common settings as they are now, as an immutable value (later setter calls do not change it)} */
  protected final HttpModelSettings settings() {
    return new HttpModelSettings(apiKey, model, baseUrl, client, timeout, allowInsecureHttp, headers, modelInfo, clock);
  }

  /** {@return this builder as its provider type} */
  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }
}
