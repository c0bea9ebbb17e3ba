package dev.crossfeed.routing;

/**
 * Watches a {@link Router}'s calls and decisions, for metrics, traces, logs and spend totals: calls started and
 * finished (with the answer or failure, usage and cost), attempts, retries, fallbacks, hedges, skipped models and
 * circuit breaker changes. Override the methods you need; the others do nothing. Each method gets an immutable
 * {@link RouteEvent}; all events of one call carry the same {@link CallInfo} (route, call id, request metadata),
 * so concurrent calls can be told apart. See {@link RouteEvent} for the order of a call's events.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .model("gpt", gpt).model("claude", claude)
 *     .listener(new RouterListener() {
 *       @Override public void fallback(RouteEvent.Fallback e) {
 *         metrics.counter("llm.fallback", "from", e.from(), "to", e.to(), "reason", e.reason().name()).increment();
 *       }
 *       @Override public void callFinished(RouteEvent.CallFinished e) {
 *         e.cost().ifPresent(c -> spend.add(e.call().metadata().get("tenant"), c.totalUsd()));
 *       }
 *     })
 *     .listener(tracing)                          // a second listener is added, not a replacement
 *     .build();
 * }</pre>
 *
 * <p><b>Fast, never throws.</b> Methods are called on whichever thread made the decision (the caller's, a
 * provider's, or a router worker thread), possibly concurrently for concurrent calls. They must return quickly and
 * not block: they run on the threads that route calls. An exception thrown by a listener is caught, logged at WARN and otherwise ignored; the other listeners are still called. Several
 * listeners are called in the order they were added.
 */
public abstract class RouterListener {
  /** A listener that does nothing. */
  public static final RouterListener NONE = new RouterListener() {};

  /** Subclasses override the methods they need. */
  protected RouterListener() {}

  /** A routed call began. */
  public void callStarted(RouteEvent.CallStarted event) {}

  /** An attempt on a model is about to start. */
  public void attemptStarted(RouteEvent.AttemptStarted event) {}

  /** An attempt ended: succeeded, failed, timed out, or was ended by the router (a hedge loser). */
  public void attemptFinished(RouteEvent.AttemptFinished event) {}

  /** The router will wait (backoff or Retry-After) before its next attempt. */
  public void retryScheduled(RouteEvent.RetryScheduled event) {}

  /** After a model failed, the next attempt goes to another model. */
  public void fallback(RouteEvent.Fallback event) {}

  /** A slow attempt got a hedge alongside it. */
  public void hedgeStarted(RouteEvent.HedgeStarted event) {}

  /** A candidate was passed over (open circuit, cooldown, rate limit, client-side limit). */
  public void modelSkipped(RouteEvent.ModelSkipped event) {}

  /** A model's circuit breaker changed state (not tied to one call). */
  public void breakerStateChanged(RouteEvent.BreakerStateChanged event) {}

  /** A routed call ended, exactly once per call, with its answer or failure, trace, usage and cost. */
  public void callFinished(RouteEvent.CallFinished event) {}
}
