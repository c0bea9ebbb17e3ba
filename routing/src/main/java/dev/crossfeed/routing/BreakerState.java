package dev.crossfeed.routing;

/**
 * The state of a model's circuit breaker in a {@link Router}: {@code CLOSED} (calls flow), {@code OPEN} (calls
 * skip the model until its cooldown ends), {@code HALF_OPEN} (one probe call decides: success closes, a failure
 * opens again).
 */
public enum BreakerState {
  /** Calls flow to the model. */
  CLOSED,
  /** Calls skip the model until its cooldown ends. */
  OPEN,
  /** One probe call decides: success closes the breaker, a failure opens it again. */
  HALF_OPEN
}
