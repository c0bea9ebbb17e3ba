package dev.crossfeed.langchain4j;

import dev.crossfeed.ChatModelException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Crossfeed route (any Crossfeed {@link dev.crossfeed.ChatModel}, typically a {@code Router}) as LangChain4j's
 * {@link ChatModel}, so {@code AiServices} and everything else written on LangChain4j get Crossfeed's retries,
 * failover, circuit breakers and hedging.
 *
 * <pre>{@code
 * Router router = Router.builder().model("gpt", gpt).model("claude", claude).build();
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(CrossfeedChatModel.of(router))
 *     .tools(new WeatherTools())
 *     .build();
 * }</pre>
 *
 * <p>Messages (system, user text and images, assistant text and tool calls, tool results), tools, tool choice,
 * JSON and JSON-schema response formats, temperature, top-p, output limit and stop sequences are mapped to the
 * Crossfeed request; the answer comes back with its tool calls, reasoning (as thinking), token usage, finish reason,
 * answering model and provider request id. Parameters Crossfeed cannot carry (top-k, penalties) and content it
 * cannot send (audio, video, PDF) fail with {@link dev.langchain4j.exception.UnsupportedFeatureException}.
 *
 * <p>Failures are LangChain4j exceptions whose {@linkplain Throwable#getCause() cause} is the Crossfeed
 * {@link ChatModelException} (failure kind, route trace): {@code RateLimitException} for rate limits and quota,
 * {@code AuthenticationException}, {@code ModelNotFoundException}, {@code ContentFilteredException},
 * {@code InvalidRequestException} (also context length), {@code TimeoutException}, {@code InternalServerException}
 * (overloaded, server error, connection, invalid response) and a plain {@code LangChain4jException} otherwise. A
 * router throws only after it retried and failed over, so do not add LangChain4j retries on top.
 *
 * <p>Immutable and thread-safe if the route is (routers and Crossfeed's providers are). Calls block the calling
 * thread; interrupting it cancels the call.
 */
public final class CrossfeedChatModel implements ChatModel {
  private final Settings settings;

  private CrossfeedChatModel(Settings settings) {
    this.settings = settings;
  }

  /**
   * The route as a LangChain4j chat model, without listeners or default parameters.
   *
   * @param route the Crossfeed route
   * @return the model
   */
  public static CrossfeedChatModel of(dev.crossfeed.ChatModel route) {
    return builder().route(route).build();
  }

  /**
   * Starts a builder; {@link Builder#route} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the request through the route; called by {@link ChatModel#chat(ChatRequest)} after it merged the
   * {@linkplain #defaultRequestParameters() default parameters} and notified the listeners.
   *
   * @throws dev.langchain4j.exception.LangChain4jException on any failure, with the Crossfeed
   *     {@link ChatModelException} as its cause when the route failed
   */
  @Override
  public ChatResponse doChat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    dev.crossfeed.ChatRequest crossfeed = Requests.toCrossfeed(request);
    try {
      return Responses.toLangChain4j(settings.route.chat(crossfeed));
    } catch (ChatModelException e) {
      throw Errors.toLangChain4j(e);
    }
  }

  /** The parameters every request starts from (empty unless set on the builder). */
  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return settings.defaults;
  }

  /** The LangChain4j listeners notified of every request, response and error. */
  @Override
  public List<ChatModelListener> listeners() {
    return settings.listeners;
  }

  /** {@link ModelProvider#OTHER}: a route may answer from any provider (see each response's model name). */
  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA} when the route's models support JSON schemas, else none. */
  @Override
  public Set<Capability> supportedCapabilities() {
    return settings.capabilities;
  }

  /** {@return the Crossfeed route this model sends to} */
  public dev.crossfeed.ChatModel route() {
    return settings.route;
  }

  @Override
  public String toString() {
    return "CrossfeedChatModel{" + settings.route + '}';
  }

  /** Builds a {@link CrossfeedChatModel}. Not thread-safe; the model it builds is immutable. */
  public static final class Builder {
    private dev.crossfeed.ChatModel route;
    private List<ChatModelListener> listeners = List.of();
    private ChatRequestParameters defaults;

    private Builder() {}

    /**
     * The Crossfeed route (a {@code Router} or any Crossfeed chat model). Required.
     *
     * @param route the route
     * @return this builder
     */
    public Builder route(dev.crossfeed.ChatModel route) {
      this.route = Objects.requireNonNull(route, "route == null");
      return this;
    }

    /**
     * LangChain4j listeners, notified by {@link ChatModel#chat(ChatRequest)}; default none.
     *
     * @param listeners the listeners, in order
     * @return this builder
     */
    public Builder listeners(List<ChatModelListener> listeners) {
      this.listeners = Settings.checkListeners(listeners);
      return this;
    }

    /**
     * Parameters every request starts from (the request's own win); default none.
     *
     * @param parameters the defaults
     * @return this builder
     */
    public Builder defaultRequestParameters(ChatRequestParameters parameters) {
      this.defaults = Objects.requireNonNull(parameters, "parameters == null");
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalStateException if no route was set
     */
    public CrossfeedChatModel build() {
      return new CrossfeedChatModel(new Settings(route, listeners, defaults));
    }
  }
}
