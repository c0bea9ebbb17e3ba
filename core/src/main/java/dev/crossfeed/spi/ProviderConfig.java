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

  public static Builder builder(String provider, String model) {
    return new Builder(provider, model);
  }

  /** Provider id such as {@code openai} or {@code groq}. */
  public String provider() {
    return provider;
  }

  public String model() {
    return model;
  }

  public Optional<ApiKey> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** Whole-call timeout for the provider's HTTP calls, if set. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Permit plain {@code http://} to a non-loopback host. */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** Figures (context window, prices, capabilities) that override the catalog's. */
  public Optional<ModelInfo> infoOverride() {
    return Optional.ofNullable(infoOverride);
  }

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

    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    public Builder infoOverride(ModelInfo info) {
      this.infoOverride = info;
      return this;
    }

    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    public ProviderConfig build() {
      return new ProviderConfig(this);
    }
  }
}
