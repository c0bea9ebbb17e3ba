package dev.crossfeed.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.HttpModelSettings;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.OpenResponse;
import dev.crossfeed.http.ResponseMeta;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model served by Ollama's native chat API ({@code POST /api/chat}), local ({@code http://localhost:11434}, no
 * key) or hosted ({@code https://ollama.com} with a bearer key).
 *
 * <pre>{@code
 * ChatModel local = OllamaChatModel.builder().model("llama3.2").build();
 * ChatModel cloud = OllamaChatModel.builder().baseUrl("https://ollama.com")
 *     .apiKey(ApiKey.fromEnv("OLLAMA_API_KEY")).model("gpt-oss:120b").build();
 * }</pre>
 *
 * <p>Mapping: system prompts are {@code system} messages; the text parts of one user message are joined with a
 * newline (Ollama content is one string); images go inline as base64 (bytes or {@code data:}
 * URLs; remote image URLs are refused with {@link dev.crossfeed.Failure#INVALID_REQUEST}, never fetched); tool
 * arguments travel as JSON objects and come back as JSON strings, with {@code call_xxxxxxxx} ids synthesised
 * when the server sends none; tool results are {@code tool} messages with {@code tool_name}; JSON output uses
 * {@code format} ({@code "json"} or the schema object); temperature, top-p, stop sequences and the output cap
 * ({@code num_predict}) go under {@code options}; {@code message.thinking} becomes the response's reasoning.
 * Ollama has no tool choice: {@code NONE} leaves the tools out and {@code REQUIRED} or a specific tool fail with
 * {@code INVALID_REQUEST}. Extra fields replace top-level body fields, except {@code options}, whose entries are
 * merged (e.g. {@code extraField("options", Map.of("num_ctx", 8192))}, or {@code extraField("think", "high")}).
 *
 * <p>Defaults: base URL {@code http://localhost:11434} (plain http is allowed for loopback hosts only unless
 * {@link Builder#allowInsecureHttp}), timeout 120 s per whole call, the shared {@code OkHttpClient}. Without a
 * catalog entry, {@link #info()} declares streaming, tools and JSON schema (declare vision or reasoning per model
 * with {@link Builder#modelInfo}); against a loopback server prices are 0 (a local model has no token bill).
 *
 * <p>Thread-safe; one HTTP attempt per call (no retries). Builders are not thread-safe.
 */
public final class OllamaChatModel implements ChatModel {
  private static final Logger log = LoggerFactory.getLogger(OllamaChatModel.class);

  private final OllamaSettings settings;
  private final ChatRequestEncoder encoder;

  private OllamaChatModel(Builder b, HttpModelSettings s) {
    settings = new OllamaSettings("OllamaChatModel", s, EnumSet.of(Capability.STREAMING, Capability.TOOLS, Capability.JSON_SCHEMA));
    encoder = new ChatRequestEncoder(OllamaEndpoint.PROVIDER, OllamaSettings.options(b.numCtx), OllamaSettings.keepAlive(b.keepAlive));
  }

  /** {@return a builder with the defaults described above} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String model = modelFor(request);
    return settings.http().execute(httpRequest(request, model, false), model, timeoutFor(request), (body, meta) -> parse(body, meta, model));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    String model = modelFor(request);
    Request http;
    try {
      http = httpRequest(request, model, false);
    } catch (ChatModelException e) {
      return CompletableFuture.failedFuture(e);
    }
    return settings.http().executeAsync(http, model, timeoutFor(request), (body, meta) -> parse(body, meta, model));
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    String model = modelFor(request);
    OpenResponse open = settings.http().open(httpRequest(request, model, true), model, timeoutFor(request));
    return new OllamaChatStream(settings.http(), model, open, b -> finish(b, open.meta()));
  }

  /**
   * Cancels this model's calls in flight and refuses new ones (they fail {@link dev.crossfeed.Failure#CANCELLED}).
   * The HTTP client is left open: it is the shared one or the one passed to the builder. Idempotent.
   */
  @Override
  public void close() {
    settings.http().close();
  }

  @Override
  public ModelInfo info() {
    return settings.info();
  }

  private String modelFor(ChatRequest request) {
    return request.model().orElse(settings.model());
  }

  private Duration timeoutFor(ChatRequest request) {
    return request.timeout().orElse(settings.timeout());
  }

  private Request httpRequest(ChatRequest request, String model, boolean stream) {
    byte[] body;
    try {
      body = Json.writeValueAsBytes(encoder.encode(request, model, stream));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write request JSON", e);
    }
    if (log.isDebugEnabled()) log.debug("ollama chat {} at {} (stream {})", model, settings.endpoint().describe(), stream);
    return settings.endpoint().chat(body, stream ? "application/x-ndjson" : "application/json");
  }

  private ChatResponse parse(byte[] body, ResponseMeta meta, String model) throws java.io.IOException {
    JsonNode root = Json.readTree(body);
    if (root == null || !root.isObject()) {
      throw settings.http().invalidResponse(model, "chat response is not a JSON object", null, meta);
    }
    if (root.has("error")) throw settings.http().error(0, ErrorBodies.parse(root), meta, model);
    return finish(ChatResponseDecoder.decode(root, model), meta);
  }

  private ChatResponse finish(ChatResponse.Builder b, ResponseMeta meta) {
    ChatResponse r = b.provider(OllamaEndpoint.PROVIDER).requestId(meta.requestId()).rateLimits(meta.rateLimits()).build();
    return r.newBuilder().cost(settings.info().costOf(r.usage()).orElse(null)).build();
  }

  @Override
  public String toString() {
    return "OllamaChatModel{model=" + settings.model() + ", baseUrl=" + settings.endpoint().describe() + '}';
  }

  /**
   * Builds an {@link OllamaChatModel}. {@link #model} is required, e.g. {@code llama3.2} or {@code qwen3:8b}. The
   * base URL defaults to {@code http://localhost:11434} (a trailing {@code /api} is accepted); {@link #apiKey} is
   * the bearer key of hosted Ollama ({@code https://ollama.com}), not needed for a local server; plain http to a
   * non-loopback host (an Ollama box on the LAN) needs {@link #allowInsecureHttp}. {@link #modelInfo} overrides the
   * catalog's figures and the capabilities described on the class. The common settings are described on
   * {@link HttpModelBuilder}. Not thread-safe.
   */
  public static final class Builder extends OllamaBuilder<Builder> {
    private Integer numCtx;
    private Duration keepAlive;

    private Builder() {}

    /**
     * {@code options.num_ctx}: the context window to allocate (Ollama's default is small and truncates silently).
     *
     * @param tokens the context window to load the model with
     * @return this builder
     */
    public Builder numCtx(int tokens) {
      if (tokens < 1) throw new IllegalArgumentException("numCtx must be >= 1: " + tokens);
      this.numCtx = tokens;
      return this;
    }

    /**
     * {@code keep_alive}: how long the server keeps the model loaded after a call; default the server's (5 min).
     *
     * @param keepAlive how long the server keeps the model loaded after the call
     * @return this builder
     */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive == null");
      return this;
    }

    /**
     * @return the model
     * @throws IllegalStateException if the model is missing
     */
    public OllamaChatModel build() {
      return new OllamaChatModel(this, settings());
    }
  }
}
