package dev.crossfeed.micrometer;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.routing.BreakerState;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one router's events into meters ({@link RouterMeters}) and Observations: a {@code crossfeed.call}
 * Observation per routed call (a child of the Observation current when the call started) and a
 * {@code crossfeed.attempt} Observation per attempt under it, so Micrometer Tracing users get the same span tree
 * as the OpenTelemetry module gives.
 *
 * <p>Calls are told apart by call id; a call's state lives in a map from its start to its completion.
 */
final class CallRecorder {
  static final String CALL_OBSERVATION = "crossfeed.call";
  static final String ATTEMPT_OBSERVATION = "crossfeed.attempt";

  private final RouterMeters meters;
  private final ObservationRegistry observations;
  private final ConcurrentHashMap<String, CallState> calls = new ConcurrentHashMap<>();

  CallRecorder(RouterMeters meters, ObservationRegistry observations) {
    this.meters = meters;
    this.observations = observations;
  }

  private CallState call(String callId) {
    return callId == null ? null : calls.get(callId);
  }

  int liveCalls() {
    return calls.size();
  }

  void callStarted(String callId, String route, boolean stream) {
    calls.computeIfAbsent(callId, id -> {
      Observation o = Observation.NOOP;
      if (!observations.isNoop()) {
        o = Observation.createNotStarted(CALL_OBSERVATION, observations)
            .contextualName("route " + route)
            .parentObservation(observations.getCurrentObservation())
            .lowCardinalityKeyValue("crossfeed.route", route)
            .lowCardinalityKeyValue("crossfeed.stream", String.valueOf(stream))
            .highCardinalityKeyValue("crossfeed.call.id", id)
            .start();
      }
      return new CallState(route, o, System.nanoTime());
    });
  }

  void attemptStarted(String callId, String model, String provider, int attempt, boolean hedged) {
    CallState call = call(callId);
    if (call == null) return;
    Observation o = Observation.NOOP;
    if (!call.observation.isNoop()) {
      o = Observation.createNotStarted(ATTEMPT_OBSERVATION, observations)
          .contextualName("chat " + model)
          .parentObservation(call.observation)
          .lowCardinalityKeyValue("crossfeed.route", call.route)
          .lowCardinalityKeyValue("crossfeed.model", model)
          .lowCardinalityKeyValue("crossfeed.provider", provider)
          .lowCardinalityKeyValue("crossfeed.hedge", String.valueOf(hedged))
          .highCardinalityKeyValue("crossfeed.attempt", Integer.toString(attempt))
          .start();
    }
    synchronized (call) {
      call.attempts.add(new AttemptState(attempt, model, provider, hedged, o));
    }
  }

  void firstToken(String callId, int attempt, Duration sinceAttemptStart) {
    CallState call = call(callId);
    if (call == null) return;
    AttemptState a;
    synchronized (call) {
      a = call.attempt(attempt, null);
    }
    if (a == null) return;
    meters.timeToFirstToken(call.route, a.model, a.provider, sinceAttemptStart);
    a.observation.event(Observation.Event.of("first_token"));
  }

  void attemptFinished(String callId, String route, int attempt, RouteTrace.Attempt outcome) {
    meters.seen(route, outcome.model());
    meters.attempt(route, outcome.model(), outcome.provider(), outcome.outcome(), outcome.hedged(), outcome.latency());
    CallState call = call(callId);
    if (call == null) return;
    AttemptState a;
    synchronized (call) {
      a = call.attempt(attempt, outcome.model());
      if (a == null || a.finished) return;
      a.finished = true;
      a.failure = outcome.failure().orElse(null);
    }
    if (!a.observation.isNoop()) {
      a.observation.lowCardinalityKeyValue("crossfeed.outcome", outcome.outcome());
      if (a.failure != null) a.observation.error(new AttemptFailed(a.model, a.failure));
      a.observation.stop();
    }
  }

  void retryScheduled(String callId, String route, String model, Failure reason, Duration delay) {
    meters.retry(route, model, reason, delay);
    CallState call = call(callId);
    if (call != null) call.observation.event(Observation.Event.of("retry", "retry " + model + " after " + reason));
  }

