package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Cost;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RouterListener} is told: immutable values, one record per kind of decision. All but
 * {@link BreakerStateChanged} (a model's health is shared by every call) belong to one call and carry its
 * {@link CallInfo}. For one call, events arrive in this order: {@link CallStarted}; per attempt
 * {@link AttemptStarted} (preceded by {@link Fallback} when it moves to another model, by {@link RetryScheduled}
 * when the router waits first, and by {@link ModelSkipped} for candidates passed over) and later
 * {@link AttemptFinished}; {@link HedgeStarted} before a hedge's {@code AttemptStarted}; {@link CallFinished} last,
 * exactly once.
 */
public sealed interface RouteEvent {
  /** The route the event happened on. */
  String route();

  /**
   * A routed call began (before any attempt).
   *
   * @param call the call
   */
  record CallStarted(CallInfo call) implements RouteEvent {
    /** Checks the components. */
    public CallStarted {
      Objects.requireNonNull(call, "call == null");
    }

    @Override
    public String route() {
      return call.route();
    }
  }

  /**
   * An attempt on a model is about to start.
   *
   * @param call the call
   * @param model the route's name for the model
   * @param provider the model's provider id
   * @param attempt the attempt's number within the call, from 1
   * @param hedged true if started as a hedge while another attempt is in flight
   */
  record AttemptStarted(CallInfo call, String model, String provider, int attempt, boolean hedged) implements RouteEvent {
    /** Checks the components. */
    public AttemptStarted {
      Objects.requireNonNull(call, "call == null");
      Objects.requireNonNull(model, "model == null");
      Objects.requireNonNull(provider, "provider == null");
    }

    @Override
    public String route() {
      return call.route();
    }
  }

  /**
   * An attempt ended: it succeeded, failed, timed out, or was ended by the router (a hedge loser, the call over).
   *
   * @param call the call
   * @param attempt the attempt's number within the call, from 1 (as in its {@link AttemptStarted})
   * @param result the attempt as it appears in the route trace: model, provider, outcome, status, latency, hedged
   * @param error the attempt's failure as the router saw it; empty on success
   * @param timeToFirstToken for streams, from the attempt's start to its first content event, if it had one
   */
  record AttemptFinished(
      CallInfo call, int attempt, RouteTrace.Attempt result, Optional<ChatModelException> error, Optional<Duration> timeToFirstToken)
      implements RouteEvent {
    /** Checks the components. */
    public AttemptFinished {
      Objects.requireNonNull(call, "call == null");
      Objects.requireNonNull(result, "result == null");
      Objects.requireNonNull(error, "error == null");
      Objects.requireNonNull(timeToFirstToken, "timeToFirstToken == null");
    }

    @Override
    public String route() {
      return call.route();
    }

    /** The route's name for the model, as {@code result().model()}. */
    public String model() {
      return result.model();
    }

    /** The failure, as {@code result().failure()}; empty on success. */
    public Optional<Failure> failure() {
      return result.failure();
    }
  }

  /**
   * The router waits before its next attempt.
   *
   * @param call the call
   * @param model the model the next attempt goes to
   * @param reason the failure (or unavailability) that makes it wait
   * @param delay how long it waits
   * @param retryAfter true if the wait honours a Retry-After hint or cooldown, false for exponential backoff
   */
  record RetryScheduled(CallInfo call, String model, Failure reason, Duration delay, boolean retryAfter) implements RouteEvent {
    /** Checks the components. */
    public RetryScheduled {
      Objects.requireNonNull(call, "call == null");
      Objects.requireNonNull(model, "model == null");
      Objects.requireNonNull(reason, "reason == null");
      Objects.requireNonNull(delay, "delay == null");
    }

    @Override
    public String route() {
      return call.route();
    }
  }

  /**
   * After a model failed, the next attempt goes to another model.
   *
   * @param call the call
   * @param from the model that failed
   * @param to the model tried next
   * @param reason how {@code from} failed
   */
  record Fallback(CallInfo call, String from, String to, Failure reason) implements RouteEvent {
    /** Checks the components. */
    public Fallback {
      Objects.requireNonNull(call, "call == null");
      Objects.requireNonNull(from, "from == null");
      Objects.requireNonNull(to, "to == null");
      Objects.requireNonNull(reason, "reason == null");
    }

    @Override
    public String route() {
      return call.route();
    }
  }

  /**
   * An attempt has not answered within the hedge delay, so another model was started alongside it.
   *
   * @param call the call
   * @param running the slow model
   * @param hedge the model started alongside
   */
  record HedgeStarted(CallInfo call, String running, String hedge) implements RouteEvent {
    /** Checks the components. */
    public HedgeStarted {
      Objects.requireNonNull(call, "call == null");
      Objects.requireNonNull(running, "running == null");
      Objects.requireNonNull(hedge, "hedge == null");
    }

    @Override
    public String route() {
      return call.route();
    }
  }

  /** Why a candidate was passed over. */
  enum SkipReason {
    /** Its circuit breaker is open. */
    CIRCUIT_OPEN,
    /** Its circuit breaker is half-open and its one probe call is in flight. */
    CIRCUIT_HALF_OPEN,
    /** It is cooling down (quota, key, model gone, Retry-After). */
    COOLDOWN,
    /** Its rate-limit headers said it has nothing left for now. */
    RATE_LIMIT_EXHAUSTED,
    /** A client-side limit of this router (concurrent calls or requests per minute) is reached. */
    CLIENT_LIMIT
  }

  /**
   * A candidate was passed over for health reasons; told once per model per call.
   *
   * @param call the call
   * @param model the model passed over
   * @param reason why
   * @param detail a short human-readable explanation, e.g. {@code circuit open for 2400ms}
   */
  record ModelSkipped(CallInfo call, String model, SkipReason reason, String detail) implements RouteEvent {
    /** Checks the components. */
    public ModelSkipped {
      Objects.requireNonNull(call, "call == null");
      Objects.requireNonNull(model, "model == null");
      Objects.requireNonNull(reason, "reason == null");
      Objects.requireNonNull(detail, "detail == null");
    }

    @Override
    public String route() {
      return call.route();
    }
  }

  /**
   * A model's circuit breaker changed state. Not tied to one call: a model's health is shared by all calls.
   *
   * @param route the route
   * @param model the model
   * @param from the state before
   * @param to the state now
   */
  record BreakerStateChanged(String route, String model, BreakerState from, BreakerState to) implements RouteEvent {
    /** Checks the components. */
    public BreakerStateChanged {
      Objects.requireNonNull(route, "route == null");
      Objects.requireNonNull(model, "model == null");
      Objects.requireNonNull(from, "from == null");
      Objects.requireNonNull(to, "to == null");
    }
  }

  /**
   * A routed call ended, once per call: with the answer, or with the failure the caller gets (streams: when the
   * stream completed, broke, or was closed or cancelled by the caller).
   *
   * @param call the call
   * @param response the answer on success, with route trace and cost; empty on failure and for embeddings
   * @param failure the failure the caller gets; empty on success
   * @param trace every attempt of the call
   * @param usage the answering model's usage (embeddings: the embedding usage); zero on failure
   * @param cost what the call cost where prices are known: the answer's cost, or on failure what billed attempts
   *     (a filtered answer) cost
   * @param duration from the call's start to its end
   */
  record CallFinished(
      CallInfo call,
      Optional<ChatResponse> response,
      Optional<ChatModelException> failure,
      RouteTrace trace,
      Usage usage,
      Optional<Cost> cost,
      Duration duration)
      implements RouteEvent {
    /** Checks the components. */
    public CallFinished {
      Objects.requireNonNull(call, "call == null");
      Objects.requireNonNull(response, "response == null");
      Objects.requireNonNull(failure, "failure == null");
      Objects.requireNonNull(trace, "trace == null");
      Objects.requireNonNull(usage, "usage == null");
      Objects.requireNonNull(cost, "cost == null");
      Objects.requireNonNull(duration, "duration == null");
    }

    @Override
    public String route() {
      return call.route();
    }

    /** True if the call answered. */
    public boolean succeeded() {
      return failure.isEmpty();
    }
  }
}
