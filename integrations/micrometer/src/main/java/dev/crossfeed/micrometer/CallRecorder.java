package dev.crossfeed.micrometer;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.routing.CallInfo;
import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one or more routers' events into meters ({@link RouterMeters}) and, with an {@link ObservationRegistry},
 * Observations: a {@code crossfeed.call} Observation per routed call (a child of the Observation current on the
 * thread that started the call) and a {@code crossfeed.attempt} Observation per attempt under it, so Micrometer
 * Tracing users get the same span tree as the OpenTelemetry module gives.
 *
 * <p>Meters need no state per call: every event carries what its meters are tagged with, and the call's end
 * carries its trace (who answered), usage and cost. Only Observations are held per call, in a map from the call's
 * start to its end, which the router sends exactly once per call.
 */
final class CallRecorder extends RouterListener {
  static final String CALL_OBSERVATION = "crossfeed.call";
  static final String ATTEMPT_OBSERVATION = "crossfeed.attempt";
  /** The model and provider tag of a call that no attempt answered or failed (every candidate skipped). */
  static final String NO_MODEL = "none";

  private final RouterMeters meters;
  private final ObservationRegistry observations;
  private final ConcurrentHashMap<Long, CallState> calls = new ConcurrentHashMap<>();
  /** Contextual names by route or model, built once: they are configuration, not per call. */
  private final ConcurrentHashMap<String, String> routeNames = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> modelNames = new ConcurrentHashMap<>();

  CallRecorder(RouterMeters meters, ObservationRegistry observations) {
    this.meters = meters;
    this.observations = observations;
  }

  /** Calls whose Observation is open, for tests: 0 once every call finished. */
  int liveCalls() {
    return calls.size();
  }

  private static String name(ConcurrentHashMap<String, String> names, String prefix, String value) {
    String n = names.get(value);
    if (n != null) return n;
    n = prefix + value;
    if (names.size() < 1024) names.put(value, n);
    return n;
  }

  private CallState call(CallInfo call) {
    return calls.isEmpty() ? null : calls.get(call.id());
  }

  @Override
  public void callStarted(RouteEvent.CallStarted e) {
    if (observations.isNoop()) return;
    CallInfo call = e.call();
    Observation o =
        Observation.createNotStarted(CALL_OBSERVATION, observations)
            .contextualName(name(routeNames, "route ", call.route()))
            .parentObservation(observations.getCurrentObservation())
            .lowCardinalityKeyValue("crossfeed.route", call.route())
            .lowCardinalityKeyValue("crossfeed.stream", String.valueOf(call.kind() == CallInfo.Kind.STREAM))
            .highCardinalityKeyValue("crossfeed.call.id", Long.toString(call.id()))
            .start();
    calls.put(call.id(), new CallState(o));
  }

  @Override
  public void attemptStarted(RouteEvent.AttemptStarted e) {
    meters.model(e.route(), e.model()).provider(e.provider());
    CallState call = call(e.call());
    if (call == null) return;
    Observation o =
        Observation.createNotStarted(ATTEMPT_OBSERVATION, observations)
            .contextualName(name(modelNames, "chat ", e.model()))
            .parentObservation(call.observation)
            .lowCardinalityKeyValue("crossfeed.route", e.route())
            .lowCardinalityKeyValue("crossfeed.model", e.model())
            .lowCardinalityKeyValue("crossfeed.provider", e.provider())
            .lowCardinalityKeyValue("crossfeed.hedge", String.valueOf(e.hedged()))
            .highCardinalityKeyValue("crossfeed.attempt", Integer.toString(e.attempt()))
            .start();
    synchronized (call) {
      call.attempts.add(new AttemptState(e.attempt(), o));
    }
  }

  @Override
  public void attemptFinished(RouteEvent.AttemptFinished e) {
    RouteTrace.Attempt result = e.result();
    Failure failure = result.failure().orElse(null);
    RouterMeters.ModelMeters m = meters.model(e.route(), result.model()).provider(result.provider());
    m.attempt(failure, result.hedged(), result.latency());
    if (e.timeToFirstToken().isPresent()) m.timeToFirstToken(e.timeToFirstToken().get());
    CallState call = call(e.call());
    if (call == null) return;
    AttemptState a;
    synchronized (call) {
      a = call.attempt(e.attempt());
      if (a == null || a.stopped) return;
      a.stopped = true;
    }
    a.observation.lowCardinalityKeyValue("crossfeed.outcome", result.outcome());
    if (e.timeToFirstToken().isPresent()) a.observation.event(Observation.Event.of("first_token"));
    if (failure != null) a.observation.error(new AttemptFailed(result.model(), failure));
    a.observation.stop();
  }

