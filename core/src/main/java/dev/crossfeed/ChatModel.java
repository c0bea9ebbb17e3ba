package dev.crossfeed;

import java.util.concurrent.CompletableFuture;

/**
 * A chat model: one provider's model, or a router over many. The one interface Crossfeed puts over OpenAI,
 * Anthropic, Gemini, Ollama and every OpenAI-compatible host.
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder().apiKey(ApiKey.fromEnv("OPENAI_API_KEY")).model("gpt-4o-mini").build();
 * String answer = model.chat("Say hi").text();
 * }</pre>
 *
 * <p>Implementations are thread-safe. A provider makes exactly one HTTP attempt per call: retries and fallbacks
 * belong to a router. Every failure is a {@link ChatModelException} with a {@link Failure}.
 *
 * <h2>Lifecycle</h2>
 * A model may be closed ({@link #close()}) when the application is done with it, e.g. on shutdown or when a web
 * application is undeployed. Closing releases what the library created for this model and nothing else: its
 * in-flight calls are cancelled and later calls fail with {@link Failure#CANCELLED}, but an HTTP client, executor
 * or model the caller passed in is never shut down, so one client can serve many models. Closing is optional:
 * the library's own shared threads are daemon threads that never keep a JVM alive.
 */
public interface ChatModel extends AutoCloseable {

  /**
   * Sends the request and waits for the whole answer.
   *
   * @param request what to send
   * @return the whole answer
   * @throws ChatModelException on any failure, classified
   */
  ChatResponse chat(ChatRequest request);

  /**
   * Sends one user message.
   *
   * @param userText what the user says
   * @return the whole answer
   * @throws ChatModelException on any failure, classified
   */
  default ChatResponse chat(String userText) {
    return chat(ChatRequest.of(userText));
  }

  /**
   * Sends the request without blocking. The future completes with the answer or exceptionally with a
   * {@link ChatModelException}. Cancelling the future cancels the call.
   *
   * <p>The default runs {@link #chat} on a new daemon thread and interrupts it on cancel; providers override it
   * with non-blocking I/O.
   *
   * @param request what to send
   * @return a future of the whole answer
   */
  default CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return AsyncSupport.supply(() -> chat(request));
  }

  /**
   * Starts a streamed answer. The returned stream must be closed.
   *
   * @param request what to send
   * @return the stream of events, to iterate and close
   * @throws ChatModelException if the call fails before the stream starts (e.g. an HTTP error status)
   */
  ChatStream stream(ChatRequest request);

  /**
   * Streams the answer to a listener without blocking the caller. The future completes with the final
   * response (after {@link StreamListener#onComplete}) or exceptionally (after
   * {@link StreamListener#onError}). Cancelling the future closes the stream.
   *
   * <p>The default reads {@link #stream} on a new daemon thread.
   *
   * @param request what to send
   * @param listener receives every event, then the completion or the error
   * @return a future of the final response
   */
  default CompletableFuture<ChatResponse> streamAsync(ChatRequest request, StreamListener listener) {
    return AsyncSupport.pushStream(this, request, listener);
  }

  /** {@return what this model is: provider, id, limits, prices, capabilities} */
  ModelInfo info();

  /**
   * Releases what the library created for this model (see the lifecycle above); never a client, executor or model
   * the caller passed in. Idempotent, never throws; calls started after it fail with {@link Failure#CANCELLED}.
   * The default does nothing, for models that hold nothing.
   */
  @Override
  default void close() {}
}
