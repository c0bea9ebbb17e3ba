package dev.crossfeed.springai;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A Crossfeed route (any Crossfeed {@link dev.crossfeed.ChatModel}, typically a {@code Router}) as Spring AI's
 * {@link ChatModel} and {@link org.springframework.ai.chat.model.StreamingChatModel}, so {@code ChatClient} and
 * everything else written on Spring AI get Crossfeed's retries, failover (429s included), breakers and hedging.
 *
 * <pre>{@code
 * Router router = Router.builder().model("gpt", gpt).model("claude", claude).build();
 * ChatClient chat = ChatClient.create(CrossfeedChatModel.of(router));
 * String answer = chat.prompt().user("Weather in Paris?").tools(new WeatherTools()).call().content();
 * }</pre>
 *
 * <p>System, user (text and image media), assistant (text and tool calls) and tool-response messages, the model,
 * temperature, top-p, max tokens and stop sequences go to the route; top-k and penalties, which a route whose models
 * may be of any provider cannot honour, fail with {@link IllegalArgumentException} naming them. Tools are Spring AI's:
 * the {@link ToolCallingManager} resolves their definitions and, unless the prompt's options turn internal tool
 * execution off, runs the calls the model asks for and sends the results back, at most {@value #MAX_TOOL_ROUNDS}
 * rounds per call. Answers carry the finish reason as the name of Crossfeed's {@link dev.crossfeed.FinishReason}
 * ({@code STOP}, {@code LENGTH}, {@code TOOL_CALLS}, ...), usage (Crossfeed's {@code Usage} as native usage), the
 * answering model, the provider request id, reasoning under the message property {@code reasoning}, and the
 * metadata {@code crossfeed.provider} and {@code crossfeed.routeTrace}.
 *
 * <p>Failures are Crossfeed's {@link ChatModelException} (failure kind, route trace, partial answer), thrown from
 * {@link #call} and signalled by {@link #stream}. A router throws only after it retried and failed over, so add no
 * Spring retry on top.
 *
 * <p>{@link #stream} subscribes on Reactor's bounded-elastic scheduler and reads the route's stream as the
 * subscriber requests chunks (backpressure reaches the provider's socket). Disposing the subscription (or any
 * operator cancelling upstream, such as {@code take}) closes the Crossfeed stream: the router stops and the
 * provider's connection is released. The stream fails over only before its first token; a later break is
 * {@code STREAM_INTERRUPTED}, with the partial answer on the exception.
 *
 * <p>Immutable and thread-safe if the route is (routers and Crossfeed's providers are).
 */
public final class CrossfeedChatModel implements ChatModel {
  /** Most model calls per {@link #call} or {@link #stream} when tools are executed internally. */
  public static final int MAX_TOOL_ROUNDS = 32;

  private final dev.crossfeed.ChatModel route;
  private final ToolCallingChatOptions defaults;
  private final ToolCallingManager toolCallingManager;

  private CrossfeedChatModel(Builder b) {
    if (b.route == null) throw new IllegalStateException("route == null: set the Crossfeed route (a Router or any ChatModel)");
    this.route = b.route;
    this.defaults = b.defaultOptions != null ? b.defaultOptions.copy() : ToolCallingChatOptions.builder().build();
    this.toolCallingManager = b.toolCallingManager != null ? b.toolCallingManager : ToolCallingManager.builder().build();
  }

  /**
   * The route as a Spring AI chat model with default options and Spring AI's default tool calling manager.
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
   * Sends the prompt through the route and, when the model calls tools, runs them and sends their results back.
   *
   * @throws ChatModelException when the route fails (after its retries and fallbacks)
   * @throws IllegalArgumentException when the prompt holds something a route cannot send
   * @throws IllegalStateException when the model still calls tools after {@value #MAX_TOOL_ROUNDS} rounds
   */
  @Override
  public ChatResponse call(Prompt prompt) {
    Objects.requireNonNull(prompt, "prompt == null");
    ToolCallingChatOptions options = Options.merge(prompt.getOptions(), defaults);
    List<Message> conversation = prompt.getInstructions();
    for (int round = 1; ; round++) {
      Prompt p = new Prompt(conversation, options);
      ChatResponse response = Answers.toSpringAi(route.chat(request(p, options)));
      if (!ToolCallingChatOptions.isInternalToolExecutionEnabled(options) || !response.hasToolCalls()) return response;
      checkRounds(round);
      ToolExecutionResult result = toolCallingManager.executeToolCalls(p, response);
      if (result.returnDirect()) return direct(response, result);
      conversation = result.conversationHistory();
    }
  }

  /**
   * Streams the prompt's answer through the route, one chunk per text delta and a last chunk with the finish
   * reason, usage and any tool calls; with internal tool execution, the calls are run and the follow-up answer is
   * streamed in the same {@link Flux}. Nothing happens until subscription; cancelling closes the Crossfeed stream.
   */
  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    Objects.requireNonNull(prompt, "prompt == null");
    return Flux.defer(() -> streamRound(prompt.getInstructions(), Options.merge(prompt.getOptions(), defaults), 1));
  }

  private Flux<ChatResponse> streamRound(List<Message> conversation, ToolCallingChatOptions options, int round) {
    Prompt p = new Prompt(conversation, options);
    dev.crossfeed.ChatRequest request = request(p, options);
    Flux<ChatResponse> chunks =
        Flux.using(() -> route.stream(request), CrossfeedChatModel::chunks, ChatStream::close)
            .subscribeOn(Schedulers.boundedElastic());
    if (!ToolCallingChatOptions.isInternalToolExecutionEnabled(options)) return chunks;
    return chunks.concatMap(
        chunk -> {
          if (!chunk.hasToolCalls()) return Flux.just(chunk);
          return Flux.defer(
                  () -> {
                    checkRounds(round);
                    ToolExecutionResult result = toolCallingManager.executeToolCalls(p, chunk);
                    if (result.returnDirect()) return Flux.just(direct(chunk, result));
                    return streamRound(result.conversationHistory(), options, round + 1);
                  })
              .subscribeOn(Schedulers.boundedElastic());
        });
  }

  /** The stream's events as chunks, read one per request on the subscriber's demand. */
  private static Flux<ChatResponse> chunks(ChatStream stream) {
    Iterator<StreamEvent> events = stream.iterator();
    return Flux.<StreamEvent>generate(
            sink -> {
              if (events.hasNext()) sink.next(events.next());
              else sink.complete();
            })
        .handle(
            (event, sink) -> {
              ChatResponse chunk = Answers.chunk(event);
              if (chunk != null) sink.next(chunk);
            });
  }

  private dev.crossfeed.ChatRequest request(Prompt p, ToolCallingChatOptions options) {
    return Prompts.toCrossfeed(p, toolCallingManager.resolveToolDefinitions(options));
  }

  private static ChatResponse direct(ChatResponse response, ToolExecutionResult result) {
    return ChatResponse.builder().from(response).generations(ToolExecutionResult.buildGenerations(result)).build();
  }

  private static void checkRounds(int round) {
    if (round >= MAX_TOOL_ROUNDS) {
      throw new IllegalStateException("the model still calls tools after " + MAX_TOOL_ROUNDS + " rounds; giving up");
    }
  }

  /** A copy of the options every prompt starts from (ChatClient sets its tools on such a copy). */
  @Override
  public ChatOptions getDefaultOptions() {
    return defaults.copy();
  }

  /** {@return the Crossfeed route this model sends to} */
  public dev.crossfeed.ChatModel route() {
    return route;
  }

  @Override
  public String toString() {
    return "CrossfeedChatModel{" + route + '}';
  }

  /** Builds a {@link CrossfeedChatModel}. Not thread-safe; the model it builds is immutable. */
  public static final class Builder {
    private dev.crossfeed.ChatModel route;
    private ToolCallingChatOptions defaultOptions;
    private ToolCallingManager toolCallingManager;

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
     * Options every prompt starts from (the prompt's own win), copied; default empty, tools executed internally.
     *
     * @param options the defaults
     * @return this builder
     */
    public Builder defaultOptions(ToolCallingChatOptions options) {
      this.defaultOptions = Objects.requireNonNull(options, "options == null");
      return this;
    }

    /**
     * Resolves tool definitions and runs tool calls; default {@code ToolCallingManager.builder().build()}. Pass
     * Spring Boot's auto-configured one to resolve tools by bean name.
     *
     * @param toolCallingManager the manager
     * @return this builder
     */
    public Builder toolCallingManager(ToolCallingManager toolCallingManager) {
      this.toolCallingManager = Objects.requireNonNull(toolCallingManager, "toolCallingManager == null");
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalStateException if no route was set
     */
    public CrossfeedChatModel build() {
      return new CrossfeedChatModel(this);
    }
  }
}
