package dev.crossfeed.testing;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * An in-memory {@link ChatModel} that plays a script of {@link Outcome}s, for unit tests that need no HTTP
 * (routing, fallbacks, hedging, application code). Every call takes the next outcome in call order, whichever
 * path it uses ({@code chat}, {@code chatAsync}, {@code stream}, {@code streamAsync}); when the script is used
 * up, the {@linkplain Builder#responder responder} or {@linkplain Builder#defaultOutcome default outcome}
 * answers, and without one the call throws {@link IllegalStateException} naming the call.
 *
 * <pre>{@code
 * ScriptedChatModel primary = ScriptedChatModel.builder().provider("openai").model("gpt-4o-mini")
 *     .prices(0.15, 0.60)
 *     .then(Outcome.rateLimited(Duration.ofMillis(100)), Outcome.text("Paris"))
 *     .build();
 * // ... exercise the code under test ...
 * assertEquals(2, primary.callCount());
 * assertEquals("What is the capital of France?", ((Message.User) primary.lastRequest().messages().get(0)).text());
 * }</pre>
 *
 * <p>Answers carry usage (estimated, or exact with {@link Outcome#withUsage}), a cost from the model's prices,
 * a request id {@code scripted-N} and the model id ({@link ChatRequest#model()} if set). Streams extend
 * {@code AbstractChatStream}, so an error after content is STREAM_INTERRUPTED with the partial answer.
 * {@code chatAsync} runs each call on its own daemon thread; cancelling its future releases a hanging call
 * and counts a {@linkplain #cancellations() cancellation}, as does closing an unfinished stream or
 * interrupting a thread blocked in {@code chat}.
 *
 * <p>Thread-safe. Defaults: provider {@code scripted}, model {@code scripted-model}, capabilities TOOLS,
 * VISION, JSON_SCHEMA, STREAMING, REASONING, no prices, {@code maxHang} 30 seconds.
 */
public final class ScriptedChatModel implements ChatModel {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ModelInfo info;
  private final Duration maxHang;
  private final Object lock = new Object();
  private final Deque<Outcome> script;
  private final Function<ChatRequest, Outcome> responder;
  private final List<ChatRequest> requests = new ArrayList<>();
  private int inFlight;
  private int maxInFlight;
  private int cancellations;

  private ScriptedChatModel(Builder b) {
    this.info = b.buildInfo();
    this.maxHang = b.maxHang;
    this.script = new ArrayDeque<>(b.script);
    this.responder = b.responder;
  }

  /** {@return a new builder: provider {@code scripted}, an empty script} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A model that answers every call with {@code text}.
   *
   * @param text the answer to every call
   * @return the model
   */
  public static ScriptedChatModel answering(String text) {
    return builder().defaultOutcome(Outcome.text(text)).build();
  }

  /**
   * Appends outcomes to the script (played after those already queued).
   *
   * @param outcomes the outcomes, one per call in order
   * @return this model
   */
  public ScriptedChatModel enqueue(Outcome... outcomes) {
    synchronized (lock) {
      for (Outcome o : outcomes) script.add(Objects.requireNonNull(o, "outcome == null"));
    }
    return this;
  }

  /** {@return scripted outcomes not yet played} */
  public int remaining() {
    synchronized (lock) {
      return script.size();
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    ScriptedCall call = begin(request);
    try {
      return play(call, call.outcome);
    } finally {
      call.finish();
    }
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    ScriptedCall call = begin(request);
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              ChatResponse result = null;
              Throwable error = null;
              try {
                result = play(call, call.outcome);
              } catch (Throwable e) {
                error = e;
              }
              call.finish();
              if (error != null) future.completeExceptionally(error);
              else future.complete(result);
            },
            "scripted-async-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    future.whenComplete(
        (r, e) -> {
          if (e instanceof CancellationException) call.cancel();
        });
    t.start();
    return future;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    ScriptedCall call = begin(request);
    if (call.outcome.kind == Outcome.Kind.FAIL) {
      call.finish();
      throw call.copy(call.outcome.error);
    }
    return new ScriptedStream(call);
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  private ChatResponse play(ScriptedCall call, Outcome o) {
    switch (o.kind) {
      case RESPOND:
        return ScriptedAnswers.complete(call, o.response, o.explicitUsage);
      case STREAM:
        return ScriptedAnswers.assemble(call, o.events);
      case HANG:
        call.park(o.gate);
        return play(call, o.then);
      default: // FAIL, STREAM_THEN_FAIL: no partial content reaches a non-streaming caller
        throw call.copy(o.error);
    }
  }

  private ScriptedCall begin(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    Outcome outcome;
    int number;
    synchronized (lock) {
      requests.add(request);
      number = requests.size();
      outcome = script.poll();
    }
    if (outcome == null && responder != null) outcome = responder.apply(request);
    if (outcome == null) {
      throw new IllegalStateException(
          "ScriptedChatModel " + info.provider() + '/' + info.id() + ": no scripted outcome for call #" + number);
    }
    synchronized (lock) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      lock.notifyAll();
    }
    return new ScriptedCall(this, number, request, outcome, info, maxHang);
  }

  void ended() {
    synchronized (lock) {
      inFlight--;
      lock.notifyAll();
    }
  }

  void cancelled() {
    synchronized (lock) {
      cancellations++;
      lock.notifyAll();
    }
  }

  /** {@return every request received, in call order} */
  public List<ChatRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * The last request received.
   *
   * @return the request of the latest call
   * @throws IllegalStateException if there was none
   */
  public ChatRequest lastRequest() {
    synchronized (lock) {
      if (requests.isEmpty()) throw new IllegalStateException("no request received");
      return requests.get(requests.size() - 1);
    }
  }

  /** {@return calls received on every path} */
  public int callCount() {
    synchronized (lock) {
      return requests.size();
    }
  }

  /** {@return calls started and not yet finished (a stream counts until it completes, fails or is closed)} */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /** {@return the most calls that were in flight at once} */
  public int maxInFlight() {
    synchronized (lock) {
      return maxInFlight;
    }
  }

  /** {@return calls cancelled while still running (future cancelled, stream closed early, thread interrupted)} */
  public int cancellations() {
    synchronized (lock) {
      return cancellations;
    }
  }

  /**
   * Waits until at least {@code count} calls were received; false if the timeout elapsed first.
   *
   * @param count the number of calls to wait for
   * @param timeout how long to wait at most
   * @return true once the calls arrived, false if the timeout elapsed first
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitCalls(int count, Duration timeout) throws InterruptedException {
    return await(timeout, n -> requests.size() >= count);
  }

  /**
   * Waits until at least {@code count} calls are in flight; false if the timeout elapsed first.
   *
   * @param count the number of calls to wait for
   * @param timeout how long to wait at most
   * @return true once that many calls are in flight, false if the timeout elapsed first
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitInFlight(int count, Duration timeout) throws InterruptedException {
    return await(timeout, n -> inFlight >= count);
  }

  /**
   * Waits until no call is in flight (e.g. after cancelling); false if the timeout elapsed first.
   *
   * @param timeout how long to wait at most
   * @return true once idle, false if the timeout elapsed first
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return await(timeout, n -> inFlight == 0);
  }

  private boolean await(Duration timeout, IntPredicate done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!done.test(0)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  @Override
  public String toString() {
    return "ScriptedChatModel{" + info.provider() + '/' + info.id() + ", calls=" + callCount() + '}';
  }

  /** Builds a {@link ScriptedChatModel}. Not thread-safe. */
  public static final class Builder {
    private String provider = "scripted";
    private String model = "scripted-model";
    private ModelInfo info;
    private Capability[] capabilities = {
      Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING, Capability.REASONING
    };
    private Double inputPrice;
    private Double outputPrice;
    private Integer contextWindow;
    private Integer maxOutputTokens;
    private Duration maxHang = Duration.ofSeconds(30);
    private final List<Outcome> script = new ArrayList<>();
    private Function<ChatRequest, Outcome> responder;

    private Builder() {}

    /**
     * Sets the provider id the model reports.
     *
     * @param provider the id
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider == null");
      return this;
    }

    /**
     * Sets the model id the model reports.
     *
     * @param model the id
     * @return this builder
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model == null");
      return this;
    }

    /**
     * The whole model info; replaces provider, model, capabilities, prices and limits set here.
     *
     * @param info the info
     * @return this builder
     */
    public Builder info(ModelInfo info) {
      this.info = Objects.requireNonNull(info, "info == null");
      return this;
    }

    /**
     * Sets what the model claims to support, for routers that filter by capability.
     *
     * @param capabilities the capabilities
     * @return this builder
     */
    public Builder capabilities(Capability... capabilities) {
      this.capabilities = capabilities.clone();
      return this;
    }

    /**
     * USD per million input and output tokens, so responses carry a cost.
     *
     * @param inputPerMTok USD per million input tokens
     * @param outputPerMTok USD per million output tokens
     * @return this builder
     */
    public Builder prices(double inputPerMTok, double outputPerMTok) {
      this.inputPrice = inputPerMTok;
      this.outputPrice = outputPerMTok;
      return this;
    }

    /**
     * Sets the context window the model reports, for routers that skip too-small models.
     *
     * @param tokens the window in tokens
     * @return this builder
     */
    public Builder contextWindow(int tokens) {
      this.contextWindow = tokens;
      return this;
    }

    /**
     * Sets the output cap the model reports.
     *
     * @param tokens the cap in tokens
     * @return this builder
     */
    public Builder maxOutputTokens(int tokens) {
      this.maxOutputTokens = tokens;
      return this;
    }

    /**
     * Appends outcomes to the script, played one per call in order.
     *
     * @param outcomes the outcomes
     * @return this builder
     */
    public Builder then(Outcome... outcomes) {
      for (Outcome o : outcomes) script.add(Objects.requireNonNull(o, "outcome == null"));
      return this;
    }

    /**
     * The outcome of every call once the script is used up. Replaces a {@link #responder}.
     *
     * @param outcome the outcome of every unscripted call
     * @return this builder
     */
    public Builder defaultOutcome(Outcome outcome) {
      Objects.requireNonNull(outcome, "outcome == null");
      this.responder = request -> outcome;
      return this;
    }

    /**
     * Decides the outcome of every call once the script is used up, from the request (e.g. random failures
     * for chaos tests). Called on the caller's thread; must be thread-safe and not return null. Replaces a
     * {@link #defaultOutcome}.
     *
     * @param responder picks the outcome of a call from its request
     * @return this builder
     */
    public Builder responder(Function<ChatRequest, Outcome> responder) {
      this.responder = Objects.requireNonNull(responder, "responder == null");
      return this;
    }

    /**
     * Safety cap on a hanging call, after which it fails TIMEOUT; default 30 seconds.
     *
     * @param maxHang the cap
     * @return this builder
     */
    public Builder maxHang(Duration maxHang) {
      Objects.requireNonNull(maxHang, "maxHang == null");
      if (maxHang.isNegative() || maxHang.isZero()) throw new IllegalArgumentException("maxHang must be positive");
      this.maxHang = maxHang;
      return this;
    }

    private ModelInfo buildInfo() {
      if (info != null) return info;
      ModelInfo.Builder b = ModelInfo.builder(provider, model).capabilities(capabilities);
      if (inputPrice != null) b.prices(inputPrice, outputPrice);
      b.contextWindow(contextWindow).maxOutputTokens(maxOutputTokens);
      return b.build();
    }

    /** {@return the model} */
    public ScriptedChatModel build() {
      return new ScriptedChatModel(this);
    }
  }
}
