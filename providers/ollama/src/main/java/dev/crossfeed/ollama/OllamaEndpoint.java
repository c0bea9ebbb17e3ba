package dev.crossfeed.ollama;

import dev.crossfeed.ApiKey;
import dev.crossfeed.http.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Where and how to reach one Ollama server: the {@code /api} base, the optional bearer key (hosted Ollama) and
 * extra headers. Immutable and thread-safe.
 */
final class OllamaEndpoint {
  static final String PROVIDER = "ollama";
  static final String DEFAULT_BASE_URL = "http://localhost:11434";
  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpUrl api;
  private final HttpUrl chat;
  private final HttpUrl embed;
  private final ApiKey apiKey;
  private final Map<String, String> headers;

  /** @param base the checked base URL ({@link Endpoint#baseUrl}) */
  OllamaEndpoint(HttpUrl base, ApiKey apiKey, Map<String, String> headers) {
    // accept both "http://host:11434" and "http://host:11434/api"
    List<String> segments = base.pathSegments();
    String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    if (last.isEmpty() && segments.size() > 1) last = segments.get(segments.size() - 2);
    this.api = last.equals("api") ? base : Endpoint.resolve(base, "api/");
    this.chat = Endpoint.resolve(api, "chat");
    this.embed = Endpoint.resolve(api, "embed");
    this.apiKey = apiKey;
    this.headers = new LinkedHashMap<>(headers);
  }

  ApiKey apiKey() {
    return apiKey;
  }

  boolean isLoopback() {
    return Endpoint.isLoopback(api.host());
  }

  /** A POST of {@code json} to {@code api/chat}. */
  Request chat(byte[] json, String accept) {
    return post(chat, json, accept);
  }

  /** A POST of {@code json} to {@code api/embed}. */
  Request embed(byte[] json) {
    return post(embed, json, "application/json");
  }

  private Request post(HttpUrl url, byte[] json, String accept) {
    Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(json, JSON));
    b.header("Accept", accept);
    for (Map.Entry<String, String> h : headers.entrySet()) b.header(h.getKey(), h.getValue());
    if (apiKey != null) b.header("Authorization", "Bearer " + apiKey.reveal());
    return b.build();
  }

  String describe() {
    return api.scheme() + "://" + api.host() + ":" + api.port();
  }
}
