package dev.crossfeed.openai;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.OpenResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/**
 * A {@link ChatModel} over OpenAI's Chat Completions API ({@code POST /chat/completions}) on api.openai.com or
 * any {@linkplain OpenAiHost OpenAI-compatible host}: Azure OpenAI, Mistral, Groq, DeepSeek, OpenRouter, Together,
 * vLLM, LM Studio, Ollama's {@code /v1}, or any base URL.
 *
 * <pre>{@code
 * ChatModel gpt = OpenAiChatModel.builder()
 *     .apiKey(ApiKey.fromEnv("OPENAI_API_KEY"))
 *     .model("gpt-4o-mini")
 *     .build();
 *
 * ChatModel azure = OpenAiChatModel.builder(OpenAiHost.AZURE)
 *     .baseUrl("https://my-resource.openai.azure.com")   // v1 API: .../openai/v1/chat/completions
 *     .apiKey(ApiKey.fromEnv("AZURE_OPENAI_API_KEY"))
 *     .model("my-gpt-4o-deployment")
 *     .build();
 * }</pre>
 *
 * <p>Each call makes exactly one HTTP attempt (retries and fallbacks belong to a router) and fails only with a
 * classified {@link ChatModelException}. Streams ask for usage ({@code stream_options.include_usage}) where the
 * host accepts it. Instances are immutable and thread-safe; builders are not thread-safe.
 */
public final class OpenAiChatModel implements ChatModel {
  private final HostClient host;
  private final ModelInfo info;
  private final String description;

  private OpenAiChatModel(Builder b) {
    this.host = b.connect("OpenAiChatModel");
    this.info = ModelInfos.resolve(host, host.model);
    this.description = "OpenAiChatModel{" + b.describe() + '}';
  }

  /** {@return a builder for api.openai.com} */
  public static Builder builder() {
    return new Builder(OpenAiHost.OPENAI);
  }

  /**
   * A builder for {@code host}, with its default base URL and wire differences.
   *
   * @param host the OpenAI-compatible host
   * @return a new builder with the host's defaults
   */
  public static Builder builder(OpenAiHost host) {
    return new Builder(host);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    CallContext ctx = context(request);
    Request http = httpRequest(request, ctx, false);
    return host.http.execute(http, ctx.model, timeout(request), (body, meta) -> ChatResponseReader.read(body, meta, ctx));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    CallContext ctx;
    Request http;
    try {
      ctx = context(request);
      http = httpRequest(request, ctx, false);
    } catch (ChatModelException e) {
      return CompletableFuture.failedFuture(e);
    }
    return host.http.executeAsync(http, ctx.model, timeout(request), (body, meta) -> ChatResponseReader.read(body, meta, ctx));
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    CallContext ctx = context(request);
    Request http = httpRequest(request, ctx, true);
    OpenResponse open = host.http.open(http, ctx.model, timeout(request));
    return new ChunkStream(ctx, open);
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

  private CallContext context(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String model = request.model().orElse(host.model);
    return new CallContext(host, model, model.equals(host.model) ? info : ModelInfos.resolve(host, model));
  }

  private Request httpRequest(ChatRequest request, CallContext ctx, boolean stream) {
    byte[] body;
    try {
      body = ChatRequestWriter.write(request, ctx.model, stream, host);
    } catch (ChatModelException e) {
      throw e.toBuilder().provider(host.providerId).model(ctx.model).build();
    }
    return host.post(host.chatUrl(), body, stream);
  }

  private Duration timeout(ChatRequest request) {
    return request.timeout().orElse(host.timeout);
  }

  /** Provider, model and base URL; never the key or header values. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Builds an {@link OpenAiChatModel}. Required: {@link #model} (on Azure's v1 API, the deployment name);
   * {@link #apiKey} for hosted services; {@link #baseUrl} for Azure and {@link OpenAiHost#COMPATIBLE}. The base URL is
   * the one {@code /chat/completions} is appended to, e.g. {@code https://api.openai.com/v1}; on Azure, the resource
   * endpoint {@code https://NAME.openai.azure.com}. A {@link #header} may carry {@code OpenAI-Organization},
   * OpenRouter's {@code HTTP-Referer}, or an {@code Authorization: Bearer} Entra ID token on Azure (then no API key
   * is needed). The common settings are described on {@link HttpModelBuilder}. Not thread-safe.
   */
  public static final class Builder extends OpenAiBuilder<Builder> {
    private Builder(OpenAiHost host) {
      super(host);
    }

    /**
     * Send system messages with the {@code developer} role (true) or {@code system} (false). Default: developer for
     * OpenAI reasoning models (o1, o3, o4-mini, gpt-5…) on OpenAI and Azure, system everywhere else.
     *
     * @param developer true to send the system prompt as {@code developer}
     * @return this builder
     */
    public Builder developerRole(boolean developer) {
      this.developerRole = developer;
      return this;
    }

    /**
     * Send the output cap as {@code max_completion_tokens} (true) or {@code max_tokens} (false). Default:
     * {@code max_completion_tokens} on OpenAI and Azure's v1 API, {@code max_tokens} on every other host.
     *
     * @param useMaxCompletionTokens true for {@code max_completion_tokens}, false for {@code max_tokens}
     * @return this builder
     */
    public Builder maxCompletionTokens(boolean useMaxCompletionTokens) {
      this.maxCompletionTokens = useMaxCompletionTokens;
      return this;
    }

    /**
     * Ask for usage in streams with {@code stream_options.include_usage}. Default true, except on Mistral (which
     * rejects the field and sends usage anyway) and classic Azure API versions older than 2024-09-01.
     *
     * @param include true to ask for usage in streams
     * @return this builder
     */
    public Builder streamUsage(boolean include) {
      this.streamUsage = include;
      return this;
    }

    /**
     * @return the model
     * @throws IllegalStateException naming what is missing
     * @throws IllegalArgumentException if the base URL is not allowed
     */
    public OpenAiChatModel build() {
      return new OpenAiChatModel(this);
    }

    @Override
    public String toString() {
      return "OpenAiChatModel.Builder{" + describe() + '}';
    }
  }
}
