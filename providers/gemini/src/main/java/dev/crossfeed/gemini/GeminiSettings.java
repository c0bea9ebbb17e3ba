package dev.crossfeed.gemini;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ModelCatalog;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.Endpoint;
import dev.crossfeed.http.HeaderValues;
import dev.crossfeed.http.HttpExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Builder settings shared by the chat and embedding models, and the bits of wire plumbing they share. */
final class GeminiSettings {
  static final Set<Capability> CHAT_CAPABILITIES =
      EnumSet.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING);
  static final Set<Capability> EMBEDDING_CAPABILITIES = EnumSet.of(Capability.EMBEDDINGS);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final String KEY_HEADER = "x-goog-api-key";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9._-]{1,128})?");

  ApiKey apiKey;
  String model;
  String baseUrl = GeminiChatModel.DEFAULT_BASE_URL;
  OkHttpClient client;
  Duration timeout = DEFAULT_TIMEOUT;
  boolean allowInsecureHttp;
  final Map<String, String> headers = new LinkedHashMap<>();
  ModelInfo info;
  Clock clock = Clock.systemUTC();
  long maxBodyBytes = HttpExchange.DEFAULT_MAX_BODY;

  void apiKey(ApiKey key) {
    apiKey = Objects.requireNonNull(key, "apiKey == null");
  }

  void model(String id) {
    Objects.requireNonNull(id, "model == null");
    String m = stripModelsPrefix(id.strip());
    if (!isValidModel(m)) throw new IllegalArgumentException("invalid Gemini model id: " + id);
    model = m;
  }

  void timeout(Duration t) {
    Objects.requireNonNull(t, "timeout == null");
    if (t.isNegative() || t.isZero()) throw new IllegalArgumentException("timeout must be positive: " + t);
    timeout = t;
  }

  void header(String name, String value) {
    Objects.requireNonNull(name, "name == null");
    if (name.equalsIgnoreCase(KEY_HEADER)) throw new IllegalArgumentException("set the key with apiKey(), not a header");
    if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) throw new IllegalArgumentException("invalid header name: " + name);
    headers.put(name, HeaderValues.check(name, value));
  }

  /** Checks required settings, naming the type being built. */
  void check(String what) {
    if (apiKey == null) throw new IllegalStateException(what + ": apiKey is required");
    if (model == null) throw new IllegalStateException(what + ": model is required");
    baseUrl();
  }

  HttpUrl baseUrl() {
    return Endpoint.baseUrl(baseUrl, allowInsecureHttp);
  }

  HttpExchange exchange() {
    HttpExchange.Builder b = HttpExchange.builder(GeminiChatModel.PROVIDER)
        .apiKey(apiKey)
        .classifier(GeminiFailureClassifier.INSTANCE)
        .maxBodyBytes(maxBodyBytes)
        .clock(clock);
    if (client != null) b.client(client);
    return b.build();
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

  /** A JSON POST to {@code base/path} with the key header and the configured extra headers. */
  static Request.Builder post(HttpUrl base, String path, byte[] body, ApiKey key, Map<String, String> headers) {
    Request.Builder r = new Request.Builder()
        .url(Endpoint.resolve(base, path))
        .post(RequestBody.create(body, JSON))
        .header(KEY_HEADER, key.reveal());
    headers.forEach(r::header);
    return r;
  }
}
