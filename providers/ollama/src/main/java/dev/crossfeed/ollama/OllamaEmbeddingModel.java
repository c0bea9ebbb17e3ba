package dev.crossfeed.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.Capability;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.HttpModelSettings;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.ResponseMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import okhttp3.Request;

/**
 * Text embeddings from Ollama's {@code POST /api/embed}: one call for a whole batch, vectors in input order,
 * input tokens from {@code prompt_eval_count}.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = OllamaEmbeddingModel.builder().model("embeddinggemma").build();
 * float[] v = embeddings.embed("Why is the sky blue?");
 * }</pre>
 *
 * <p>Defaults as for {@link OllamaChatModel}: {@code http://localhost:11434}, no key, 120 s timeout, the shared
 * client. Thread-safe; one HTTP attempt per call. An empty input list returns an empty answer without a call.
 */
public final class OllamaEmbeddingModel implements EmbeddingModel {
  private final OllamaSettings settings;
  private final Integer dimensions;

  private OllamaEmbeddingModel(Builder b, HttpModelSettings s) {
    settings = new OllamaSettings("OllamaEmbeddingModel", s, EnumSet.of(Capability.EMBEDDINGS));
    dimensions = b.dimensions;
  }

  /** {@return a builder with the defaults described above} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EmbeddingResponse embed(List<String> inputs) {
    Objects.requireNonNull(inputs, "inputs == null");
    if (inputs.isEmpty()) return new EmbeddingResponse(List.of(), Usage.ZERO, settings.model());
    ObjectNode body = Json.objectNode();
    body.put("model", settings.model());
    ArrayNode input = body.putArray("input");
    for (String s : inputs) input.add(Objects.requireNonNull(s, "input == null"));
    if (dimensions != null) body.put("dimensions", dimensions);
    Request request;
    try {
      request = settings.endpoint().embed(Json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write request JSON", e);
    }
    String model = settings.model();
    return settings.http().execute(request, model, settings.timeout(), (bytes, meta) -> parse(bytes, meta, inputs.size()));
  }

  private EmbeddingResponse parse(byte[] bytes, ResponseMeta meta, int expected) throws IOException {
    String model = settings.model();
    JsonNode root = Json.readTree(bytes);
    if (root == null || !root.isObject()) throw settings.http().invalidResponse(model, "embed response is not a JSON object", null, meta);
    if (root.has("error")) throw settings.http().error(0, ErrorBodies.parse(root), meta, model);
    JsonNode embeddings = root.path("embeddings");
    if (!embeddings.isArray() || embeddings.size() != expected) {
      throw settings.http().invalidResponse(
          model, "expected " + expected + " embeddings, got " + (embeddings.isArray() ? embeddings.size() : "none"), null, meta);
    }
    List<float[]> vectors = new ArrayList<>(expected);
    for (JsonNode e : embeddings) {
      if (!e.isArray()) throw settings.http().invalidResponse(model, "embedding is not an array", null, meta);
      float[] v = new float[e.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode x = e.get(i);
        if (!x.isNumber()) throw settings.http().invalidResponse(model, "embedding holds a non-number", null, meta);
        v[i] = x.floatValue();
      }
      vectors.add(v);
    }
    long tokens = Math.max(0, root.path("prompt_eval_count").asLong(0));
    return new EmbeddingResponse(vectors, Usage.of(tokens, 0), ChatResponseDecoder.model(root, model));
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

  @Override
  public String toString() {
    return "OllamaEmbeddingModel{model=" + settings.model() + ", baseUrl=" + settings.endpoint().describe() + '}';
  }

  /**
   * Builds an {@link OllamaEmbeddingModel}. {@link #model} is required, e.g. {@code embeddinggemma} or
   * {@code all-minilm}; the other settings are as for {@link OllamaChatModel.Builder}, with
   * {@link Capability#EMBEDDINGS} as the default capability. The common settings are described on
   * {@link HttpModelBuilder}. Not thread-safe.
   */
  public static final class Builder extends OllamaBuilder<Builder> {
    private Integer dimensions;

    private Builder() {}

    /**
     * Requested vector size ({@code dimensions}), for models that support it.
     *
     * @param dimensions the vector size
     * @return this builder
     */
    public Builder dimensions(int dimensions) {
      if (dimensions < 1) throw new IllegalArgumentException("dimensions must be >= 1: " + dimensions);
      this.dimensions = dimensions;
      return this;
    }

    /**
     * @return the model
     * @throws IllegalStateException if the model is missing
     */
    public OllamaEmbeddingModel build() {
      return new OllamaEmbeddingModel(this, settings());
    }
  }
}
