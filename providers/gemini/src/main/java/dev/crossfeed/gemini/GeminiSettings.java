package dev.crossfeed.gemini;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ModelCatalog;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.Endpoint;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelSettings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** The validated settings of a Gemini chat or embedding model, and the bits of wire plumbing they share. Immutable. */
final class GeminiSettings {
  static final Set<Capability> CHAT_CAPABILITIES =
      EnumSet.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING);
  static final Set<Capability> EMBEDDING_CAPABILITIES = EnumSet.of(Capability.EMBEDDINGS);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final String KEY_HEADER = "x-goog-api-key";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9._-]{1,128})?");

  final ApiKey apiKey;
  final String model;
  final HttpUrl baseUrl;
  final Duration timeout;
  final Map<String, String> headers;
  final ModelInfo infoOverride;
  final HttpExchange http;

  /**
   * Checks the required settings (key, model, then base URL), naming the type being built.
   *
   * @throws IllegalStateException if the API key or model is missing
   * @throws IllegalArgumentException if the base URL is invalid or plain http to a non-loopback host
   */
  GeminiSettings(String what, HttpModelSettings s, long maxBodyBytes) {
    apiKey = s.apiKey().orElseThrow(() -> GeminiBuilder.missing(what, "apiKey", ""));
    model = s.model().orElseThrow(() -> GeminiBuilder.missing(what, "model", "e.g. gemini-2.5-flash"));
    baseUrl = s.checkedBaseUrl(GeminiChatModel.DEFAULT_BASE_URL);
    timeout = s.timeout();
    headers = Map.copyOf(s.headers());
    infoOverride = s.modelInfo().orElse(null);
    http = s.exchange(GeminiChatModel.PROVIDER).classifier(GeminiFailureClassifier.INSTANCE).maxBodyBytes(maxBodyBytes).build();
  }

  static String stripModelsPrefix(String id) {
    return id.startsWith("models/") ? id.substring(7) : id;
  }

  /** Bare ids ({@code gemini-2.5-flash}) or other resources ({@code tunedModels/x}); never a {@code :} or query. */
  static boolean isValidModel(String id) {
    return MODEL.matcher(id).matches() && !id.contains("..");
  }

  /** The resource path: {@code models/{id}} for bare ids, the id itself for {@code tunedModels/...}. */
  static String modelPath(String id) {
    return id.indexOf('/') >= 0 ? id : "models/" + id;
  }

  /** The catalog entry for {@code id} with default capabilities, overridden by {@code override}. */
  static ModelInfo info(String id, ModelInfo override, Set<Capability> capabilities) {
    ModelInfo defaults = ModelInfo.builder(GeminiChatModel.PROVIDER, id).capabilities(capabilities).build();
    ModelInfo resolved = ModelCatalog.bundled().resolve(defaults);
    return override == null ? resolved : resolved.overriddenBy(override);
  }

  /** A JSON POST to {@code <base URL>/path} with the key header and the configured extra headers. */
  Request.Builder post(String path, byte[] body) {
    Request.Builder r = new Request.Builder()
        .url(Endpoint.resolve(baseUrl, path))
        .post(RequestBody.create(body, JSON))
        .header(KEY_HEADER, apiKey.reveal());
    headers.forEach(r::header);
    return r;
  }

  /**
   * The base URL without query, fragment or user info, for {@code toString()}: Google documents the key as a
   * {@code ?key=} query parameter, so a base URL copied with it must not print it.
   */
  String displayUrl() {
    return baseUrl.newBuilder().query(null).fragment(null).username("").password("").build().toString();
  }
}
