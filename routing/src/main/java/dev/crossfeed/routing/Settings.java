package dev.crossfeed.routing;

import java.util.random.RandomGenerator;

/** A router's immutable settings, durations in nanoseconds (0 = not set), read on every call. */
final class Settings {
  final String route;
  final Strategy strategy;
  final int maxAttempts;
  final long initialBackoff;
  final long maxBackoff;
  final long maxRetryAfter;
  final long timeout;
  final long attemptTimeout;
  final long firstTokenTimeout;
  final long streamIdleTimeout;
  final int failureThreshold;
  final long breakerCooldown;
  final long longCooldown;
  final long hedgeAfter;
  final int maxHedges;
  final Scheduler scheduler;
  final RandomGenerator random;
  final Events events;
  /** The blocking attempt timers of this router and their one pending wake-up. */
  final AttemptTimer.Cuts cuts;

  Settings(Router.Builder b) {
    route = b.name;
    strategy = b.strategy;
    maxAttempts = b.maxAttempts;
    initialBackoff = b.initialBackoff.toNanos();
    maxBackoff = b.maxBackoff.toNanos();
    maxRetryAfter = b.maxRetryAfter.toNanos();
    timeout = b.timeout.toNanos();
    attemptTimeout = b.attemptTimeout == null ? 0 : b.attemptTimeout.toNanos();
    firstTokenTimeout = b.firstTokenTimeout == null ? 0 : b.firstTokenTimeout.toNanos();
    streamIdleTimeout = b.streamIdleTimeout == null ? 0 : b.streamIdleTimeout.toNanos();
    failureThreshold = b.failureThreshold;
    breakerCooldown = b.breakerCooldown.toNanos();
    longCooldown = b.longCooldown.toNanos();
    hedgeAfter = b.hedgeAfter == null ? 0 : b.hedgeAfter.toNanos();
    maxHedges = b.maxHedges;
    scheduler = b.scheduler;
    random = b.random;
    events = new Events(b.name, b.listeners);
    cuts = new AttemptTimer.Cuts(scheduler);
  }

  /**
   * Exponential backoff with "equal jitter": the n-th retry on a model waits between half and all of
   * {@code initialBackoff * 2^(n-1)}, capped at {@code maxBackoff}.
   */
  long backoff(int attemptsSoFar) {
    long base = initialBackoff;
    for (int i = 1; i < attemptsSoFar && base < maxBackoff; i++) base <<= 1;
    base = Math.min(base, maxBackoff);
    return base / 2 + (long) (random.nextDouble() * (base - base / 2));
  }
}
