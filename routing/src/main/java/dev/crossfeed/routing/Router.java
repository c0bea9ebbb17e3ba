package dev.crossfeed.routing;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamListener;
import dev.crossfeed.spi.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A {@link ChatModel} (and {@link EmbeddingModel}) over several named models that retries, falls back, balances
 * and hedges according to the failure taxonomy: every call is routed to a healthy, capable model and survives
 * rate limits, outages and slow answers within one deadline.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .model("gpt", openAi)                       // declared order = fallback order
 *     .model("claude", anthropic)
 *     .timeout(Duration.ofSeconds(30))            // one deadline for all attempts and waits
 *     .attemptTimeout(Duration.ofSeconds(10))
 *     .hedgeAfter(Duration.ofSeconds(3))          // optional: race the next model when slow
 *     .build();
 * ChatResponse answer = router.chat(request);
 * answer.routeTrace().attempts().forEach(System.out::println);
 * }</pre>
 *
 * <p>What happens after a failure follows {@link dev.crossfeed.Failure}: RATE_LIMITED, OVERLOADED, SERVER_ERROR,
 * INVALID_RESPONSE and CONNECTION may retry the same model (after the Retry-After hint up to
 * {@link Builder#maxRetryAfter}, else exponential backoff with jitter), but another healthy model is tried first
 * without sleeping; TIMEOUT retries once; QUOTA_EXHAUSTED, AUTHENTICATION, PERMISSION and MODEL_NOT_FOUND move on
 * and bench the model for the long cooldown; CONTEXT_LENGTH_EXCEEDED moves only to a model not known to have a
 * smaller context window (a known larger one first, then models whose window is unknown); CONTENT_FILTERED only to the {@linkplain Builder#contentFilterFallback policy fallback}; INVALID_REQUEST,
 * CANCELLED and STREAM_INTERRUPTED end the call. Streams fail over only until the first content event reached the
 * caller. Every response and every final {@link ChatModelException} carries the route trace.
 *
 * <p>{@link ChatRequest#model()} set to one of the router's model names pins the call to that model (with its
 * retries). {@link ChatRequest#timeout()} replaces the router's {@linkplain Builder#timeout deadline} for the call.
 *
 * <p>A response's {@code usage()} is the answering model's own. Its {@code cost()} prices that usage with the
 * router's figures for the model (config or {@link Builder#model(String, ChatModel, ModelInfo)} prices override
 * the provider's) and adds the cost of earlier attempts that were billed and reported usage (an empty answer
 * filtered for content, re-routed to the policy fallback); it is empty if any of them has unknown prices. Failed
 * attempts report no usage; cancelled hedge losers may be billed by the provider but report nothing to count.
 *
 * <p><b>Cancelling, interrupts and deadlines</b> work the same on every path. Whatever ends a call (cancelling
 * its future, closing its stream from any thread, interrupting the thread blocked in {@code chat} or
 * {@code stream} (a stream being read notices an interrupt at its next event; close it to end a read at once), or
 * the deadline) ends the attempt in flight, any pending backoff or Retry-After wait and any
 * hedge, and the call fails with CANCELLED (TIMEOUT for the deadline; STREAM_INTERRUPTED with what was received
 * once a stream delivered content). The router cuts an attempt in one way: a blocking call is interrupted until
 * its model's stream is open and has that stream closed after, and a non-blocking one has its future cancelled.
 * An interrupt the router caused never leaks into the caller's code; a caller's own interrupt stays set.
 *
 * <p><b>What members must do</b> for these bounds to hold: honour {@link ChatRequest#timeout()} (the router passes
 * each attempt's remaining budget), end a blocking wait when the thread is interrupted, let {@link
 * ChatStream#close()} from another thread end a read in progress, and complete futures on cancel. The provider
 * models of Crossfeed do. A member that blocks where neither an interrupt nor a close reaches it keeps the blocked
 * caller past the deadline (its own thread, never the router's timers).
 *
 * <p>Thread-safe; build once and share. Health (circuit breakers, cooldowns, latency averages) is per router.
 * {@link #close()} releases what the router created.
 */
public final class Router implements ChatModel, EmbeddingModel {
  final Settings settings;
  /** Regular candidates in declared order (never modified). */
  final Member[] candidates;
  final Member policyFallback;
  final boolean anyContextWindow;
  final Strategies strategies;
  private final Map<String, Member> byName;
  private final ModelInfo info;
  private final List<AutoCloseable> owned;
  private volatile boolean closed;

  private Router(Builder b) {
    settings = new Settings(b);
    owned = List.copyOf(b.owned);
    strategies = new Strategies(b.strategy);
    byName = new LinkedHashMap<>();
    List<Member> regular = new ArrayList<>();
    for (Builder.Entry e : b.entries.values()) {
      Member m =
          new Member(
              e.name, e.chat, e.embedder, e.info, b.weights.getOrDefault(e.name, 1), e.policyOnly, settings,
              b.maxConcurrency.getOrDefault(e.name, 0), b.requestsPerMinute.getOrDefault(e.name, 0));
      byName.put(e.name, m);
      if (!e.policyOnly) regular.add(m);
    }
    candidates = regular.toArray(new Member[0]);
    policyFallback = b.policyFallback == null ? null : byName.get(b.policyFallback);
    boolean windows = false;
    EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
    int maxWindow = 0;
    for (Member m : byName.values()) {
      windows |= m.contextWindow > 0;
      maxWindow = (int) Math.max(maxWindow, m.contextWindow);
      caps.addAll(m.info.capabilities());
      if (m.embedder != null) caps.add(Capability.EMBEDDINGS);
    }
    anyContextWindow = windows;
    info = ModelInfo.builder("router", b.name).capabilities(caps).contextWindow(maxWindow > 0 ? maxWindow : null).build();
  }

  /** Starts a router. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the route's name, used in logs and listener events} */
  public String name() {
    return settings.route;
  }

  /** {@return the names of the models, in declared order (the policy fallback last, if it is not also a candidate)} */
  public List<String> models() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The state of a model's circuit breaker.
   *
   * @throws IllegalArgumentException if the router has no model of that name
   */
  public BreakerState breakerState(String model) {
    Member m = byName.get(model);
    if (m == null) throw new IllegalArgumentException("no model named '" + model + "' in route " + settings.route);
    return m.health.state();
  }

  Member member(String name) {
    return byName.get(name);
  }

  /**
   * Routes the request and waits for the answer, on the calling thread (with hedging on, attempts run on the
   * members' async paths and this thread waits). Cancelling: see the class comment.
   *
   * @throws ChatModelException the last failure (or why no model could be tried), with the route trace
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    checkOpen();
    if (settings.hedgeAfter > 0) return await(chatAsync(request));
    return SyncCall.run(this, request, SyncCall.CHAT);
  }

  /** Routes the request without blocking; cancelling the future stops attempts, waits and hedges. */
  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    if (closed) return CompletableFuture.failedFuture(RoutingErrors.cancelled("router '" + settings.route + "' is closed"));
    return new AsyncCall(this, request, null).start();
  }

  /**
   * Routes a streamed answer. Blocks until a model delivered its first content event (failing over before that),
   * then returns the stream. Closing the stream (from any thread) cancels the call, also a read in progress.
   *
   * <p>Without hedging, the models' streams are read on the calling thread, event by event as the caller iterates:
   * no thread, queue or read-ahead. With hedging, attempts run on the models' async paths and the winner's events
   * wait in a small bounded buffer (the model is held back while it is full). Cancelling: see the class comment.
   *
   * @throws ChatModelException if no model could start the stream, with the route trace
   */
  @Override
  public ChatStream stream(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    checkOpen();
    if (settings.hedgeAfter == 0) {
      PullStream pull = new PullStream(this, request);
      pull.start();
      return pull;
    }
    QueueStream stream = new QueueStream();
    AsyncCall call = new AsyncCall(this, request, stream);
    stream.attach(call.result);
    call.start();
    stream.awaitStart();
    return stream;
  }

  /** Routes a streamed answer to {@code listener} without blocking; see {@link #stream}. */
  @Override
  public CompletableFuture<ChatResponse> streamAsync(ChatRequest request, StreamListener listener) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(listener, "listener == null");
    if (closed) return CompletableFuture.failedFuture(RoutingErrors.cancelled("router '" + settings.route + "' is closed"));
    return new AsyncCall(this, request, listener).start();
  }

  /**
   * Embeds with the first healthy model that has embeddings (same retry and fallback rules, no hedging).
   *
   * @throws ChatModelException INVALID_REQUEST if no model of this router embeds, else the last failure
   */
  @Override
  public EmbeddingResponse embed(List<String> inputs) {
    Objects.requireNonNull(inputs, "inputs == null");
    checkOpen();
    return SyncCall.run(this, null, new SyncCall.Embed(List.copyOf(inputs)));
  }

  /**
   * Provider {@code router}, id = the route name, the union of the models' capabilities, the largest known context
   * window, no prices (see each response's cost).
   */
  /**
   * Releases what this router created: the models a {@link RoutingConfig} built for this route alone. It never
   * closes a model passed to its builder (that one is the caller's, and may serve other routers). Later calls fail
   * with CANCELLED. The router's timers need no closing: the shared timer thread ends by itself when idle.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    for (AutoCloseable c : owned) RoutingConfig.closeQuietly(c);
  }

  private void checkOpen() {
    if (closed) throw RoutingErrors.cancelled("router '" + settings.route + "' is closed");
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  private static ChatResponse await(CompletableFuture<ChatResponse> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw RoutingErrors.cancelled("interrupted while waiting for the answer");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) throw (RuntimeException) c;
      if (c instanceof Error) throw (Error) c;
      throw new IllegalStateException(c);
    }
  }

  @Override
  public String toString() {
    return "Router{" + settings.route + ", " + settings.strategy.id() + ", models=" + byName.keySet() + '}';
  }

  /**
   * Builds a {@link Router}. Not thread-safe; the router it builds is immutable in its settings.
   *
   * <p>Defaults: strategy {@link Strategy#FALLBACK}; {@code maxAttempts} 2 per model; backoff 200ms doubling up
   * to 5s with jitter; {@code maxRetryAfter} 30s; {@code timeout} 60s for the whole call; no attempt or
   * first-token timeout (the deadline bounds them); circuit breaker opens after 5 consecutive health failures
   * for 30s; long cooldown 10 minutes; no hedging; no policy fallback; no listener;
   * {@link Scheduler#system()}.
   */
  public static final class Builder {
    static final class Entry {
      final String name;
      final ChatModel chat;
      final EmbeddingModel embedder;
      final ModelInfo info;
      final boolean policyOnly;

      Entry(String name, ChatModel chat, EmbeddingModel embedder, ModelInfo info, boolean policyOnly) {
        this.name = name;
        this.chat = chat;
        this.embedder = embedder;
        this.info = info;
        this.policyOnly = policyOnly;
      }
    }

    final Map<String, Entry> entries = new LinkedHashMap<>();
    final Map<String, Integer> weights = new LinkedHashMap<>();
    final Map<String, Integer> maxConcurrency = new LinkedHashMap<>();
    final Map<String, Integer> requestsPerMinute = new LinkedHashMap<>();
    String name = "default";
    Strategy strategy = Strategy.FALLBACK;
    String policyFallback;
    int maxAttempts = 2;
    Duration initialBackoff = Duration.ofMillis(200);
    Duration maxBackoff = Duration.ofSeconds(5);
    Duration maxRetryAfter = Duration.ofSeconds(30);
    Duration timeout = Duration.ofSeconds(60);
    Duration attemptTimeout;
    Duration firstTokenTimeout;
    Duration streamIdleTimeout;
    int failureThreshold = 5;
    Duration breakerCooldown = Duration.ofSeconds(30);
    Duration longCooldown = Duration.ofMinutes(10);
    Duration hedgeAfter;
    int maxHedges = 1;
    final List<RouterListener> listeners = new ArrayList<>();
    final List<AutoCloseable> owned = new ArrayList<>();
    Scheduler scheduler = Scheduler.system();
    RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

    private Builder() {}

    /** The route's name for logs, listener events and {@link Router#info()}; default {@code default}. */
    public Builder name(String name) {
      this.name = requireName(name, "name");
      return this;
    }

    /**
     * Adds a model under {@code name} (unique within the router), described by its own {@link ChatModel#info()}.
     * A model that also implements {@link EmbeddingModel} serves {@link Router#embed} too.
     */
    public Builder model(String name, ChatModel model) {
      Objects.requireNonNull(model, "model == null");
      return model(name, model, model.info());
    }

    /**
     * Adds a model with its figures overridden: {@code info}'s context window, prices and capabilities (where set)
     * replace those of {@code model.info()}, as a config file's {@code contextWindow} and prices do.
     */
    public Builder model(String name, ChatModel model, ModelInfo info) {
      Objects.requireNonNull(model, "model == null");
      Objects.requireNonNull(info, "info == null");
      EmbeddingModel embedder = model instanceof EmbeddingModel ? (EmbeddingModel) model : null;
      return add(new Entry(requireName(name, "name"), model, embedder, merge(model.info(), info), false));
    }

    /** Adds an embedding-only model: it serves {@link Router#embed} and is never chosen for chat. */
    public Builder embeddingModel(String name, EmbeddingModel model) {
      Objects.requireNonNull(model, "model == null");
      return add(new Entry(requireName(name, "name"), null, model, model.info(), false));
    }

    /**
     * The model to try when a model filters or refuses content (CONTENT_FILTERED, or an empty answer with finish
     * reason CONTENT_FILTERED): it is used for nothing else. Without one, CONTENT_FILTERED ends the call.
     */
    public Builder contentFilterFallback(String name, ChatModel model) {
      Objects.requireNonNull(model, "model == null");
      add(new Entry(requireName(name, "name"), model, null, model.info(), true));
      this.policyFallback = name;
      return this;
    }

    /** Names an already added model as the {@linkplain #contentFilterFallback(String, ChatModel) policy fallback}. */
    public Builder contentFilterFallback(String name) {
      this.policyFallback = requireName(name, "name");
      return this;
    }

    private Builder add(Entry e) {
      if (entries.containsKey(e.name)) throw new IllegalArgumentException("duplicate model name: " + e.name);
      entries.put(e.name, e);
      return this;
    }

    /** {@code base} with every figure {@code override} sets; provider and id stay {@code base}'s. */
    private static ModelInfo merge(ModelInfo base, ModelInfo override) {
      if (base.equals(override)) return base;
      return base.overriddenBy(withIdentity(override, base));
    }

    private static ModelInfo withIdentity(ModelInfo override, ModelInfo base) {
      ModelInfo.Builder b = ModelInfo.builder(base.provider(), base.id()).capabilities(override.capabilities());
      override.contextWindow().ifPresent(b::contextWindow);
      override.maxOutputTokens().ifPresent(b::maxOutputTokens);
      if (override.inputPricePerMTok().isPresent()) b.inputPricePerMTok(override.inputPricePerMTok().getAsDouble());
      if (override.outputPricePerMTok().isPresent()) b.outputPricePerMTok(override.outputPricePerMTok().getAsDouble());
      if (override.cachedInputPricePerMTok().isPresent()) {
        b.cachedInputPricePerMTok(override.cachedInputPricePerMTok().getAsDouble());
      }
      return b.build();
    }

    /** How candidates are ordered; default {@link Strategy#FALLBACK} (declared order). */
    public Builder strategy(Strategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy == null");
      return this;
    }

    /** The weight of a model for {@link Strategy#WEIGHTED}, at least 1; default 1. */
    public Builder weight(String model, int weight) {
      if (weight < 1) throw new IllegalArgumentException("weight must be >= 1: " + weight);
      weights.put(requireName(model, "model"), weight);
      return this;
    }

    /**
     * At most {@code max} calls of this router in flight on {@code model} at once (a client-side bulkhead); a model
     * at its limit is skipped like an open circuit. Default: no limit.
     */
    public Builder maxConcurrency(String model, int max) {
      if (max < 1) throw new IllegalArgumentException("maxConcurrency must be >= 1: " + max);
      maxConcurrency.put(requireName(model, "model"), max);
      return this;
    }

    /**
     * At most {@code perMinute} requests of this router per minute to {@code model}, spread evenly (a client-side
     * rate limiter, in real time); a model at its limit is skipped like an open circuit. Default: no limit.
     */
    public Builder requestsPerMinute(String model, int perMinute) {
      if (perMinute < 1) throw new IllegalArgumentException("requestsPerMinute must be >= 1: " + perMinute);
      requestsPerMinute.put(requireName(model, "model"), perMinute);
      return this;
    }

    /** Attempts on one model within a call, the first included (TIMEOUT: at most 2); default 2. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Exponential backoff between attempts on the same model: {@code initial} doubling up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive(initial, "initialBackoff");
      this.maxBackoff = positive(max, "maxBackoff");
      if (max.compareTo(initial) < 0) throw new IllegalArgumentException("maxBackoff < initialBackoff");
      return this;
    }

    /**
     * The longest Retry-After hint honoured by waiting; a longer hint sends the call elsewhere at once (and benches
     * the model for the hint's length). Default 30s.
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = nonNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /** The deadline of a whole call: every attempt, backoff and wait; default 60s. For streams, to the last event. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** The bound on one attempt (passed to the provider as the request's timeout); null: only the deadline. */
    public Builder attemptTimeout(Duration attemptTimeout) {
      this.attemptTimeout = attemptTimeout == null ? null : positive(attemptTimeout, "attemptTimeout");
      return this;
    }

    /** For streams: the bound from an attempt's start to its first content event; null: none. */
    public Builder firstTokenTimeout(Duration firstTokenTimeout) {
      this.firstTokenTimeout = firstTokenTimeout == null ? null : positive(firstTokenTimeout, "firstTokenTimeout");
      return this;
    }

    /**
     * For streams, after the first content event: the longest the router waits on the model for the next event; a
     * stream silent for longer is cut and ends as STREAM_INTERRUPTED with what the caller received. Time the caller
     * takes between reads does not count. Null (default): no idle bound, only the attempt timeout and deadline.
     */
    public Builder streamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = streamIdleTimeout == null ? null : positive(streamIdleTimeout, "streamIdleTimeout");
      return this;
    }

    /**
     * Each model's circuit breaker opens after {@code failureThreshold} consecutive health failures (OVERLOADED,
     * SERVER_ERROR, INVALID_RESPONSE, TIMEOUT, CONNECTION, STREAM_INTERRUPTED) and lets one probe call through after
     * {@code cooldown}. Defaults 5 and 30s.
     */
    public Builder circuitBreaker(int failureThreshold, Duration cooldown) {
      if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be >= 1: " + failureThreshold);
      this.failureThreshold = failureThreshold;
      this.breakerCooldown = positive(cooldown, "cooldown");
      return this;
    }

    /** How long QUOTA_EXHAUSTED, AUTHENTICATION, PERMISSION and MODEL_NOT_FOUND bench a model; default 10 minutes. */
    public Builder longCooldown(Duration longCooldown) {
      this.longCooldown = positive(longCooldown, "longCooldown");
      return this;
    }

    /**
     * Starts the next candidate alongside an attempt that has not answered (streams: delivered a first content
     * event) within {@code after}; the first to succeed wins and the other is cancelled. Null turns hedging off.
     */
    public Builder hedgeAfter(Duration after) {
      this.hedgeAfter = after == null ? null : positive(after, "hedgeAfter");
      return this;
    }

    /** Hedges one call may start, at least 1; default 1. */
    public Builder maxHedges(int maxHedges) {
      if (maxHedges < 1) throw new IllegalArgumentException("maxHedges must be >= 1: " + maxHedges);
      this.maxHedges = maxHedges;
      return this;
    }

    /**
     * Adds a listener for the router's calls and decisions; several listeners are called in the order added (a
     * second call adds one, it does not replace the first). See {@link RouterListener} for the contract.
     */
    public Builder listener(RouterListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /** The router closes {@code model} when it is closed: one it created (a config's model only it uses). */
    Builder closes(AutoCloseable model) {
      owned.add(model);
      return this;
    }

    /** Time source, sleeper and timers; default {@link Scheduler#system()}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** Randomness for backoff jitter and {@link Strategy#WEIGHTED}; must be thread-safe. Default: thread-local. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    /**
     * @throws IllegalStateException without models, when settings contradict each other ({@code attemptTimeout} or
     *     {@code firstTokenTimeout} longer than what bounds them), or when a weight or the policy fallback
     *     names a model not added
     */
    public Router build() {
      if (entries.isEmpty()) throw new IllegalStateException("no models");
      for (String w : weights.keySet()) {
        if (!entries.containsKey(w)) throw new IllegalStateException("weight for unknown model: " + w);
      }
      for (String w : maxConcurrency.keySet()) {
        if (!entries.containsKey(w)) throw new IllegalStateException("maxConcurrency for unknown model: " + w);
      }
      for (String w : requestsPerMinute.keySet()) {
        if (!entries.containsKey(w)) throw new IllegalStateException("requestsPerMinute for unknown model: " + w);
      }
      checkContradictions();
      if (policyFallback != null) {
        Entry e = entries.get(policyFallback);
        if (e == null) throw new IllegalStateException("contentFilterFallback names unknown model: " + policyFallback);
        if (e.chat == null) throw new IllegalStateException("contentFilterFallback is not a chat model: " + policyFallback);
      }
      return new Router(this);
    }

    /**
     * Settings that cannot all hold: a bound longer than the bound around it. (A hedge delay beyond the deadline is
     * allowed: hedging that rarely fires is a legitimate choice.)
     */
    private void checkContradictions() {
      if (attemptTimeout != null && attemptTimeout.compareTo(timeout) > 0) {
        throw new IllegalStateException(
            "attemptTimeout (" + show(attemptTimeout) + ") exceeds timeout (" + show(timeout) + "): an attempt cannot outlast the call's deadline");
      }
      if (firstTokenTimeout != null) {
        boolean perAttempt = attemptTimeout != null;
        Duration bound = perAttempt ? attemptTimeout : timeout;
        if (firstTokenTimeout.compareTo(bound) > 0) {
          throw new IllegalStateException(
              "firstTokenTimeout (" + show(firstTokenTimeout) + ") exceeds " + (perAttempt ? "attemptTimeout" : "timeout") + " (" + show(bound)
                  + "): the attempt ends before its first token could be late");
        }
      }
    }

    private static String show(Duration d) {
      long ms = d.toMillis();
      if (ms % 1000 != 0 || ms == 0) return ms == 0 ? d.toNanos() + "ns" : ms + "ms";
      long sec = ms / 1000;
      return sec % 60 == 0 ? sec / 60 + "m" : sec + "s";
    }

    private static String requireName(String name, String what) {
      Objects.requireNonNull(name, what + " == null");
      if (name.isBlank()) throw new IllegalArgumentException(what + " is blank");
      return name;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what + " == null");
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive: " + d);
      return Durations.clamp(d);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what + " == null");
      if (d.isNegative()) throw new IllegalArgumentException(what + " must not be negative: " + d);
      return Durations.clamp(d);
    }
  }
}
