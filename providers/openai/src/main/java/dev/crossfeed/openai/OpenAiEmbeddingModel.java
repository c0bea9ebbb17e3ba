package dev.crossfeed.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EmbeddingModel} over {@code POST /embeddings} on OpenAI or an {@linkplain OpenAiHost OpenAI-compatible
 * host} (Azure, Mistral, Together, OpenRouter, vLLM, LM Studio, Ollama {@code /v1}). Vectors come back in input
 * order whether the host sends floats or base64.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = OpenAiEmbeddingModel.builder()
 *     .apiKey(ApiKey.fromEnv("OPENAI_API_KEY")).model("text-embedding-3-small").dimensions(256).build();
 * float[] v = embeddings.embed("hello");
 * }</pre>
 *
 * <p>One HTTP attempt per call; failures are classified {@link ChatModelException}s. Groq and DeepSeek have no
 * embeddings endpoint: {@link #embed} fails with {@link Failure#INVALID_REQUEST}. Immutable and thread-safe;
 * builders are not thread-safe.
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel {
  private final HostClient host;
  private final Integer dimensions;
  private final ModelInfo info;
  private final String description;

  private OpenAiEmbeddingModel(Builder b) {
    this.host = b.connect("OpenAiEmbeddingModel");
    this.dimensions = b.dimensions;
    this.info = ModelInfos.resolve(host, host.model, EnumSet.of(Capability.EMBEDDINGS));
    this.description = "OpenAiEmbeddingModel{" + b.describe() + '}';
  }

  /** {@return a builder for api.openai.com} */
  public static Builder builder() {
    return new Builder(OpenAiHost.OPENAI);
  }

  /**
   * A builder for {@code host}.
   *
   * @param host the OpenAI-compatible host
   * @return a new builder with the host's defaults
   */
  public static Builder builder(OpenAiHost host) {
    return new Builder(host);
  }

  /** True for hosts that offer {@code /embeddings}. */
  static boolean hasEmbeddings(OpenAiHost host) {
    return host != OpenAiHost.GROQ && host != OpenAiHost.DEEPSEEK;
  }

  /**
   * @throws IllegalArgumentException if {@code inputs} is empty
   * @throws ChatModelException on any failure, classified; {@link Failure#INVALID_REQUEST} before sending for an
   *     empty string, which the API refuses
   */
  @Override
  public EmbeddingResponse embed(List<String> inputs) {
    Objects.requireNonNull(inputs, "inputs == null");
    if (inputs.isEmpty()) throw new IllegalArgumentException("inputs is empty");
    if (!hasEmbeddings(host.host)) {
      throw ChatModelException.builder(Failure.INVALID_REQUEST)
          .provider(host.providerId)
          .model(host.model)
          .detail("embeddings are not offered by " + host.providerId)
          .build();
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) != null && inputs.get(i).isEmpty()) {
        throw ChatModelException.builder(Failure.INVALID_REQUEST)
            .provider(host.providerId)
            .model(host.model)
            .detail("input[" + i + "] is empty; the embeddings API accepts no empty strings")
            .build();
      }
    }
    byte[] body = body(inputs);
    return host.http.execute(
        host.post(host.embeddingsUrl(), body, false),
        host.model,
        host.timeout,
        (bytes, meta) -> EmbeddingsReader.read(bytes, meta, inputs.size(), host));
  }

  private byte[] body(List<String> inputs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + inputs.size() * 64);
    try (JsonGenerator g = Json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", host.model);
      g.writeArrayFieldStart("input");
      for (String s : inputs) g.writeString(Objects.requireNonNull(s, "input == null"));
      g.writeEndArray();
      if (dimensions != null) g.writeNumberField("dimensions", dimensions);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write request body", e);
    }
    return out.toByteArray();
  }

  /**
   * Cancels this model's calls in flight and refuses new ones (they fail {@link dev.crossfeed.Failure#CANCELLED}).
   * The HTTP client is left open: it is the shared one or the one passed to the builder. Idempotent.
   */
  @Override
  public void close() {
    host.http.close();
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** Provider, model and base URL; never the key or header values. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Builds an {@link OpenAiEmbeddingModel}; the settings mean what they mean on {@link OpenAiChatModel.Builder}, and
   * the common ones are described on {@link HttpModelBuilder}. Not thread-safe.
   */
  public static final class Builder extends OpenAiBuilder<Builder> {
    private Integer dimensions;

    private Builder(OpenAiHost host) {
      super(host);
    }

    /**
     * Output dimensions ({@code text-embedding-3} and later); null for the model's default.
     *
     * @param dimensions the vector size; null means the model's default
     * @return this builder
     */
    public Builder dimensions(Integer dimensions) {
      if (dimensions != null && dimensions < 1) throw new IllegalArgumentException("dimensions must be >= 1: " + dimensions);
      this.dimensions = dimensions;
      return this;
    }

    /**
     * @return the model
     * @throws IllegalStateException naming what is missing
     * @throws IllegalArgumentException if the base URL is not allowed
     */
    public OpenAiEmbeddingModel build() {
      return new OpenAiEmbeddingModel(this);
    }

    @Override
    public String toString() {
      return "OpenAiEmbeddingModel.Builder{" + describe() + '}';
    }
  }
}
