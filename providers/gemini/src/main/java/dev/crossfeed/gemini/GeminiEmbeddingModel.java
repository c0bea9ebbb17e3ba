package dev.crossfeed.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.ResponseMeta;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Request;

/**
 * Gemini text embeddings (embeddings.md §2): one input goes to {@code models/{model}:embedContent}, several to
 * {@code :batchEmbedContents}, split into batches of at most {@link Builder#maxBatchSize(int) 100} requests
 * (Gemini's limit; a larger batch is refused with 400 INVALID_ARGUMENT). Each batch is one HTTP attempt, run in
 * order; the first failure fails the whole call, classified like chat errors. Gemini reports no token usage
 * for embeddings, so {@link EmbeddingResponse#usage()} is {@link Usage#ZERO}.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = GeminiEmbeddingModel.builder()
 *     .apiKey(ApiKey.fromEnv("GEMINI_API_KEY")).model("gemini-embedding-001").taskType("RETRIEVAL_DOCUMENT").build();
 * float[] v = embeddings.embed("hello");
 * }</pre>
 *
 * <p>Thread-safe. Builders are not thread-safe.
 */
public final class GeminiEmbeddingModel implements EmbeddingModel {
  /** Gemini's cap on requests in one {@code batchEmbedContents} call. */
  public static final int MAX_BATCH = 100;

  private final String model;
  private final Duration timeout;
  private final GeminiSettings settings;
  private final ModelInfo info;
  private final String taskType;
  private final Integer outputDimensionality;
  private final int maxBatchSize;
  private final HttpExchange http;

  private GeminiEmbeddingModel(Builder b, GeminiSettings s) {
    model = s.model;
    timeout = s.timeout;
    settings = s;
    info = GeminiSettings.info(model, s.infoOverride, GeminiSettings.EMBEDDING_CAPABILITIES);
    taskType = b.taskType;
    outputDimensionality = b.outputDimensionality;
    maxBatchSize = b.maxBatchSize;
    http = s.http;
  }

