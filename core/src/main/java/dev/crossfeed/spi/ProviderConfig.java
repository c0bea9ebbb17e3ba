package dev.crossfeed.spi;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ModelInfo;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Provider-neutral settings for creating a model through a {@link ChatModelFactory}: what a routing config
 * file says about one model. Immutable and thread-safe.
 *
 * <p>{@link #options()} holds provider-specific string settings (e.g. Azure's {@code apiVersion}); a factory
 * rejects options it does not know with an {@link IllegalArgumentException} naming them.
 */
public final class ProviderConfig {
  private final String provider;
  private final String model;
  private final ApiKey apiKey;
  private final String baseUrl;
  private final Duration timeout;
  private final boolean allowInsecureHttp;
  private final ModelInfo infoOverride;
  private final Map<String, String> options;

  private ProviderConfig(Builder b) {
    provider = b.provider;
    model = b.model;
    apiKey = b.apiKey;
    baseUrl = b.baseUrl;
    timeout = b.timeout;
    allowInsecureHttp = b.allowInsecureHttp;
    infoOverride = b.infoOverride;
    options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
  }

  /**
   * Starts the settings of one model.
   *
   * @param provider the provider id, e.g. {@code openai}
   * @param model the model id
   * @return a new builder
   */
  public static Builder builder(String provider, String model) {
    return new Builder(provider, model);
  }

  /** {@return provider id such as {@code openai} or {@code groq}} */
  public String provider() {
    return provider;
  }

  /** {@return the model id} */
  public String model() {
    return model;
  }

  /** {@return the key, if given (local hosts need none)} */
  public Optional<ApiKey> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** {@return the base URL, if given; otherwise the provider's default} */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** {@return whole-call timeout for the provider's HTTP calls, if set} */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** {@return whether plain {@code http://} to a non-loopback host is permitted} */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** {@return figures (context window, prices, capabilities) that override the catalog's, if given} */
  public Optional<ModelInfo> infoOverride() {
    return Optional.ofNullable(infoOverride);
  }

  /** {@return provider-specific options by name, e.g. Azure's {@code deployment} (unmodifiable)} */
  public Map<String, String> options() {
    return options;
  }

  @Override
  public String toString() {
    return "ProviderConfig{" + provider + '/' + model + (apiKey != null ? ", apiKey=" + apiKey : "")
        + (baseUrl != null ? ", baseUrl=" + baseUrl : "") + '}';
  }

  /** Builds a {@link ProviderConfig}. Not thread-safe. */
  public static final class Builder {
    private final String provider;
    private final String model;
    private ApiKey apiKey;
    private String baseUrl;
    private Duration timeout;
    private boolean allowInsecureHttp;
    private ModelInfo infoOverride;
    private final Map<String, String> options = new LinkedHashMap<>();

    private Builder(String provider, String model) {
      this.provider = Objects.requireNonNull(provider, "provider == null");
      this.model = Objects.requireNonNull(model, "model == null");
    }

    /**
     * Sets the key.
     *
     * @param apiKey the key; null means none
     * @return this builder
     */
    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Sets the base URL.
     *
     * @param baseUrl the URL; null means the provider's default
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the whole-call timeout of the provider's HTTP calls.
     *
     * @param timeout the timeout; null means the provider's default
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Permits plain {@code http://} to a host that is not loopback.
     *
     * @param allow true to permit it
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Sets figures that override the catalog's.
     *
     * @param info the figures; null means none
     * @return this builder
     */
    public Builder infoOverride(ModelInfo info) {
      this.infoOverride = info;
      return this;
    }

    /**
     * Adds a provider-specific option.
     *
     * @param name the option's name
     * @param value its value
     * @return this builder
     */
    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** {@return the immutable settings} */
    public ProviderConfig build() {
      return new ProviderConfig(this);
    }
  }
}