  void fallback(String callId, String route, String from, String to, Failure reason) {
    meters.fallback(route, from, to, reason);
    CallState call = call(callId);
    if (call != null) call.observation.event(Observation.Event.of("fallback", "fallback " + from + " -> " + to + " after " + reason));
  }

  void hedgeStarted(String callId, String route, String running, String hedge) {
    meters.hedge(route, hedge);
    CallState call = call(callId);
    if (call != null) call.observation.event(Observation.Event.of("hedge", "hedge " + hedge + " alongside " + running));
  }

  void modelSkipped(String callId, String route, String model, String reason) {
    meters.skipped(route, model);
    CallState call = call(callId);
    if (call != null) call.observation.event(Observation.Event.of("model_skipped", "skipped " + model + ": " + reason));
  }

  void breakerStateChanged(String route, String model, BreakerState from, BreakerState to) {
    meters.breakerChanged(route, model, from, to);
  }

  /** The call ended: {@code response} on success, else {@code failure} (possibly with a partial response). */
  void callCompleted(String callId, ChatResponse response, ChatModelException failure) {
    CallState call = calls.remove(callId);
    if (call == null) return;
    long nanos = System.nanoTime() - call.startNanos;
    ChatResponse answer = response != null ? response : failure.partialResponse().orElse(null);
    AttemptState winner;
    List<AttemptState> open = new ArrayList<>(0);
    synchronized (call) {
      winner = call.answering(failure == null ? null : failure.failure());
      for (AttemptState a : call.attempts) if (!a.finished) open.add(a);
    }
    String model = winner != null ? winner.model : "none";
    String provider = winner != null ? winner.provider : "none";
    String outcome = failure == null ? "SUCCESS" : failure.failure().name();
    meters.call(call.route, model, provider, outcome, nanos);
    if (answer != null && winner != null) meters.usage(call.route, model, provider, answer.usage(), answer.cost().orElse(null));
    for (AttemptState a : open) a.observation.stop();
    Observation o = call.observation;
    if (!o.isNoop()) {
      o.lowCardinalityKeyValue("crossfeed.model", model)
          .lowCardinalityKeyValue("crossfeed.provider", provider)
          .lowCardinalityKeyValue("crossfeed.outcome", outcome);
      synchronized (call) {
        o.highCardinalityKeyValue("crossfeed.attempts", Integer.toString(call.attempts.size()));
      }
      if (answer != null) {
        if (!answer.model().isEmpty()) o.highCardinalityKeyValue("gen_ai.response.model", answer.model());
        if (answer.usage().totalTokens() > 0) {
          o.highCardinalityKeyValue("gen_ai.usage.input_tokens", Long.toString(answer.usage().inputTokens()));
          o.highCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(answer.usage().outputTokens()));
        }
      }
      if (failure != null) o.error(failure);
      o.stop();
    }
  }

  /** Stands for a failed attempt in {@link Observation#error}; carries no provider message, only the kind. */
  static final class AttemptFailed extends RuntimeException {
    AttemptFailed(String model, Failure failure) {
      super(failure.name() + " from " + model, null, false, false);
    }
  }

  private static final class CallState {
    final String route;
    final Observation observation;
    final long startNanos;
    final ArrayList<AttemptState> attempts = new ArrayList<>(2);

    CallState(String route, Observation observation, long startNanos) {
      this.route = route;
      this.observation = observation;
      this.startNanos = startNanos;
    }

    AttemptState attempt(int number, String model) {
      for (int i = attempts.size() - 1; i >= 0; i--) {
        AttemptState a = attempts.get(i);
        if (number > 0 ? a.number == number : !a.finished && (model == null || a.model.equals(model))) return a;
      }
      return null;
    }

    AttemptState answering(Failure failure) {
      for (int i = attempts.size() - 1; i >= 0; i--) {
        AttemptState a = attempts.get(i);
        if (a.finished && a.failure == failure) return a;
      }
      return null;
    }
  }

  private static final class AttemptState {
    final int number;
    final String model;
    final String provider;
    final boolean hedged;
    final Observation observation;
    boolean finished;
    Failure failure;

    AttemptState(int number, String model, String provider, boolean hedged, Observation observation) {
      this.number = number;
      this.model = model;
      this.provider = provider;
      this.hedged = hedged;
      this.observation = observation;
    }
  }
}
