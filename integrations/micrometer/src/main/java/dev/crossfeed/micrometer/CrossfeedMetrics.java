package dev.crossfeed.micrometer;

import dev.crossfeed.routing.RouterListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Micrometer meters and Observations for Crossfeed routers. Add its {@linkplain #listener() listener} to a
 * router and every attempt, fallback, retry, hedge, skip and breaker change is counted and timed, tagged by route,
 * model, provider and outcome; with an {@link ObservationRegistry} each routed call is also an Observation (and,
 * through Micrometer Tracing, a span with one child per attempt).
 *
 * <pre>{@code
 * CrossfeedMetrics metrics = CrossfeedMetrics.builder(meterRegistry)
 *     .observationRegistry(observationRegistry) // optional
 *     .build();
 * Router router = Router.builder()
 *     .model("gpt", gpt).model("claude", claude)
 *     .listener(metrics.listener())
 *     .build();
 * }</pre>
 *
 * <p>Meters (tags in brackets; {@code outcome} is {@code SUCCESS} or a {@code Failure} name):
 * <ul>
 *   <li>{@code crossfeed.attempts} counter and {@code crossfeed.attempt.duration} timer [route, model, provider,
 *       outcome; the counter also hedge];
 *   <li>{@code crossfeed.fallbacks} counter [route, from, to, reason];
 *   <li>{@code crossfeed.retries} counter and {@code crossfeed.retry.wait} timer (backoff and Retry-After waits)
 *       [route, model, reason];
 *   <li>{@code crossfeed.hedges} counter [route, model] and {@code crossfeed.model.skips} counter [route, model,
 *       reason = {@code CIRCUIT_OPEN}, {@code COOLDOWN}, ...];
 *   <li>{@code crossfeed.breaker.state} gauges, 1 for the state a model's circuit breaker is in and 0 for the
 *       others [route, model, state = closed | open | half_open], and {@code crossfeed.breaker.transitions}
 *       counter [route, model, state entered];
 *   <li>{@code crossfeed.call.duration} timer [route, model, provider, outcome; model and provider of the attempt
 *       that answered, or {@code none}], {@code crossfeed.tokens} counter [route, model, provider, type = input |
 *       output | cached_input | reasoning] and {@code crossfeed.cost} counter in USD [route, model, provider];
 *   <li>{@code crossfeed.time_to_first_token} timer [route, model, provider], for streamed attempts that
 *       delivered content.
 * </ul>
 * Every tag value comes from a bounded set (configured route and model names, provider ids, the failure kinds),
 * never from a call: cardinality does not grow with traffic.
 *
 * <p>Observations: {@code crossfeed.call} (contextual name {@code route <name>}; low-cardinality keys
 * {@code crossfeed.route}, {@code crossfeed.stream}, and at the end {@code crossfeed.model},
 * {@code crossfeed.provider}, {@code crossfeed.outcome}; events {@code fallback}, {@code retry}, {@code hedge},
 * {@code model_skipped}) and, under it, {@code crossfeed.attempt} per attempt (contextual name
 * {@code chat <model>}). Their parent is the Observation current on the thread that started the call. An
 * {@link ObservationRegistry} with a {@code DefaultMeterObservationHandler} adds its own timers for these; the
 * meters above are recorded either way.
 *
 * <p>Thread-safe; one instance (and one listener) may serve many routers, told apart by the route tag.
 */
public final class CrossfeedMetrics {
  private final CallRecorder listener;

  private CrossfeedMetrics(Builder b) {
    listener = new CallRecorder(new RouterMeters(b.meterRegistry), b.observationRegistry);
  }

  /**
   * Meters on {@code registry}, no Observations.
   *
   * @param registry where the meters are registered
   * @return the instance whose {@link #listener()} to add to routers
   */
  public static CrossfeedMetrics create(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Starts a configuration recording meters on {@code registry}.
   *
   * @param registry where the meters are registered
   * @return a builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * The listener to add to each router to be measured.
   *
   * @return always the same instance
   */
  public RouterListener listener() {
    return listener;
  }

  /** Calls started and not yet completed: for tests. */
  int liveCalls() {
    return listener.liveCalls();
  }

  /** Configures a {@link CrossfeedMetrics}. Not thread-safe. */
  public static final class Builder {
    private final MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private Builder(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry == null");
    }

    /**
     * Also records an Observation per routed call and per attempt on {@code registry}; default
     * {@link ObservationRegistry#NOOP} (none).
     *
     * @param registry where the Observations go
     * @return this builder
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "observationRegistry == null");
      return this;
    }

    /**
     * Builds the configured instance.
     *
     * @return a new instance
     */
    public CrossfeedMetrics build() {
      return new CrossfeedMetrics(this);
    }
  }
}
