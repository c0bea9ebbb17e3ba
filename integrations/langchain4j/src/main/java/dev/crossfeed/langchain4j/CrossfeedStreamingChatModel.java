package dev.crossfeed.langchain4j;

import dev.crossfeed.ChatModelException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Crossfeed route as LangChain4j's {@link StreamingChatModel}: the route's stream fails over to the next model
 * until the first token reached the handler, then streams from that model alone.
 *
 * <pre>{@code
 * StreamingChatModel model = CrossfeedStreamingChatModel.of(router);
 * model.chat("Write a haiku", new StreamingChatResponseHandler() {
 *   public void onPartialResponse(String text) { System.out.print(text); }
 *   public void onCompleteResponse(ChatResponse response) { System.out.println(); }
 *   public void onError(Throwable error) { error.printStackTrace(); }
 * });
 * }</pre>
 *
 * <p>Requests and answers are mapped as by {@link CrossfeedChatModel}. Text, thinking and tool-call fragments reach
 * the handler as they arrive (tool calls also once complete), then {@code onCompleteResponse} with the whole
 * answer, or {@code onError}. A break after content arrived is not replayed: {@code onError} gets a
 * {@code LangChain4jException} whose cause is the Crossfeed {@link ChatModelException} of kind
 * {@code STREAM_INTERRUPTED}, carrying the partial answer. {@code StreamingHandle.cancel()} from any partial's
 * context cancels the Crossfeed call and closes the provider's stream; the handler hears nothing more.
 *
 * <p>{@link #doChat} does not block: the handler is called on the route's threads, one callback at a time.
 * Immutable and thread-safe if the route is.
 */
public final class CrossfeedStreamingChatModel implements StreamingChatModel {
  private final Settings settings;

  private CrossfeedStreamingChatModel(Settings settings) {
    this.settings = settings;
  }

  /**
   * The route as a LangChain4j streaming chat model, without listeners or default parameters.
   *
   * @param route the Crossfeed route
   * @return the model
   */
  public static CrossfeedStreamingChatModel of(dev.crossfeed.ChatModel route) {
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
   * Starts the routed stream and returns at once; called by {@link StreamingChatModel#chat(ChatRequest,
   * StreamingChatResponseHandler)} after it merged the default parameters and wrapped the handler for the listeners.
   * A request Crossfeed cannot send is reported to {@code onError}, like every failure.
   */
  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(handler, "handler == null");
    dev.crossfeed.ChatRequest crossfeed;
    try {
      crossfeed = Requests.toCrossfeed(request);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    StreamRelay relay = new StreamRelay(handler);
    try {
      relay.attach(settings.route.streamAsync(crossfeed, relay));
    } catch (ChatModelException e) {
      relay.onError(e);
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

  /** {@return the Crossfeed route this model streams from} */
  public dev.crossfeed.ChatModel route() {
    return settings.route;
  }

  @Override
  public String toString() {
    return "CrossfeedStreamingChatModel{" + settings.route + '}';
  }

  /** Builds a {@link CrossfeedStreamingChatModel}. Not thread-safe; the model it builds is immutable. */
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
     * LangChain4j listeners, notified by {@link StreamingChatModel#chat(ChatRequest, StreamingChatResponseHandler)}.
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
    public CrossfeedStreamingChatModel build() {
      return new CrossfeedStreamingChatModel(new Settings(route, listeners, defaults));
    }
  }
}
