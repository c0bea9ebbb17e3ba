package dev.crossfeed.openai;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.Endpoint;
import dev.crossfeed.http.HeaderValues;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelSettings;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen connection settings of one model: URLs (with Azure's two URL styles), headers (auth first, the
 * caller's own after), the exchange that runs each attempt, and the per-host wire choices that depend on the
 * model (system role, token-limit field, stream usage). Immutable and thread-safe.
 */
final class HostClient {
  private static final Logger log = LoggerFactory.getLogger(HostClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  /** OpenAI reasoning models: o1, o3-mini, o4-mini, gpt-5, gpt-5.1-codex, ... */
  private static final Pattern REASONING_MODEL = Pattern.compile("(?i)(o\\d+|gpt-5)([-.:].*)?");
  /** Azure API versions before this one reject {@code stream_options}. */
  private static final String AZURE_STREAM_OPTIONS_SINCE = "2024-09-01";
  /** The first Azure api-version (2024-12-01-preview) whose classic deployment URLs take the developer role. */
  private static final String AZURE_DEVELOPER_ROLE_SINCE = "2024-12-01";

  final OpenAiHost host;
  final String providerId;
  final String model;
  final ModelInfo infoOverride;
  final HttpExchange http;
  final Duration timeout;
  private final HttpUrl chatUrl;
  private final HttpUrl embeddingsUrl;
  private final Headers headers;
  private final String azureDeployment;
  private final String azureApiVersion;
  private final Boolean developerRole;
  private final Boolean maxCompletionTokens;
  private final Boolean streamUsage;

  HostClient(OpenAiBuilder<?> b, HttpModelSettings s) {
    host = b.host;
    providerId = b.providerId;
    model = s.model().orElseThrow();
    infoOverride = s.modelInfo().orElse(null);
    timeout = s.timeout();
    azureDeployment = b.azureDeployment;
    azureApiVersion = b.azureApiVersion;
    developerRole = b.developerRole;
    maxCompletionTokens = b.maxCompletionTokens;
    streamUsage = b.streamUsage;
    HttpUrl base = s.checkedBaseUrl(host.defaultBaseUrl().orElse(null));
    chatUrl = url(base, "chat/completions");
    embeddingsUrl = url(base, "embeddings");
    Headers.Builder h = new Headers.Builder();
    ApiKey key = s.apiKey().orElse(null);
    if (key != null && !b.hasOwnAuthHeader(s.headers())) {
      String name = host.authHeader();
      String value = host == OpenAiHost.AZURE ? key.reveal() : "Bearer " + key.reveal();
      h.add(name, HeaderValues.check(name, value));
    }
    for (Map.Entry<String, String> e : s.headers().entrySet()) h.set(e.getKey(), e.getValue());
    headers = h.build();
    http =
        s.exchange(providerId)
            .requestIdHeaders("x-request-id", "apim-request-id", "mistral-correlation-id", "request-id")
            .classifier(OpenAiFailureClassifier.INSTANCE)
            .build();
  }

  /** Azure: v1 style {@code /openai/v1/...} unless a deployment is set; everyone else: base URL + path. */
  private HttpUrl url(HttpUrl base, String operation) {
    if (host != OpenAiHost.AZURE) return Endpoint.resolve(base, operation);
    String path = base.encodedPath();
    if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
    String prefix;
    if (azureDeployment != null) {
      if (path.endsWith("/openai/deployments/" + azureDeployment)) prefix = "";
      else if (path.endsWith("/openai")) prefix = "deployments/" + azureDeployment + "/";
      else prefix = "openai/deployments/" + azureDeployment + "/";
    } else {
      if (path.endsWith("/openai/v1")) prefix = "";
      else if (path.endsWith("/openai")) prefix = "v1/";
      else prefix = "openai/v1/";
    }
    HttpUrl url = Endpoint.resolve(base, prefix + operation);
    return azureApiVersion == null ? url : url.newBuilder().setQueryParameter("api-version", azureApiVersion).build();
  }

  HttpUrl chatUrl() {
    return chatUrl;
  }

  HttpUrl embeddingsUrl() {
    return embeddingsUrl;
  }

  /** A JSON POST with the auth and caller headers. */
  Request post(HttpUrl url, byte[] json, boolean stream) {
    if (log.isDebugEnabled()) log.debug("{} POST {} ({} bytes{})", providerId, url.encodedPath(), json.length, stream ? ", stream" : "");
    Request.Builder b = new Request.Builder().url(url).headers(headers).post(RequestBody.create(json, JSON));
    if (stream) b.header("Accept", "text/event-stream");
    return b.build();
  }

  /**
   * OpenAI's {@code developer} role for reasoning models on OpenAI and Azure; {@code system} elsewhere, and on
   * Azure's classic deployment URLs with an {@code api-version} older than {@value #AZURE_DEVELOPER_ROLE_SINCE},
   * which reject the role.
   */
  boolean useDeveloperRole(String modelId) {
    if (developerRole != null) return developerRole;
    if (host == OpenAiHost.AZURE && azureDeployment != null && azureApiVersion != null
        && azureApiVersion.substring(0, Math.min(10, azureApiVersion.length())).compareTo(AZURE_DEVELOPER_ROLE_SINCE) < 0) {
      return false;
    }
    return (host == OpenAiHost.OPENAI || host == OpenAiHost.AZURE) && REASONING_MODEL.matcher(modelId).matches();
  }

  /** The most stop sequences OpenAI and Azure accept; other hosts decide for themselves. */
  int maxStopSequences() {
    return host == OpenAiHost.OPENAI || host == OpenAiHost.AZURE ? 4 : Integer.MAX_VALUE;
  }

  /**
   * {@code max_completion_tokens} on OpenAI and Azure's v1 API (and for reasoning models on classic Azure
   * deployments); {@code max_tokens}, which every compatible host understands, elsewhere.
   */
  boolean useMaxCompletionTokens(String modelId) {
    if (maxCompletionTokens != null) return maxCompletionTokens;
    if (host == OpenAiHost.OPENAI) return true;
    if (host == OpenAiHost.AZURE) return azureDeployment == null || REASONING_MODEL.matcher(modelId).matches();
    return false;
  }

  /** Whether a stream asks for usage with {@code stream_options.include_usage}. */
  boolean streamUsage() {
    if (streamUsage != null) return streamUsage;
    if (!host.acceptsStreamOptions()) return false;
    return host != OpenAiHost.AZURE
        || azureApiVersion == null
        || azureApiVersion.compareTo(AZURE_STREAM_OPTIONS_SINCE) >= 0;
  }
}
