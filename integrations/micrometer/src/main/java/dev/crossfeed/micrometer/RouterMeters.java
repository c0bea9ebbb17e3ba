package dev.crossfeed.micrometer;

import dev.crossfeed.Cost;
import dev.crossfeed.Failure;
import dev.crossfeed.Usage;
import dev.crossfeed.routing.BreakerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The meters, each looked up once per distinct tag combination and cached, so recording allocates no
 * {@code Tags} or meter ids. Every tag value comes from a bounded set: route and model names from the router's
 * configuration, provider ids, {@code SUCCESS} or a {@link Failure} name, the four token types and the three
 * breaker states. Nothing per call (call id, request metadata, the provider's dated model id) becomes a tag.
 * Each meter has its own key type, so two meters with the same tag values never share a cache entry.
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

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Object, Object> meters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ModelKey, BreakerGauges> breakers = new ConcurrentHashMap<>();

  RouterMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void attempt(String route, String model, String provider, String outcome, boolean hedged, Duration latency) {
    counter(new AttemptKey(route, model, provider, outcome, hedged), k -> Counter.builder(ATTEMPTS)
            .description("Attempts on a model, by outcome (SUCCESS or the Failure)")
            .tags(k.tags())
            .register(registry))
        .increment();
    timer(new AttemptTimeKey(route, model, provider, outcome), k -> Timer.builder(ATTEMPT_DURATION)
            .description("Time from an attempt's start to its answer or failure (for streams: to the stream's end)")
            .tags(Tags.of("route", k.route, "model", k.model, "provider", k.provider, "outcome", k.outcome))
            .register(registry))
        .record(latency);
  }

  void call(String route, String model, String provider, String outcome, long nanos) {
    timer(new CallKey(route, model, provider, outcome), k -> Timer.builder(CALL_DURATION)
            .description("Time of a routed call, all attempts, waits and fallbacks included")
            .tags(Tags.of("route", k.route, "model", k.model, "provider", k.provider, "outcome", k.outcome))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void fallback(String route, String from, String to, Failure reason) {
    counter(new FallbackKey(route, from, to, reason), k -> Counter.builder(FALLBACKS)
            .description("Times the router moved on to another model after a failure")
            .tags(Tags.of("route", k.route, "from", k.from, "to", k.to, "reason", k.reason.name()))
            .register(registry))
        .increment();
  }

  void retry(String route, String model, Failure reason, Duration delay) {
    RetryKey key = new RetryKey(route, model, reason);
    counter(key, k -> Counter.builder(RETRIES)
            .description("Waits (backoff or Retry-After) scheduled before another attempt")
            .tags(k.tags())
            .register(registry))
        .increment();
    timer(new RetryWaitKey(key), k -> Timer.builder(RETRY_WAIT)
            .description("How long the router waited before another attempt (backoff or Retry-After)")
            .tags(k.retry.tags())
            .register(registry))
        .record(delay);
  }

  void skipped(String route, String model) {
    counter(new SkipKey(route, model), k -> Counter.builder(SKIPS)
            .description("Times a model was passed over for health reasons (open circuit, cooldown, rate limit)")
            .tags(Tags.of("route", k.route, "model", k.model))
            .register(registry))
        .increment();
  }

  void hedge(String route, String model) {
    counter(new HedgeKey(route, model), k -> Counter.builder(HEDGES)
            .description("Hedge attempts started because the running attempt was slow")
            .tags(Tags.of("route", k.route, "model", k.model))
            .register(registry))
        .increment();
  }

  void timeToFirstToken(String route, String model, String provider, Duration sinceAttemptStart) {
    timer(new FirstTokenKey(route, model, provider), k -> Timer.builder(TIME_TO_FIRST_TOKEN)
            .description("Time from a streamed attempt's start to its first content event")
            .tags(Tags.of("route", k.route, "model", k.model, "provider", k.provider))
            .register(registry))
        .record(sinceAttemptStart);
  }

  void usage(String route, String model, String provider, Usage usage, Cost cost) {
    if (usage.totalTokens() > 0) {
      tokens(route, model, provider, "input", usage.inputTokens());
      tokens(route, model, provider, "output", usage.outputTokens());
      tokens(route, model, provider, "cached_input", usage.cachedInputTokens());
      tokens(route, model, provider, "reasoning", usage.reasoningTokens());
    }
    if (cost != null) {
      counter(new CostKey(route, model, provider), k -> Counter.builder(COST)
              .description("Spend in US dollars at the model's configured prices")
              .baseUnit("usd")
              .tags(Tags.of("route", k.route, "model", k.model, "provider", k.provider))
              .register(registry))
          .increment(cost.totalUsd());
    }
  }

  private void tokens(String route, String model, String provider, String type, long count) {
    counter(new TokenKey(route, model, provider, type), k -> Counter.builder(TOKENS)
            .description("Tokens used by answered calls; cached_input is part of input, reasoning part of output")
            .baseUnit("tokens")
            .tags(Tags.of("route", k.route, "model", k.model, "provider", k.provider, "type", k.type))
            .register(registry))
        .increment(count);
  }

  /** Makes sure the model's breaker gauges exist (reading CLOSED until a transition says otherwise). */
  void seen(String route, String model) {
    breaker(route, model);
  }

  void breakerChanged(String route, String model, BreakerState from, BreakerState to) {
    breaker(route, model).state = to;
    counter(new TransitionKey(route, model, to), k -> Counter.builder(BREAKER_TRANSITIONS)
            .description("Circuit breaker state changes, by the state entered")
            .tags(Tags.of("route", k.route, "model", k.model, "state", state(k.to)))
            .register(registry))
        .increment();
  }

  /** The breaker's current state as read by the gauges: for tests. */
  BreakerState breakerState(String route, String model) {
    BreakerGauges g = breakers.get(new ModelKey(route, model));
    return g == null ? null : g.state;
  }

  private BreakerGauges breaker(String route, String model) {
    ModelKey key = new ModelKey(route, model);
    BreakerGauges g = breakers.get(key);
    if (g != null) return g;
    return breakers.computeIfAbsent(key, k -> {
      BreakerGauges gauges = new BreakerGauges();
      for (BreakerState s : BreakerState.values()) {
        Gauge.builder(BREAKER_STATE, gauges, x -> x.state == s ? 1 : 0)
            .description("1 for the state the model's circuit breaker is in, 0 for the others")
            .tags(Tags.of("route", k.route, "model", k.model, "state", state(s)))
            .strongReference(true)
            .register(registry);
      }
      return gauges;
    });
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

  @SuppressWarnings("unchecked")
  private <K> Counter counter(K key, Function<K, Counter> create) {
    Object m = meters.get(key);
    return m != null ? (Counter) m : (Counter) meters.computeIfAbsent(key, k -> create.apply((K) k));
  }

  @SuppressWarnings("unchecked")
  private <K> Timer timer(K key, Function<K, Timer> create) {
    Object m = meters.get(key);
    return m != null ? (Timer) m : (Timer) meters.computeIfAbsent(key, k -> create.apply((K) k));
  }

  private static final class BreakerGauges {
    volatile BreakerState state = BreakerState.CLOSED;
  }

  private record ModelKey(String route, String model) {}

  private record AttemptKey(String route, String model, String provider, String outcome, boolean hedged) {
    Tags tags() {
      return Tags.of("route", route, "model", model, "provider", provider, "outcome", outcome, "hedge", String.valueOf(hedged));
    }
  }

  private record AttemptTimeKey(String route, String model, String provider, String outcome) {}

  private record CallKey(String route, String model, String provider, String outcome) {}

  private record FallbackKey(String route, String from, String to, Failure reason) {}

  private record RetryKey(String route, String model, Failure reason) {
    Tags tags() {
      return Tags.of("route", route, "model", model, "reason", reason.name());
    }
  }

  private record RetryWaitKey(RetryKey retry) {}

  private record SkipKey(String route, String model) {}

  private record HedgeKey(String route, String model) {}

  private record FirstTokenKey(String route, String model, String provider) {}

  private record CostKey(String route, String model, String provider) {}

  private record TokenKey(String route, String model, String provider, String type) {}

  private record TransitionKey(String route, String model, BreakerState to) {}
}
