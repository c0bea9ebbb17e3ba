package dev.crossfeed.ollama;

import dev.crossfeed.Capability;
import dev.crossfeed.ModelCatalog;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The validated settings of one Ollama chat or embedding model: endpoint, exchange, model, timeout, info. */
final class OllamaSettings {
  private final OllamaEndpoint endpoint;
  private final HttpExchange http;
  private final String model;
  private final Duration timeout;
  private final ModelInfo info;

  /** @throws IllegalStateException if the model is missing */
  OllamaSettings(String what, HttpModelSettings s, Set<Capability> defaultCapabilities) {
    model = s.model().orElseThrow(() -> OllamaBuilder.missing(what, "model", "e.g. llama3.2"));
    endpoint = new OllamaEndpoint(s.checkedBaseUrl(OllamaEndpoint.DEFAULT_BASE_URL), s.apiKey().orElse(null), s.headers());
    http = s.exchange(OllamaEndpoint.PROVIDER).classifier(OllamaFailureClassifier.INSTANCE).build();
    timeout = s.timeout();
    ModelInfo.Builder defaults = ModelInfo.builder(OllamaEndpoint.PROVIDER, model).capabilities(defaultCapabilities);
    if (endpoint.isLoopback()) defaults.prices(0, 0); // a local model has no token bill
    ModelInfo resolved = ModelCatalog.bundled().resolve(defaults.build());
    info = s.modelInfo().map(resolved::overriddenBy).orElse(resolved);
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

  /** Default {@code options} entries. */
  static Map<String, Object> options(Integer numCtx) {
    return numCtx == null ? Map.of() : Map.of("num_ctx", numCtx);
  }

  /** {@code keep_alive} as a Go duration ({@code 300s}, {@code 1500ms}; negative = keep loaded), or null. */
  static String keepAlive(Duration keepAlive) {
    if (keepAlive == null) return null;
    if (keepAlive.isNegative()) return "-1s";
    return keepAlive.getNano() == 0 ? keepAlive.getSeconds() + "s" : keepAlive.toMillis() + "ms";
  }
}
