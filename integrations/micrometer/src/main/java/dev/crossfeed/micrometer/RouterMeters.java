package dev.crossfeed.micrometer;

import dev.crossfeed.Cost;
import dev.crossfeed.Failure;
import dev.crossfeed.Usage;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.RouteEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * The meters, registered on first use and then held per route and model, so recording on the hot path is two map
 * reads with the caller's strings and an array read: no {@code Tags}, meter ids or lookup keys are allocated per
 * call. Every tag value comes from a bounded set: route and model names from the router's configuration, provider
 * ids, {@code SUCCESS} or a {@link Failure} name, the skip reasons, the four token types and the three breaker
 * states. Nothing per call (call id, request metadata, the provider's dated model id) becomes a tag.
 */
final class RouterMeters {
  static final String ATTEMPTS = "crossfeed.attempts";
  static final String ATTEMPT_DURATION = "crossfeed.attempt.duration";
  static final String CALL_DURATION = "crossfeed.call.duration";
  static final String FALLBACKS = "crossfeed.fallbacks";
  static final String RETRIES = "crossfeed.retries";
  static final String RETRY_WAIT = "crossfeed.retry.wait";
  static final String SKIPS = "crossfeed.model.skips";
  static final String HEDGES = "crossfeed.hedges";
  static final String BREAKER_STATE = "crossfeed.breaker.state";
  static final String BREAKER_TRANSITIONS = "crossfeed.breaker.transitions";
  static final String TOKENS = "crossfeed.tokens";
  static final String COST = "crossfeed.cost";
  static final String TIME_TO_FIRST_TOKEN = "crossfeed.time_to_first_token";

  /** Outcome slots: 0 for SUCCESS, 1 + ordinal for a failure. */
  private static final Failure[] FAILURES = Failure.values();
  private static final int OUTCOMES = FAILURES.length + 1;
  private static final String[] TOKEN_TYPES = {"input", "output", "cached_input", "reasoning"};
  private static final RouteEvent.SkipReason[] SKIP_REASONS = RouteEvent.SkipReason.values();

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, ModelMeters>> routes = new ConcurrentHashMap<>();

  RouterMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  static int outcome(Failure failure) {
    return failure == null ? 0 : 1 + failure.ordinal();
  }

  static String outcomeName(int slot) {
    return slot == 0 ? "SUCCESS" : FAILURES[slot - 1].name();
  }

  /** The meters of {@code model} on {@code route}; its breaker gauges are registered on first sight. */
  ModelMeters model(String route, String model) {
    ConcurrentHashMap<String, ModelMeters> models = routes.get(route);
    if (models == null) models = routes.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
    ModelMeters m = models.get(model);
    return m != null ? m : models.computeIfAbsent(model, name -> new ModelMeters(route, name));
  }

  /** The breaker's current state as the gauges read it: for tests. */
  BreakerState breakerState(String route, String model) {
    ConcurrentHashMap<String, ModelMeters> models = routes.get(route);
    ModelMeters m = models == null ? null : models.get(model);
    return m == null ? null : m.breaker;
  }

  private static String state(BreakerState s) {
    switch (s) {
      case OPEN:
        return "open";
      case HALF_OPEN:
        return "half_open";
      default:
        return "closed";
    }
  }

  /** Lazily registered meters in slots; a slot's meter is registered once and then read without locking. */
  private static final class Slots<M extends Meter> {
    private final AtomicReferenceArray<M> meters;
    private final IntFunction<M> create;

    Slots(int size, IntFunction<M> create) {
      this.meters = new AtomicReferenceArray<>(size);
      this.create = create;
    }

    M get(int slot) {
      M m = meters.get(slot);
      if (m != null) return m;
      m = create.apply(slot); // registries return the existing meter for an id already registered
      return meters.compareAndSet(slot, null, m) ? m : meters.get(slot);
    }
  }

  /** Everything measured about one model of one route. */
  final class ModelMeters {
    final String route;
    final String model;
    volatile BreakerState breaker = BreakerState.CLOSED;
    private volatile String provider = "unknown";
    private final Slots<Counter> attempts;
    private final Slots<Counter> hedgedAttempts;
    private final Slots<Timer> attemptTimes;
    private final Slots<Timer> callTimes;
    private final Slots<Counter> retries;
    private final Slots<Timer> retryWaits;
    private final Slots<Counter> skips;
    private final Slots<Counter> tokens;
    private final Slots<Counter> transitions;
    private final ConcurrentHashMap<String, Slots<Counter>> fallbacks = new ConcurrentHashMap<>();
    private volatile Counter hedges;
    private volatile Counter cost;
    private volatile Timer firstToken;

    ModelMeters(String route, String model) {
      this.route = route;
      this.model = model;
      attempts = new Slots<>(OUTCOMES, slot -> attemptCounter(slot, false));
      hedgedAttempts = new Slots<>(OUTCOMES, slot -> attemptCounter(slot, true));
      attemptTimes = new Slots<>(OUTCOMES, slot -> Timer.builder(ATTEMPT_DURATION)
          .description("Time from an attempt's start to its answer or failure (for streams: to the stream's end)")
          .tags(withProvider("outcome", outcomeName(slot)))
          .register(registry));
      callTimes = new Slots<>(OUTCOMES, slot -> Timer.builder(CALL_DURATION)
          .description("Time of a routed call, all attempts, waits and fallbacks included; model = who answered")
          .tags(withProvider("outcome", outcomeName(slot)))
          .register(registry));
      retries = new Slots<>(OUTCOMES, slot -> Counter.builder(RETRIES)
          .description("Waits (backoff or Retry-After) scheduled before another attempt")
          .tags(Tags.of("route", route, "model", model, "reason", outcomeName(slot)))
          .register(registry));
      retryWaits = new Slots<>(OUTCOMES, slot -> Timer.builder(RETRY_WAIT)
          .description("How long the router waited before another attempt (backoff or Retry-After)")
          .tags(Tags.of("route", route, "model", model, "reason", outcomeName(slot)))
          .register(registry));
      skips = new Slots<>(SKIP_REASONS.length, slot -> Counter.builder(SKIPS)
          .description("Times a model was passed over (open circuit, cooldown, rate limit, client-side limit)")
          .tags(Tags.of("route", route, "model", model, "reason", SKIP_REASONS[slot].name()))
          .register(registry));
      tokens = new Slots<>(TOKEN_TYPES.length, slot -> Counter.builder(TOKENS)
          .description("Tokens used by answered calls; cached_input is part of input, reasoning part of output")
          .baseUnit("tokens")
          .tags(withProvider("type", TOKEN_TYPES[slot]))
          .register(registry));
      transitions = new Slots<>(BreakerState.values().length, slot -> Counter.builder(BREAKER_TRANSITIONS)
          .description("Circuit breaker state changes, by the state entered")
          .tags(Tags.of("route", route, "model", model, "state", state(BreakerState.values()[slot])))
          .register(registry));
      if (!model.equals(CallRecorder.NO_MODEL)) {
        for (BreakerState s : BreakerState.values()) {
          Gauge.builder(BREAKER_STATE, this, m -> m.breaker == s ? 1 : 0)
              .description("1 for the state the model's circuit breaker is in, 0 for the others")
              .tags(Tags.of("route", route, "model", model, "state", state(s)))
              .strongReference(true)
              .register(registry);
        }
      }
    }

    private Counter attemptCounter(int slot, boolean hedged) {
      return Counter.builder(ATTEMPTS)
          .description("Attempts on a model, by outcome (SUCCESS or the Failure)")
          .tags(withProvider("outcome", outcomeName(slot)).and("hedge", String.valueOf(hedged)))
          .register(registry);
    }

    private Tags withProvider(String key, String value) {
      return Tags.of("route", route, "model", model, "provider", provider, key, value);
    }

    /** Remembers the model's provider for the meters tagged with it (a member has one provider). */
    ModelMeters provider(String providerId) {
      if (!providerId.equals(provider)) provider = providerId;
      return this;
    }

    void attempt(Failure failure, boolean hedged, Duration latency) {
      int slot = outcome(failure);
      (hedged ? hedgedAttempts : attempts).get(slot).increment();
      attemptTimes.get(slot).record(latency);
    }

    void call(Failure failure, Duration duration) {
      callTimes.get(outcome(failure)).record(duration);
    }

    void retry(Failure reason, Duration delay) {
      retries.get(outcome(reason)).increment();
      retryWaits.get(outcome(reason)).record(delay);
    }

    void fallbackTo(String to, Failure reason) {
      Slots<Counter> byReason = fallbacks.get(to);
      if (byReason == null) {
        byReason = fallbacks.computeIfAbsent(to, t -> new Slots<>(OUTCOMES, slot -> Counter.builder(FALLBACKS)
            .description("Times the router moved on to another model after a failure")
            .tags(Tags.of("route", route, "from", model, "to", t, "reason", outcomeName(slot)))
            .register(registry)));
      }
      byReason.get(outcome(reason)).increment();
    }

    void skipped(RouteEvent.SkipReason reason) {
      skips.get(reason.ordinal()).increment();
    }

    void hedge() {
      Counter c = hedges;
      if (c == null) {
        hedges = c = Counter.builder(HEDGES)
            .description("Hedge attempts started because the running attempt was slow")
            .tags(Tags.of("route", route, "model", model))
            .register(registry);
      }
      c.increment();
    }

    void timeToFirstToken(Duration sinceAttemptStart) {
      Timer t = firstToken;
      if (t == null) {
        firstToken = t = Timer.builder(TIME_TO_FIRST_TOKEN)
            .description("Time from a streamed attempt's start to its first content event")
            .tags(Tags.of("route", route, "model", model, "provider", provider))
            .register(registry);
      }
      t.record(sinceAttemptStart);
    }

    void usage(Usage usage, Cost spent) {
      if (usage.totalTokens() > 0) {
        tokens.get(0).increment(usage.inputTokens());
        tokens.get(1).increment(usage.outputTokens());
        tokens.get(2).increment(usage.cachedInputTokens());
        tokens.get(3).increment(usage.reasoningTokens());
      }
      if (spent != null) {
        Counter c = cost;
        if (c == null) {
          cost = c = Counter.builder(COST)
              .description("Spend in US dollars at the model's configured prices")
              .baseUnit("usd")
              .tags(Tags.of("route", route, "model", model, "provider", provider))
              .register(registry);
        }
        c.increment(spent.totalUsd());
      }
    }

    void breakerChanged(BreakerState to) {
      breaker = to;
      transitions.get(to.ordinal()).increment();
    }
  }
}
