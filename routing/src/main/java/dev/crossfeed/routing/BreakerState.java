package dev.crossfeed.routing;

/**
 * The state of a model's circuit breaker in a {@link Router}: {@code CLOSED} (calls flow), {@code OPEN} (calls
 * skip the model until its cooldown ends), {@code HALF_OPEN} (one probe call decides: success closes, a failure
 * opens again).
 */
public enum BreakerState {
  CLOSED,
  OPEN,
  HALF_OPEN
}
