package dev.crossfeed.openai;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.HeaderValues;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;

/** The mutable settings behind both public builders; validated into a {@link HostClient} by {@link #connect()}. */
final class Settings {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  final OpenAiHost host;
  ApiKey apiKey;
  String model;
  String baseUrl;
  OkHttpClient client;
  Duration timeout = DEFAULT_TIMEOUT;
  boolean allowInsecureHttp;
  final Map<String, String> headers = new LinkedHashMap<>();
  ModelInfo modelInfo;
  Clock clock = Clock.systemUTC();
  String providerId;
  String azureDeployment;
  String azureApiVersion;
  Boolean developerRole;
  Boolean maxCompletionTokens;
  Boolean streamUsage;

  Settings(OpenAiHost host) {
    this.host = Objects.requireNonNull(host, "host == null");
    this.providerId = host.providerId();
  }

  void apiKey(ApiKey key) {
    this.apiKey = Objects.requireNonNull(key, "apiKey == null");
  }

  void model(String model) {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) throw new IllegalArgumentException("model is blank");
    this.model = model.strip();
  }

  void baseUrl(String url) {
    this.baseUrl = Objects.requireNonNull(url, "baseUrl == null");
  }

  void timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
    this.timeout = timeout;
  }

  void header(String name, String value) {
    Objects.requireNonNull(name, "header name == null");
    if (name.isBlank()) throw new IllegalArgumentException("header name is blank");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ':') throw new IllegalArgumentException("header name has an illegal character: " + name);
    }
    headers.put(name, HeaderValues.check(name, value));
  }

  void providerId(String id) {
    Objects.requireNonNull(id, "providerId == null");
    if (id.isBlank()) throw new IllegalArgumentException("providerId is blank");
    this.providerId = id.strip();
  }

  void azureDeployment(String deployment) {
    Objects.requireNonNull(deployment, "azureDeployment == null");
    if (!deployment.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("azureDeployment must be 1-64 characters of [A-Za-z0-9._-]: " + deployment);
    }
    this.azureDeployment = deployment;
  }

  void azureApiVersion(String version) {
    Objects.requireNonNull(version, "azureApiVersion == null");
    if (!version.matches("[A-Za-z0-9._-]{1,40}")) throw new IllegalArgumentException("azureApiVersion is malformed: " + version);
    this.azureApiVersion = version;
  }

  /** True when the caller supplies the credential header itself (e.g. an Entra ID bearer token on Azure). */
  boolean hasOwnAuthHeader() {
    String auth = host.authHeader().toLowerCase(Locale.ROOT);
    for (String name : headers.keySet()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals(auth) || n.equals("authorization")) return true;
    }
    return false;
  }

  /**
   * Validates and freezes the settings.
   *
   * @throws IllegalStateException naming what is missing
   * @throws IllegalArgumentException for a base URL that is not allowed
   */
  HostClient connect(String what) {
    if (model == null) throw new IllegalStateException(what + ": model is required");
    if (host.requiresApiKey() && apiKey == null && !hasOwnAuthHeader()) {
      throw new IllegalStateException(what + ": apiKey is required for " + host.providerId());
    }
    if (baseUrl == null && host.defaultBaseUrl().isEmpty()) {
      throw new IllegalStateException(
          what + ": baseUrl is required for " + host.providerId()
              + (host == OpenAiHost.AZURE ? " (the resource endpoint, https://NAME.openai.azure.com)" : ""));
    }
    if (host != OpenAiHost.AZURE && (azureDeployment != null || azureApiVersion != null)) {
      throw new IllegalStateException(what + ": azureDeployment/azureApiVersion apply only to OpenAiHost.AZURE");
    }
    if (azureDeployment != null && azureApiVersion == null) {
      throw new IllegalStateException(what + ": azureApiVersion is required with azureDeployment (e.g. 2024-10-21)");
    }
    return new HostClient(this);
  }

  /** A description without secrets or header values. */
  String describe() {
    String url = baseUrl == null ? null : baseUrl.replaceAll("[?#].*", "");
    return providerId + '/' + model + (url != null ? ", baseUrl=" + url : "")
        + (azureDeployment != null ? ", deployment=" + azureDeployment : "")
        + (apiKey != null ? ", apiKey=" + apiKey : "")
        + (headers.isEmpty() ? "" : ", headers=" + headers.keySet());
  }
}
