package dev.crossfeed.openai;

import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.HttpModelSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What OpenAI's chat and embedding builders share beyond {@link HttpModelBuilder}: the host, the reported provider
 * id, Azure's deployment URL style, and the chat wire choices (set by the chat builder only); validated into a
 * {@link HostClient} by {@link #connect}. Not thread-safe.
 */
abstract class OpenAiBuilder<B extends OpenAiBuilder<B>> extends HttpModelBuilder<B> {
  final OpenAiHost host;
  String providerId;
  String azureDeployment;
  String azureApiVersion;
  Boolean developerRole;
  Boolean maxCompletionTokens;
  Boolean streamUsage;

  OpenAiBuilder(OpenAiHost host) {
    super(null); // the host's default base URL is applied when connecting, so toString shows only an explicit one
    this.host = Objects.requireNonNull(host, "host == null");
    this.providerId = host.providerId();
  }

  /** The host's default base URL ({@link OpenAiHost#defaultBaseUrl()}); empty for Azure and compatible hosts. */
  @Override
  public Optional<String> defaultBaseUrl() {
    return host.defaultBaseUrl();
  }

  /**
   * The provider id reported in answers and errors; default the host's (e.g. name a {@code COMPATIBLE} host).
   *
   * @param providerId the id, e.g. {@code groq}
   * @return this builder
   */
  public B providerId(String providerId) {
    Objects.requireNonNull(providerId, "providerId == null");
    if (providerId.isBlank()) throw new IllegalArgumentException("providerId is blank");
    this.providerId = providerId.strip();
    return self();
  }

  /**
   * Azure only: use the classic deployment URL {@code /openai/deployments/{deployment}/...}, which needs
   * {@link #azureApiVersion}. Without it, the v1 API ({@code /openai/v1/...}) is used. The deployment in the URL
   * decides which model answers; a per-call {@link dev.crossfeed.ChatRequest#model()} only changes the body's
   * {@code model}.
   *
   * @param deployment the deployment name
   * @return this builder
   */
  public B azureDeployment(String deployment) {
    Objects.requireNonNull(deployment, "azureDeployment == null");
    if (!deployment.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("azureDeployment must be 1-64 characters of [A-Za-z0-9._-]: " + deployment);
    }
    this.azureDeployment = deployment;
    return self();
  }

  /**
   * Azure only: the {@code api-version} query parameter, e.g. {@code 2024-10-21}; optional on the v1 API.
   *
   * @param apiVersion the {@code api-version} query value
   * @return this builder
   */
  public B azureApiVersion(String apiVersion) {
    Objects.requireNonNull(apiVersion, "azureApiVersion == null");
    if (!apiVersion.matches("[A-Za-z0-9._-]{1,40}")) throw new IllegalArgumentException("azureApiVersion is malformed: " + apiVersion);
    this.azureApiVersion = apiVersion;
    return self();
  }

  /** True when the caller supplies the credential header itself (e.g. an Entra ID bearer token on Azure). */
  boolean hasOwnAuthHeader(Map<String, String> headers) {
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
    HttpModelSettings s = settings();
    if (s.model().isEmpty()) throw required(what, "model", "");
    if (host.requiresApiKey() && s.apiKey().isEmpty() && !hasOwnAuthHeader(s.headers())) {
      throw required(what, "apiKey", "for " + host.providerId());
    }
    if (s.baseUrl().isEmpty() && host.defaultBaseUrl().isEmpty()) {
      throw required(what, "baseUrl", "for " + host.providerId()
          + (host == OpenAiHost.AZURE ? ": the resource endpoint, https://NAME.openai.azure.com" : ""));
    }
    if (host != OpenAiHost.AZURE && (azureDeployment != null || azureApiVersion != null)) {
      throw new IllegalStateException(what + ": azureDeployment/azureApiVersion apply only to OpenAiHost.AZURE");
    }
    if (azureDeployment != null && azureApiVersion == null) {
      throw new IllegalStateException(what + ": azureApiVersion is required with azureDeployment (e.g. 2024-10-21)");
    }
    return new HostClient(this, s);
  }

  /** A description without secrets or header values. */
  String describe() {
    HttpModelSettings s = settings();
    String url = s.baseUrl().map(u -> u.replaceAll("[?#].*", "")).orElse(null);
    return providerId + '/' + s.model().orElse(null) + (url != null ? ", baseUrl=" + url : "")
        + (azureDeployment != null ? ", deployment=" + azureDeployment : "")
        + s.apiKey().map(k -> ", apiKey=" + k).orElse("")
        + (s.headers().isEmpty() ? "" : ", headers=" + s.headers().keySet());
  }
}
