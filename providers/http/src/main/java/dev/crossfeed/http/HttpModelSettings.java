package dev.crossfeed.http;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ModelInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The common settings of a provider model, as collected and validated by an {@link HttpModelBuilder}: what a
 * provider reads when it builds its model. Settings that may be unset are {@link Optional}; which of them a
 * provider requires is its own rule. {@link #toString()} shows neither the key nor header values.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpModelSettings {
  private final ApiKey apiKey;
  private final String model;
  private final String baseUrl;
  private final OkHttpClient client;
  private final Duration timeout;
  private final boolean allowInsecureHttp;
  private final Map<String, String> headers;
  private final ModelInfo modelInfo;
  private final Clock clock;

  HttpModelSettings(
      ApiKey apiKey,
      String model,
      String baseUrl,
      OkHttpClient client,
      Duration timeout,
      boolean allowInsecureHttp,
      Map<String, String> headers,
      ModelInfo modelInfo,
      Clock clock) {
    this.apiKey = apiKey;
    this.model = model;
    this.baseUrl = baseUrl;
    this.client = client;
    this.timeout = timeout;
    this.allowInsecureHttp = allowInsecureHttp;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.modelInfo = modelInfo;
    this.clock = clock;
  }

  /** {@return the API key, if one was set} */
  public Optional<ApiKey> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** {@return the model id, if one was set (validated and stripped)} */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /**
   * {@return the base URL as given, or the provider's default; empty when neither exists} Not yet checked.
   */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /**
   * The base URL parsed and checked by {@link Endpoint#baseUrl}, or {@code fallback} when none was set.
   *
   * @param fallback the provider's default, used when no base URL was set
   * @return the parsed URL
   * @throws IllegalArgumentException for a missing, malformed or plain-http non-loopback URL (unless allowed)
   */
  public HttpUrl checkedBaseUrl(String fallback) {
    return Endpoint.baseUrl(baseUrl != null ? baseUrl : fallback, allowInsecureHttp);
  }

  /** {@return the client to share, if one was set (else providers use {@link HttpClients#shared()})} */
  public Optional<OkHttpClient> client() {
    return Optional.ofNullable(client);
  }

  /** {@return bound on one whole call} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return true if plain {@code http://} to a non-loopback host is permitted} */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /**
   * {@return extra headers in the order they were set: validated names and values} Unmodifiable.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Figures overriding the bundled catalog's entry, if set.
   *
   * @return the figures, if set
   */
  public Optional<ModelInfo> modelInfo() {
    return Optional.ofNullable(modelInfo);
  }

  /** {@return the clock for Retry-After dates and rate-limit resets} */
  public Clock clock() {
    return clock;
  }

  /**
   * An exchange builder for {@code provider} with this client, key (so it is scrubbed from surfaced messages) and
   * clock; the provider adds its classifier and request-id headers.
   *
   * @param provider the provider id
   * @return the builder
   */
  public HttpExchange.Builder exchange(String provider) {
    return HttpExchange.builder(provider).client(client).apiKey(apiKey).clock(clock);
  }

  /** Model, base URL without its query, whether a key is set, and header names; never the key or header values. */
  @Override
  public String toString() {
    String url = baseUrl == null ? null : baseUrl.replaceAll("[?#].*", "");
    return "HttpModelSettings{model=" + model + ", baseUrl=" + url + ", apiKey=" + apiKey + ", timeout=" + timeout
        + (headers.isEmpty() ? "" : ", headers=" + headers.keySet()) + '}';
  }
}
