package dev.crossfeed.ollama;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ModelCatalog;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.HeaderValues;
import dev.crossfeed.http.HttpExchange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

/** The validated settings of one Ollama chat or embedding model: endpoint, exchange, model, timeout, info. */
final class OllamaSettings {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private final OllamaEndpoint endpoint;
  private final HttpExchange http;
  private final String model;
  private final Duration timeout;
  private final ModelInfo info;

  private OllamaSettings(Builder b, Set<Capability> defaultCapabilities) {
    if (b.model == null) throw new IllegalStateException("model is required");
    endpoint = new OllamaEndpoint(b.baseUrl, b.allowInsecureHttp, b.apiKey, b.headers);
    http =
        HttpExchange.builder(OllamaEndpoint.PROVIDER)
            .client(b.client)
            .apiKey(b.apiKey)
            .classifier(OllamaFailureClassifier.INSTANCE)
            .build();
    model = b.model;
    timeout = b.timeout;
    ModelInfo.Builder defaults = ModelInfo.builder(OllamaEndpoint.PROVIDER, model).capabilities(defaultCapabilities);
    if (endpoint.isLoopback()) defaults.prices(0, 0); // a local model has no token bill
    ModelInfo resolved = ModelCatalog.bundled().resolve(defaults.build());
    info = b.modelInfo == null ? resolved : resolved.overriddenBy(b.modelInfo);
  }

  OllamaEndpoint endpoint() {
    return endpoint;
  }

  HttpExchange http() {
    return http;
  }

  String model() {
    return model;
  }

  Duration timeout() {
    return timeout;
  }

  ModelInfo info() {
    return info;
  }

  /** Collects and validates settings for the public builders. Not thread-safe. */
  static final class Builder {
    private ApiKey apiKey;
    private String model;
    private String baseUrl = OllamaEndpoint.DEFAULT_BASE_URL;
    private OkHttpClient client;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean allowInsecureHttp;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private ModelInfo modelInfo;
    private Integer numCtx;
    private Duration keepAlive;

    void apiKey(ApiKey apiKey) {
      this.apiKey = apiKey;
    }

    void model(String model) {
      Objects.requireNonNull(model, "model == null");
      if (model.isBlank()) throw new IllegalArgumentException("model is blank");
      this.model = model.strip();
    }

    void baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
    }

    void client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client == null");
    }

    void timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
      this.timeout = timeout;
    }

    void allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
    }

    void header(String name, String value) {
      HeaderValues.check(name, value);
      new Headers.Builder().add(name, ""); // validates the name without echoing the value
      headers.put(name, value);
    }

    void modelInfo(ModelInfo info) {
      this.modelInfo = Objects.requireNonNull(info, "modelInfo == null");
    }

    void numCtx(int tokens) {
      if (tokens < 1) throw new IllegalArgumentException("numCtx must be >= 1: " + tokens);
      this.numCtx = tokens;
    }

    void keepAlive(Duration keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive == null");
    }

    /** Default {@code options} entries. */
    Map<String, Object> options() {
      return numCtx == null ? Map.of() : Map.of("num_ctx", numCtx);
    }

    /** {@code keep_alive} as a Go duration ({@code 300s}, {@code 1500ms}; negative = keep loaded), or null. */
    String keepAlive() {
      if (keepAlive == null) return null;
      if (keepAlive.isNegative()) return "-1s";
      return keepAlive.getNano() == 0 ? keepAlive.getSeconds() + "s" : keepAlive.toMillis() + "ms";
    }

    OllamaSettings build(Set<Capability> defaultCapabilities) {
      return new OllamaSettings(this, defaultCapabilities);
    }
  }
}
