package dev.crossfeed.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.OpenResponse;
import dev.crossfeed.http.ResponseMeta;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/**
 * A Google Gemini model over the Gemini Developer API ({@code models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}, authenticated with {@code x-goog-api-key}).
 *
 * <pre>{@code
 * ChatModel gemini = GeminiChatModel.builder()
 *     .apiKey(ApiKey.fromEnv("GEMINI_API_KEY"))
 *     .model("gemini-2.5-flash")
 *     .build();
 * String answer = gemini.chat("Say hi").text();
 * }</pre>
 *
 * <p>Mapping: system messages become {@code systemInstruction}; assistant turns are role {@code model}; images
 * are sent inline ({@code inlineData}; Gemini cannot fetch arbitrary URLs, so an http(s) image URL other than a
 * Files API URI fails with {@code INVALID_REQUEST}); tool results are {@code functionResponse} parts matched by
 * tool name. Gemini gives function calls no id, so ids are synthesised ({@code gc_<responseId>_<n>}); the
 * {@code thoughtSignature} of each call is remembered (bounded) and sent back when the call is replayed.
 * Thought parts become {@link ChatResponse#reasoning()} (Gemini returns them only with
 * {@link Builder#includeThoughts(boolean)}). Safety-family finish reasons and a blocked prompt are returned as
 * {@link dev.crossfeed.FinishReason#CONTENT_FILTERED}. Usage: output tokens are
 * {@code candidatesTokenCount + thoughtsTokenCount}; the request id is the body's {@code responseId}.
 * {@link ChatRequest#extraFields()} are deep-merged into the body, so
 * {@code extraField("generationConfig", Map.of("topK", 40))} keeps the other generation settings.
 *
 * <p>Thread-safe; one HTTP attempt per call, never retried. Built objects are immutable; builders are not
 * thread-safe.
 */
public final class GeminiChatModel implements ChatModel {
  /** Provider id. */
  public static final String PROVIDER = "gemini";
  /** The Gemini Developer API, version {@code v1beta}. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

  private final String model;
  private final Duration timeout;
  private final GeminiSettings settings;
  private final ModelInfo info;
  private final HttpExchange http;
  private final ThoughtSignatures signatures = new ThoughtSignatures(4096);
  private final RequestWriter writer;

  private GeminiChatModel(Builder b, GeminiSettings s) {
    model = s.model;
    timeout = s.timeout;
    settings = s;
    info = GeminiSettings.info(model, s.infoOverride, GeminiSettings.CHAT_CAPABILITIES);
    http = s.http;
    writer = new RequestWriter(signatures, b.includeThoughts);
  }

  /** {@return a new builder; {@code apiKey} and {@code model} are required} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Prepared p = prepare(request, false);
    return http.execute(p.request, p.model, p.timeout, (body, meta) -> parse(body, meta, p));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Prepared p;
    try {
      p = prepare(request, false);
    } catch (ChatModelException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.executeAsync(p.request, p.model, p.timeout, (body, meta) -> parse(body, meta, p));
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    Prepared p = prepare(request, true);
    OpenResponse open = http.open(p.request, p.model, p.timeout);
    return new GeminiStream(http, p.model, open, new ChunkParser(p.model, signatures), p.info);
  }

  /**
   * Cancels this model's calls in flight and refuses new ones (they fail {@link dev.crossfeed.Failure#CANCELLED}).
   * The HTTP client is left open: it is the shared one or the one passed to the builder. Idempotent.
   */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  private ChatResponse parse(byte[] body, ResponseMeta meta, Prepared p) throws IOException {
    JsonNode root = Json.readTree(body);
    if (root != null && root.isArray() && root.size() > 0) root = root.get(0);
    if (root == null || !root.isObject()) {
      throw http.invalidResponse(p.model, "response body is not a JSON object", null, meta);
    }
    if (root.has("error")) throw http.error(0, ErrorBodies.parse(root), meta, p.model);
    ChunkParser parser = new ChunkParser(p.model, signatures);
    List<StreamEvent> events = new ArrayList<>();
    parser.accept(root, events);
    parser.finish(events);
    if (!parser.sawCandidate() && !parser.finished()) {
      throw http.invalidResponse(p.model, "response has no candidates and no promptFeedback.blockReason", null, meta);
    }
    StreamAccumulator acc = new StreamAccumulator();
    events.forEach(acc::accept);
    return parser.response(acc, meta, p.info);
  }

  private Prepared prepare(ChatRequest request, boolean stream) {
    String m = request.model().map(GeminiSettings::stripModelsPrefix).orElse(model);
    if (!GeminiSettings.isValidModel(m)) throw RequestWriter.invalid(m, "invalid Gemini model id: " + m);
    ModelInfo callInfo = m.equals(model) ? info : GeminiSettings.info(m, null, GeminiSettings.CHAT_CAPABILITIES);
    byte[] body;
    try {
      body = Json.writeValueAsBytes(writer.write(request, m));
    } catch (IOException e) {
      throw RequestWriter.invalid(m, "cannot serialise the request (" + e.getClass().getSimpleName() + ")");
    }
    String method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    Request.Builder r = settings.post(GeminiSettings.modelPath(m) + method, body);
    if (stream) r.header("Accept", "text/event-stream");
    return new Prepared(m, r.build(), request.timeout().orElse(timeout), callInfo);
  }

  private static final class Prepared {
    final String model;
    final Request request;
    final Duration timeout;
    final ModelInfo info;

    Prepared(String model, Request request, Duration timeout, ModelInfo info) {
      this.model = model;
      this.request = request;
      this.timeout = timeout;
      this.info = info;
    }
  }

  /** Number of remembered thought signatures (for tests). */
  int rememberedSignatures() {
    return signatures.size();
  }

  @Override
  public String toString() {
    return "GeminiChatModel{model=" + model + ", baseUrl=" + settings.displayUrl() + '}';
  }

  /**
   * Builds a {@link GeminiChatModel}. Required: {@link #apiKey} (sent as {@code x-goog-api-key}; refused as a
   * {@link #header}) and {@link #model}, e.g. {@code gemini-2.5-flash} (a {@code models/} prefix is accepted). The
   * base URL is the API root including the version; default {@value GeminiChatModel#DEFAULT_BASE_URL}. The common
   * settings are described on {@link HttpModelBuilder}. Not thread-safe.
   */
  public static final class Builder extends GeminiBuilder<Builder> {
    boolean includeThoughts;

    private Builder() {}

    /**
     * Ask for thought summaries ({@code generationConfig.thinkingConfig.includeThoughts}), returned as
     * reasoning. Only for thinking models (Gemini 2.5 and later); default false.
     *
     * @param include true to ask for thought summaries
     * @return this builder
     */
    public Builder includeThoughts(boolean include) {
      this.includeThoughts = include;
      return this;
    }

    /**
     * @return the model
     * @throws IllegalStateException if the API key or model is missing
     * @throws IllegalArgumentException if the base URL is invalid or plain http to a non-loopback host
     */
    public GeminiChatModel build() {
      return new GeminiChatModel(this, freeze("GeminiChatModel"));
    }
  }
}
