package dev.crossfeed.routing;

import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import java.time.Duration;

/**
 * Watches a {@link Router}'s decisions: attempts, retries, fallbacks, hedges and circuit breaker changes, for
 * metrics and logs. Override the methods you need; the others do nothing.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .model("gpt", gpt).model("claude", claude)
 *     .listener(new RouterListener() {
 *       @Override public void fallback(String route, String from, String to, Failure reason) {
 *         metrics.counter("llm.fallback", "from", from, "to", to, "reason", reason.name()).increment();
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Methods are called on whichever thread made the decision (the caller's, a provider's, or the timer thread)
 * and possibly concurrently for concurrent calls. They must be fast and should not throw: an exception is caught,
 * logged at WARN and otherwise ignored.
 */
public abstract class RouterListener {
  /** A listener that does nothing. */
  public static final RouterListener NONE = new RouterListener() {};

  /**
   * An attempt on {@code model} is about to start.
   *
   * @param attempt the attempt's number within the call, from 1
   * @param hedged true if started as a hedge while another attempt is in flight
   */
  public void attemptStarted(String route, String model, int attempt, boolean hedged) {}

  /** An attempt ended: succeeded, failed, timed out, or was cancelled (a hedge loser). */
  public void attemptFinished(String route, RouteTrace.Attempt attempt) {}

  /** The router will wait {@code delay} (backoff or Retry-After) before its next attempt, on {@code model}. */
  public void retryScheduled(String route, String model, Failure reason, Duration delay) {}

  /** After {@code from} failed with {@code reason}, the next attempt goes to another model, {@code to}. */
  public void fallback(String route, String from, String to, Failure reason) {}

  /** {@code running} has not answered within the hedge delay, so {@code hedge} was started alongside it. */
  public void hedgeStarted(String route, String running, String hedge) {}

  /** A model's circuit breaker changed state. */
  public void breakerStateChanged(String route, String model, BreakerState from, BreakerState to) {}

  /**
   * A candidate was passed over for health reasons (open circuit, cooldown, rate limit about to run out).
   *
   * @param reason a short human-readable reason
   */
  public void modelSkipped(String route, String model, String reason) {}
}