  /** {@return a new builder; {@code apiKey} and {@code model} are required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Embeds each input, in order. An empty list returns an empty response without a call.
   *
   * @throws ChatModelException on any failure, classified
   */
  @Override
  public EmbeddingResponse embed(List<String> inputs) {
    Objects.requireNonNull(inputs, "inputs == null");
    for (String s : inputs) Objects.requireNonNull(s, "input == null");
    if (inputs.isEmpty()) return new EmbeddingResponse(List.of(), Usage.ZERO, model);
    long deadline = System.nanoTime() + timeout.toNanos();
    if (inputs.size() == 1) {
      float[] v = call(":embedContent", request(inputs.get(0)), deadline, 1).get(0);
      return new EmbeddingResponse(List.of(v), Usage.ZERO, model);
    }
    List<float[]> vectors = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += maxBatchSize) {
      List<String> batch = inputs.subList(from, Math.min(inputs.size(), from + maxBatchSize));
      ObjectNode body = Json.objectNode();
      ArrayNode requests = body.putArray("requests");
      for (String s : batch) requests.add(request(s));
      vectors.addAll(call(":batchEmbedContents", body, deadline, batch.size()));
    }
    return new EmbeddingResponse(vectors, Usage.ZERO, model);
  }

  private ObjectNode request(String text) {
    ObjectNode r = Json.objectNode();
    r.put("model", GeminiSettings.modelPath(model));
    r.putObject("content").putArray("parts").addObject().put("text", text);
    if (taskType != null) r.put("taskType", taskType);
    if (outputDimensionality != null) r.put("outputDimensionality", outputDimensionality);
    return r;
  }

  private List<float[]> call(String method, ObjectNode body, long deadline, int expected) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw ChatModelException.builder(Failure.TIMEOUT).provider(GeminiChatModel.PROVIDER).model(model)
          .detail("embedding batches exceeded the " + timeout.toMillis() + " ms timeout").build();
    }
    byte[] bytes;
    try {
      bytes = Json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw RequestWriter.invalid(model, "cannot serialise the request");
    }
    Request r = settings.post(GeminiSettings.modelPath(model) + method, bytes).build();
    return http.execute(r, model, Duration.ofNanos(left), (b, meta) -> vectors(b, meta, expected));
  }

  private List<float[]> vectors(byte[] body, ResponseMeta meta, int expected) throws IOException {
    JsonNode root = Json.readTree(body);
    if (root == null || !root.isObject()) throw http.invalidResponse(model, "response body is not a JSON object", null, meta);
    if (root.has("error")) throw http.error(0, ErrorBodies.parse(root), meta, model);
    List<JsonNode> embeddings = new ArrayList<>();
    if (root.has("embedding")) embeddings.add(root.get("embedding"));
    else root.path("embeddings").forEach(embeddings::add);
    if (embeddings.size() != expected) {
      throw http.invalidResponse(model, "expected " + expected + " embeddings, got " + embeddings.size(), null, meta);
    }
    List<float[]> out = new ArrayList<>(expected);
    for (JsonNode e : embeddings) {
      JsonNode values = e.path("values");
      if (!values.isArray() || values.isEmpty()) throw http.invalidResponse(model, "embedding without values", null, meta);
      float[] v = new float[values.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode n = values.get(i);
        if (!n.isNumber()) throw http.invalidResponse(model, "embedding value is not a number", null, meta);
        v[i] = n.floatValue();
      }
      out.add(v);
    }
    return out;
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

  @Override
  public String toString() {
    return "GeminiEmbeddingModel{model=" + model + ", baseUrl=" + settings.displayUrl() + '}';
  }

  /**
   * Builds a {@link GeminiEmbeddingModel}. Required: {@link #apiKey} and {@link #model}, an embedding model id such
   * as {@code gemini-embedding-001}; the other settings are as for {@link GeminiChatModel.Builder}, and the timeout
   * bounds one whole {@link GeminiEmbeddingModel#embed} call, all batches together. The common settings are
   * described on {@link HttpModelBuilder}. Not thread-safe.
   */
  public static final class Builder extends GeminiBuilder<Builder> {
    String taskType;
    Integer outputDimensionality;
    int maxBatchSize = MAX_BATCH;

    private Builder() {}

    /**
     * Gemini {@code taskType}, e.g. {@code RETRIEVAL_QUERY}, {@code RETRIEVAL_DOCUMENT}; null for none.
     *
     * @param taskType the task type, e.g. {@code RETRIEVAL_DOCUMENT}
     * @return this builder
     */
    public Builder taskType(String taskType) {
      if (taskType != null && !taskType.matches("[A-Z_]{1,64}")) {
        throw new IllegalArgumentException("taskType must be an upper-case Gemini task type: " + taskType);
      }
      this.taskType = taskType;
      return this;
    }

    /**
     * Truncate vectors to this many dimensions ({@code outputDimensionality}); null for the model's size.
     *
     * @param dimensions the vector size; null means the model's default
     * @return this builder
     */
    public Builder outputDimensionality(Integer dimensions) {
      if (dimensions != null && dimensions < 1) throw new IllegalArgumentException("outputDimensionality must be >= 1");
      this.outputDimensionality = dimensions;
      return this;
    }

    /**
     * Inputs per {@code batchEmbedContents} call, 1 to 100 (Gemini's limit); default 100.
     *
     * @param size the most inputs per request
     * @return this builder
     */
    public Builder maxBatchSize(int size) {
      if (size < 1 || size > MAX_BATCH) throw new IllegalArgumentException("maxBatchSize must be in [1, 100]: " + size);
      this.maxBatchSize = size;
      return this;
    }

    /**
     * @return the model
     * @throws IllegalStateException if the API key or model is missing
     * @throws IllegalArgumentException if the base URL is invalid
     */
    public GeminiEmbeddingModel build() {
      return new GeminiEmbeddingModel(this, freeze("GeminiEmbeddingModel"));
    }
  }
}
