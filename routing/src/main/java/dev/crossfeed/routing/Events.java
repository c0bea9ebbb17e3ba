package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Cost;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers router decisions to the user's {@link RouterListener}s, each in turn, containing their exceptions, and
 * logs them at debug level. Events are created only when there is a listener: a call without one has no
 * {@link CallInfo} ({@code null} here) and allocates nothing for events.
 */
final class Events {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  final String route;
  private final RouterListener[] listeners;

  Events(String route, List<RouterListener> listeners) {
    this.route = route;
    this.listeners = listeners.stream().filter(l -> l != RouterListener.NONE).toArray(RouterListener[]::new);
  }

  /** True if debug logging is on (then decisions are described even without a listener). */
  boolean logging() {
    return log.isDebugEnabled();
  }

  /** True if some listener is registered (calls then get a {@link CallInfo}). */
  boolean active() {
    return listeners.length > 0;
  }

  /** Calls {@code method} on every listener with {@code event}; a listener's exception is logged and ignored. */
  <E extends RouteEvent> void emit(String name, BiConsumer<RouterListener, E> method, E event) {
    for (RouterListener l : listeners) {
      try {
        method.accept(l, event);
      } catch (RuntimeException e) {
        log.warn("route {}: RouterListener.{} threw; ignored", route, name, e);
      }
    }
  }

  void breakerStateChanged(String model, BreakerState from, BreakerState to) {
    if (log.isDebugEnabled()) log.debug("route {}: circuit breaker of {} {} -> {}", route, model, from, to);
    if (listeners.length == 0) return;
    emit("breakerStateChanged", RouterListener::breakerStateChanged, new RouteEvent.BreakerStateChanged(route, model, from, to));
  }

  // Call events: {@code call} is null when there is no listener (then only the debug log line is written).

  void callStarted(CallInfo call) {
    if (call != null) emit("callStarted", RouterListener::callStarted, new RouteEvent.CallStarted(call));
  }

  void attemptStarted(CallInfo call, String model, String provider, int attempt, boolean hedged) {
    if (log.isDebugEnabled()) log.debug("route {}: attempt {} on {}{}", route, attempt, model, hedged ? " (hedge)" : "");
    if (call != null) {
      emit("attemptStarted", RouterListener::attemptStarted, new RouteEvent.AttemptStarted(call, model, provider, attempt, hedged));
    }
  }

  void attemptFinished(CallInfo call, int attempt, RouteTrace.Attempt a, ChatModelException error, long ttftNanos) {
    if (log.isDebugEnabled()) log.debug("route {}: {} on {} after {}ms", route, a.outcome(), a.model(), a.latency().toMillis());
    if (call == null) return;
    Optional<Duration> ttft = ttftNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(ttftNanos));
    emit("attemptFinished", RouterListener::attemptFinished, new RouteEvent.AttemptFinished(call, attempt, a, Optional.ofNullable(error), ttft));
  }

  void retryScheduled(CallInfo call, String model, Failure reason, long delayNanos, boolean retryAfter) {
    if (log.isDebugEnabled()) {
      log.debug("route {}: waiting {}ms after {} before the next attempt on {}", route, delayNanos / 1_000_000, reason, model);
    }
    if (call != null) {
      emit("retryScheduled", RouterListener::retryScheduled, new RouteEvent.RetryScheduled(call, model, reason, Duration.ofNanos(delayNanos), retryAfter));
    }
  }

  void fallback(CallInfo call, String from, String to, Failure reason) {
    if (log.isDebugEnabled()) log.debug("route {}: falling back from {} to {} after {}", route, from, to, reason);
    if (call != null) emit("fallback", RouterListener::fallback, new RouteEvent.Fallback(call, from, to, reason));
  }

  void hedgeStarted(CallInfo call, String running, String hedge) {
    if (log.isDebugEnabled()) log.debug("route {}: {} is slow, hedging with {}", route, running, hedge);
    if (call != null) emit("hedgeStarted", RouterListener::hedgeStarted, new RouteEvent.HedgeStarted(call, running, hedge));
  }

  void modelSkipped(CallInfo call, String model, RouteEvent.SkipReason reason, String detail) {
    if (log.isDebugEnabled()) log.debug("route {}: skipping {}: {}", route, model, detail);
    if (call != null) emit("modelSkipped", RouterListener::modelSkipped, new RouteEvent.ModelSkipped(call, model, reason, detail));
  }

  void callFinished(CallInfo call, ChatResponse response, ChatModelException failure, RouteTrace trace, Usage usage, Cost cost, long nanos) {
    if (call == null) return;
    emit(
        "callFinished",
        RouterListener::callFinished,
        new RouteEvent.CallFinished(
            call, Optional.ofNullable(response), Optional.ofNullable(failure), trace, usage, Optional.ofNullable(cost), Duration.ofNanos(nanos)));
  }
}