  @Override
  public void retryScheduled(RouteEvent.RetryScheduled e) {
    meters.model(e.route(), e.model()).retry(e.reason(), e.delay());
    CallState call = call(e.call());
    if (call != null) call.observation.event(Observation.Event.of("retry", "retry " + e.model() + " after " + e.reason()));
  }

  @Override
  public void fallback(RouteEvent.Fallback e) {
    meters.model(e.route(), e.from()).fallbackTo(e.to(), e.reason());
    CallState call = call(e.call());
    if (call != null) {
      call.observation.event(Observation.Event.of("fallback", "fallback " + e.from() + " -> " + e.to() + " after " + e.reason()));
    }
  }

  @Override
  public void hedgeStarted(RouteEvent.HedgeStarted e) {
    meters.model(e.route(), e.hedge()).hedge();
    CallState call = call(e.call());
    if (call != null) call.observation.event(Observation.Event.of("hedge", "hedge " + e.hedge() + " alongside " + e.running()));
  }

  @Override
  public void modelSkipped(RouteEvent.ModelSkipped e) {
    meters.model(e.route(), e.model()).skipped(e.reason());
    CallState call = call(e.call());
    if (call != null) call.observation.event(Observation.Event.of("model_skipped", "skipped " + e.model() + ": " + e.detail()));
  }

  @Override
  public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
    meters.model(e.route(), e.model()).breakerChanged(e.to());
  }

  @Override
  public void callFinished(RouteEvent.CallFinished e) {
    Failure failure = e.failure().map(ChatModelException::failure).orElse(null);
    RouteTrace.Attempt who = decisive(e.trace(), failure);
    String model = who == null ? NO_MODEL : who.model();
    String provider = who == null ? NO_MODEL : who.provider();
    RouterMeters.ModelMeters m = meters.model(e.route(), model).provider(provider);
    m.call(failure, e.duration());
    if (who != null) m.usage(e.usage(), e.cost().orElse(null));

    CallState call = calls.isEmpty() ? null : calls.remove(e.call().id());
    if (call == null) return;
    List<AttemptState> open = new ArrayList<>(0);
    int attempts;
    synchronized (call) {
      for (AttemptState a : call.attempts) {
        if (!a.stopped) {
          a.stopped = true;
          open.add(a);
        }
      }
      attempts = call.attempts.size();
    }
    for (AttemptState a : open) a.observation.stop(); // a hedge loser the router has not reported yet
    Observation o = call.observation;
    o.lowCardinalityKeyValue("crossfeed.model", model)
        .lowCardinalityKeyValue("crossfeed.provider", provider)
        .lowCardinalityKeyValue("crossfeed.outcome", RouterMeters.outcomeName(RouterMeters.outcome(failure)))
        .highCardinalityKeyValue("crossfeed.attempts", Integer.toString(attempts));
    ChatResponse answer = e.response().orElse(null);
    if (answer != null && !answer.model().isEmpty()) o.highCardinalityKeyValue("gen_ai.response.model", answer.model());
    if (e.usage().totalTokens() > 0) {
      o.highCardinalityKeyValue("gen_ai.usage.input_tokens", Long.toString(e.usage().inputTokens()));
      o.highCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(e.usage().outputTokens()));
    }
    e.failure().ifPresent(o::error);
    o.stop();
  }

  /**
   * The attempt a call's tags name: on success the one that answered; on failure the last one that failed the way
   * the call did (the committed stream of a STREAM_INTERRUPTED), else the last one; null if there was none.
   */
  static RouteTrace.Attempt decisive(RouteTrace trace, Failure failure) {
    List<RouteTrace.Attempt> attempts = trace.attempts();
    for (int i = attempts.size() - 1; i >= 0; i--) {
      RouteTrace.Attempt a = attempts.get(i);
      if (a.failure().orElse(null) == failure) return a;
    }
    return failure == null || attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }

  /** Stands for a failed attempt in {@link Observation#error}; carries no provider message, only the kind. */
  static final class AttemptFailed extends RuntimeException {
    AttemptFailed(String model, Failure failure) {
      super(failure.name() + " from " + model, null, false, false);
    }
  }

  private static final class CallState {
    final Observation observation;
    final ArrayList<AttemptState> attempts = new ArrayList<>(2);

    CallState(Observation observation) {
      this.observation = observation;
    }

    AttemptState attempt(int number) {
      for (int i = attempts.size() - 1; i >= 0; i--) if (attempts.get(i).number == number) return attempts.get(i);
      return null;
    }
  }

  private static final class AttemptState {
    final int number;
    final Observation observation;
    boolean stopped;

    AttemptState(int number, Observation observation) {
      this.number = number;
      this.observation = observation;
    }
  }
}
