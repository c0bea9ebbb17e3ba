package dev.crossfeed.routing;

import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers router decisions to the user's {@link RouterListener}, containing its exceptions, and logs them. */
final class Events {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final String route;
  private final RouterListener listener;

  Events(String route, RouterListener listener) {
    this.route = route;
    this.listener = listener;
  }

  void attemptStarted(String model, int attempt, boolean hedged) {
    if (log.isDebugEnabled()) log.debug("route {}: attempt {} on {}{}", route, attempt, model, hedged ? " (hedge)" : "");
    if (listener == RouterListener.NONE) return;
    try {
      listener.attemptStarted(route, model, attempt, hedged);
    } catch (RuntimeException e) {
      contained("attemptStarted", e);
    }
  }

  void attemptFinished(RouteTrace.Attempt attempt) {
    if (log.isDebugEnabled()) {
      log.debug("route {}: {} on {} after {}ms", route, attempt.outcome(), attempt.model(), attempt.latency().toMillis());
    }
    if (listener == RouterListener.NONE) return;
    try {
      listener.attemptFinished(route, attempt);
    } catch (RuntimeException e) {
      contained("attemptFinished", e);
    }
  }

  void retryScheduled(String model, Failure reason, long delayNanos) {
    if (log.isDebugEnabled()) {
      log.debug("route {}: waiting {}ms after {} before the next attempt on {}", route, delayNanos / 1_000_000, reason, model);
    }
    if (listener == RouterListener.NONE) return;
    try {
      listener.retryScheduled(route, model, reason, Duration.ofNanos(delayNanos));
    } catch (RuntimeException e) {
      contained("retryScheduled", e);
    }
  }

  void fallback(String from, String to, Failure reason) {
    if (log.isDebugEnabled()) log.debug("route {}: falling back from {} to {} after {}", route, from, to, reason);
    if (listener == RouterListener.NONE) return;
    try {
      listener.fallback(route, from, to, reason);
    } catch (RuntimeException e) {
      contained("fallback", e);
    }
  }

  void hedgeStarted(String running, String hedge) {
    if (log.isDebugEnabled()) log.debug("route {}: {} is slow, hedging with {}", route, running, hedge);
    if (listener == RouterListener.NONE) return;
    try {
      listener.hedgeStarted(route, running, hedge);
    } catch (RuntimeException e) {
      contained("hedgeStarted", e);
    }
  }

  void breakerStateChanged(String model, BreakerState from, BreakerState to) {
    if (log.isDebugEnabled()) log.debug("route {}: circuit breaker of {} {} -> {}", route, model, from, to);
    if (listener == RouterListener.NONE) return;
    try {
      listener.breakerStateChanged(route, model, from, to);
    } catch (RuntimeException e) {
      contained("breakerStateChanged", e);
    }
  }

  void modelSkipped(String model, String reason) {
    if (log.isDebugEnabled()) log.debug("route {}: skipping {}: {}", route, model, reason);
    if (listener == RouterListener.NONE) return;
    try {
      listener.modelSkipped(route, model, reason);
    } catch (RuntimeException e) {
      contained("modelSkipped", e);
    }
  }

  private void contained(String method, RuntimeException e) {
    log.warn("route {}: RouterListener.{} threw; ignored", route, method, e);
  }
}
